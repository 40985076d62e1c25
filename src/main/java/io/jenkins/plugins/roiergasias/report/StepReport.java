package io.jenkins.plugins.roiergasias.report;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.roiergasias.workflow.StepType;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The result of one step.
 *
 * @param index workflow-wide 0-based step index, in document order
 * @param task 0-based index of the step's task
 * @param type the step type
 * @param summary the first words of the step, for people
 * @param status ok, failed or not run
 * @param exitCode the exit code of the failing command, 0 for a step that succeeded, null when not run
 * @param start when the step started, null when not run or unknown
 * @param duration how long it took, null when not run or unknown
 */
public record StepReport(
        int index,
        int task,
        StepType type,
        String summary,
        StepStatus status,
        @CheckForNull Integer exitCode,
        @CheckForNull Instant start,
        @CheckForNull Duration duration) {
    public StepReport {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(status, "status");
    }

    public StepReport finish(StepStatus newStatus, @CheckForNull Integer newExitCode, @CheckForNull Instant end) {
        Duration d = start != null && end != null ? Duration.between(start, end) : duration;
        return new StepReport(index, task, type, summary, newStatus, newExitCode, start, d);
    }

    public StepReport started(Instant at) {
        return new StepReport(index, task, type, summary, status, exitCode, at, null);
    }
}
