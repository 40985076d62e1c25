package io.jenkins.plugins.roiergasias.kubernetes;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.roiergasias.report.SegmentStatus;

/** How a segment ended, with a message for people when it did not succeed. */
record Outcome(SegmentStatus status, @CheckForNull String message) {
    static final Outcome SUCCEEDED = new Outcome(SegmentStatus.SUCCEEDED, null);

    static Outcome error(String message) {
        return new Outcome(SegmentStatus.ERROR, message);
    }

    static Outcome aborted(String message) {
        return new Outcome(SegmentStatus.ABORTED, message);
    }

    static Outcome failed(String message) {
        return new Outcome(SegmentStatus.FAILED, message);
    }
}
