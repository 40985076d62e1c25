package io.jenkins.plugins.roiergasias.workflow;

/** How bad a diagnostic is: errors stop the workflow before anything runs, warnings do not. */
public enum Severity {
    ERROR,
    WARNING;

    public String label() {
        return this == ERROR ? "error" : "warning";
    }
}
