package io.jenkins.plugins.roiergasias.report;

/** What happened to a step. */
public enum StepStatus {
    OK,
    FAILED,
    NOT_RUN;

    /** Lower-case words as the build page and JSON show them: {@code ok}, {@code failed}, {@code not run}. */
    public String label() {
        return this == NOT_RUN ? "not run" : name().toLowerCase(java.util.Locale.ROOT);
    }
}
