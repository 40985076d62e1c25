package io.jenkins.plugins.roiergasias.run;

import io.jenkins.plugins.roiergasias.report.StepReport;
import io.jenkins.plugins.roiergasias.segment.Segment;

/** Messages about a run's outcome, the same from every runner. */
public final class Outcomes {
    private Outcomes() {}

    /** e.g. {@code step 4 (execute: python3 train.py) of task 2 failed with exit code 3 in segment 2/3 (node2)}. */
    public static String stepFailed(Segment segment, StepReport step) {
        return "step " + (step.index() + 1) + " (" + step.type().key() + ": " + step.summary() + ") of task "
                + (step.task() + 1) + " failed with exit code " + step.exitCode() + " in " + segment.label();
    }
}
