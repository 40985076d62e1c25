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
 * @param steps the segment's steps
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
        List<StepReport> steps) {
    public SegmentReport {
        Objects.requireNonNull(status, "status");
        steps = List.copyOf(steps);
    }

    /** The first failed step, or null. */
    @CheckForNull
    public StepReport failedStep() {
        return steps.stream().filter(s -> s.status() == StepStatus.FAILED).findFirst().orElse(null);
    }
}
