package io.jenkins.plugins.roiergasias.kubernetes.connection;

import java.time.Duration;

/**
 * Exponential backoff for transient API errors: {@code initial}, doubled after each failure up to
 * {@code max}, at most {@code attempts} tries in all. Defaults: 250 ms, 8 s, 7 tries (about 24 s of
 * waiting), tunable with the {@code roiergasias.kubernetes.retryAttempts} system property.
 */
public record Backoff(Duration initial, Duration max, int attempts) {
    public static final Backoff DEFAULT = new Backoff(
            Duration.ofMillis(250), Duration.ofSeconds(8), Integer.getInteger("roiergasias.kubernetes.retryAttempts", 7));

    /** The wait before try {@code n + 1}, after {@code n} failures (n ≥ 1). */
    public Duration delay(int failures) {
        long millis = initial.toMillis() << Math.min(failures - 1, 20);
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }
}
