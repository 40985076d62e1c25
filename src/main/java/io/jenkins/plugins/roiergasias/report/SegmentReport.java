package io.jenkins.plugins.roiergasias.report;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The result of one segment.
 *
 * @param index 0-based segment index
 * @param node the node it was pinned to, null for any node
 * @param job the Kubernetes Job name, null for local runs or before it was created
 * @param pod the name of the (last) pod, null when none was seen
 * @param status what happened
 * @param start when it started, null when not run
 * @param duration how long it took, null while running or when not run
 * @param message a human explanation when it did not succeed, null otherwise
 * @param steps the segment's steps (of its last attempt)
 * @param attempts its earlier attempts, when it was retried; empty otherwise
 */
public record SegmentReport(
        int index,
        @CheckForNull String node,
        @CheckForNull String job,
        @CheckForNull String pod,
        SegmentStatus status,
        @CheckForNull Instant start,
        @CheckForNull Duration duration,
        @CheckForNull String message,
        List<StepReport> steps,
        List<SegmentAttempt> attempts) {
    public SegmentReport {
        Objects.requireNonNull(status, "status");
        steps = List.copyOf(steps);
        attempts = List.copyOf(attempts);
    }

    /** A segment that was not retried. */
    public SegmentReport(int index, @CheckForNull String node, @CheckForNull String job, @CheckForNull String pod,
            SegmentStatus status, @CheckForNull Instant start, @CheckForNull Duration duration,
            @CheckForNull String message, List<StepReport> steps) {
        this(index, node, job, pod, status, start, duration, message, steps, List.of());
    }

    /** How many times it ran: 0 when not run, 1 + its earlier attempts otherwise. */
    public int attemptCount() {
        return status == SegmentStatus.NOT_RUN && attempts.isEmpty() ? 0 : attempts.size() + 1;
    }

    /** The first failed step, or null. */
    @CheckForNull
    public StepReport failedStep() {
        return steps.stream().filter(s -> s.status() == StepStatus.FAILED).findFirst().orElse(null);
    }
}
