package io.jenkins.plugins.roiergasias.kubernetes;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Hands the caller the latest {@link Checkpoint}: at once when the Job, the pod or the nonce
 * changes, and for log progress at most every {@code roiergasias.kubernetes.checkpointMillis}
 * (default 1000; a timer hands out the position also while the program is silent) so that a caller
 * that persists each one is not flooded. A resume after a crash may therefore repeat the lines of
 * that last interval.
 */
final class Checkpoints {
    static final Duration INTERVAL = Duration.ofMillis(Long.getLong("roiergasias.kubernetes.checkpointMillis", 1000L));

    private final Consumer<Checkpoint> consumer;
    private final String runId;
    private final String namespace;
    private final long intervalNanos;
    private Checkpoint last;
    private boolean dirty;
    private volatile long emittedAt;

    Checkpoints(Consumer<Checkpoint> consumer, String runId, String namespace, Duration interval) {
        this.consumer = consumer;
        this.intervalNanos = interval.toNanos();
        this.runId = runId;
        this.namespace = namespace;
    }

    /** Continues from a persisted checkpoint without handing it out again. */
    synchronized void restore(Checkpoint from) {
        last = from;
    }

    synchronized void segment(int index, @CheckForNull String job) {
        emit(new Checkpoint(runId, namespace, index, job, null, null, 0, null), true);
    }

    synchronized void pod(String pod) {
        if (last != null && !pod.equals(last.pod())) {
            emit(new Checkpoint(runId, namespace, last.segment(), last.job(), pod, null, 0, null), true);
        }
    }

    /** Whether every line's position goes out (an interval of zero, for tests). */
    boolean everyLine() {
        return intervalNanos == 0;
    }

    /** Whether log progress would be handed out now (cheap: no lock, one clock read). */
    boolean due() {
        return System.nanoTime() - emittedAt >= intervalNanos;
    }

    /** Log progress of the current pod. */
    synchronized void log(@CheckForNull String timestamp, int count, @CheckForNull String nonce) {
        if (last == null) {
            return;
        }
        boolean nonceChanged = !Objects.equals(nonce, last.nonce());
        Checkpoint next = new Checkpoint(
                runId, namespace, last.segment(), last.job(), last.pod(), timestamp, count, nonce);
        emit(next, nonceChanged || System.nanoTime() - emittedAt >= intervalNanos);
    }

    /** Emits the latest state if it was held back. */
    synchronized void flush() {
        if (dirty && last != null) {
            emit(last, true);
        }
    }

    @CheckForNull
    synchronized Checkpoint latest() {
        return last;
    }

    private void emit(Checkpoint next, boolean now) {
        last = next;
        if (now) {
            dirty = false;
            emittedAt = System.nanoTime();
            consumer.accept(next);
        } else {
            dirty = true;
        }
    }
}
