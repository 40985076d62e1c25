package io.jenkins.plugins.roiergasias.report;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An earlier, failed attempt of a segment that was retried; the segment's own fields describe its
 * last attempt.
 *
 * @param number 1 for the first attempt
 * @param job its Job, null when it was never created
 * @param pod its (last) pod, null when none was seen
 * @param status how it ended
 * @param start when it started
 * @param duration how long it took
 * @param message why it failed
 * @param failedStep the workflow-wide index of the step that failed in it, null when none did
 * @param exitCode that step's exit code, null when no step failed
 */
public record SegmentAttempt(
        int number,
        @CheckForNull String job,
        @CheckForNull String pod,
        SegmentStatus status,
        @CheckForNull Instant start,
        @CheckForNull Duration duration,
        @CheckForNull String message,
        @CheckForNull Integer failedStep,
        @CheckForNull Integer exitCode) {
    public SegmentAttempt {
        Objects.requireNonNull(status, "status");
    }
}
