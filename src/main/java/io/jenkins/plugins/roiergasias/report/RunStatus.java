package io.jenkins.plugins.roiergasias.report;

/** The outcome of a whole run, with the CLI exit code of SPEC §4. */
public enum RunStatus {
    SUCCEEDED(0),
    /** A step failed. */
    FAILED(1),
    /** Aborted by the user or a timeout. */
    ABORTED(4),
    /** The cluster or machine failed the run: connection, permissions, scheduling, ... */
    ERROR(4);

    private final int exitCode;

    RunStatus(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
