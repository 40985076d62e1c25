package io.jenkins.plugins.roiergasias.run;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.time.Duration;
import java.util.Locale;

/**
 * When a failed segment runs again, as a new attempt from its first step (earlier segments are not
 * run again): at most {@code retries} more times, after a wait that starts at {@code initialDelay} and
 * doubles up to {@code maxDelay}. By default only failures of the infrastructure are retried (the pod
 * was evicted or deleted, its node was lost, its image could not be pulled); {@link On#ANY} also
 * retries a step that failed. An aborted segment is never retried.
 * Defaults of the delays: 10 s and 5 min, tunable with the system properties
 * {@code roiergasias.retryDelaySeconds} and {@code roiergasias.retryMaxDelaySeconds}.
 */
public record RetryPolicy(int retries, On on, Duration initialDelay, Duration maxDelay) {
    /** The most retries a run may ask for: a segment runs at most 11 times. */
    public static final int MAX_RETRIES = 10;

    public static final RetryPolicy NONE = new RetryPolicy(0, On.INFRASTRUCTURE, Duration.ZERO, Duration.ZERO);

    /** Which failures are retried. */
    public enum On {
        /** The cluster's failures only: eviction, deletion of the pod, a lost node, image pull errors. */
        INFRASTRUCTURE,
        /** Any failure, a failed step included; never an abort. */
        ANY;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public RetryPolicy {
        if (retries < 0 || retries > MAX_RETRIES) {
            throw new IllegalArgumentException("retries must be between 0 and " + MAX_RETRIES + ", not " + retries);
        }
    }

    /**
     * @param retries how many times a failed segment may run again
     * @param on {@code infrastructure} (or null) or {@code any}
     * @throws IllegalArgumentException with a message for people
     */
    public static RetryPolicy of(int retries, @CheckForNull String on) {
        On o;
        if (on == null || on.isBlank() || on.trim().equalsIgnoreCase("infrastructure")) {
            o = On.INFRASTRUCTURE;
        } else if (on.trim().equalsIgnoreCase("any")) {
            o = On.ANY;
        } else {
            throw new IllegalArgumentException("retryOn must be infrastructure or any, not '" + on + "'");
        }
        if (retries == 0) {
            return o == On.INFRASTRUCTURE ? NONE : new RetryPolicy(0, o, Duration.ZERO, Duration.ZERO);
        }
        return new RetryPolicy(retries, o, Duration.ofSeconds(Long.getLong("roiergasias.retryDelaySeconds", 10)),
                Duration.ofSeconds(Long.getLong("roiergasias.retryMaxDelaySeconds", 300)));
    }

    /**
     * Whether a segment that ended so after {@code attempt} attempts (1 for the first) runs again.
     *
     * @param infrastructure whether the cluster, not the workflow, failed it
     * @param aborted whether the user or a timeout stopped it
     */
    public boolean retry(int attempt, boolean infrastructure, boolean aborted) {
        return !aborted && attempt <= retries && (infrastructure || on == On.ANY);
    }

    /** The wait before attempt {@code attempt + 1}: initialDelay × 2^(attempt−1), at most maxDelay. */
    public Duration delay(int attempt) {
        long millis = initialDelay.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
        return Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
    }
}
