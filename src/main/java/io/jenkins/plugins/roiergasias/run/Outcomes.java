package io.jenkins.plugins.roiergasias.run;

import io.jenkins.plugins.roiergasias.report.StepReport;

/** Messages about a run's outcome, the same from every runner. */
public final class Outcomes {
    private Outcomes() {}

    /**
     * e.g. {@code step 4 (execute: python3 train.py) failed with exit code 3}; runners prefix it
     * with the segment's label.
     */
    public static String stepFailed(StepReport step) {
        return "step " + (step.index() + 1) + " (" + step.type().key() + ": " + step.summary()
                + ") failed with exit code " + step.exitCode();
    }
}
