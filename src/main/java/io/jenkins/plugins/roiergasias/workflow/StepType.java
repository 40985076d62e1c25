package io.jenkins.plugins.roiergasias.workflow;

import java.util.Locale;

/** The step types of format 0.1, named as in the file. */
public enum StepType {
    PRINT,
    EXECUTE,
    ENVIRONMENT;

    /** The key that introduces this step in a workflow file. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
