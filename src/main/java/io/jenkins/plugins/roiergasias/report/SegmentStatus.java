package io.jenkins.plugins.roiergasias.report;

/** What happened to a segment. */
public enum SegmentStatus {
    /** Not started, because an earlier segment failed or the run was aborted. */
    NOT_RUN,
    RUNNING,
    SUCCEEDED,
    /** A step failed. */
    FAILED,
    /** Stopped by the user or a timeout. */
    ABORTED,
    /** The cluster or machine failed it: unschedulable, image pull, eviction, permissions, ... */
    ERROR;

    public boolean finished() {
        return this != NOT_RUN && this != RUNNING;
    }
}
