package io.jenkins.plugins.roiergasias.workflow;

/** A place in a workflow file: 1-based line and column, as editors show them. */
public record Position(int line, int column) {
    /** For values built in code rather than read from a file. */
    public static final Position UNKNOWN = new Position(0, 0);

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
