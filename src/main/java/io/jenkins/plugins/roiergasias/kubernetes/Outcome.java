package io.jenkins.plugins.roiergasias.kubernetes;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.roiergasias.report.SegmentStatus;

/**
 * How a segment ended, with a message for people when it did not succeed.
 *
 * @param infrastructure whether the cluster, not the workflow, failed it (the pod was evicted,
 *     deleted or disrupted, its node lost, its image not pulled): what {@code retryOn: infrastructure}
 *     retries
 */
record Outcome(SegmentStatus status, @CheckForNull String message, boolean infrastructure) {
    static final Outcome SUCCEEDED = new Outcome(SegmentStatus.SUCCEEDED, null);

    Outcome(SegmentStatus status, @CheckForNull String message) {
        this(status, message, false);
    }

    static Outcome error(String message) {
        return new Outcome(SegmentStatus.ERROR, message);
    }

    /** A failure of the cluster that running the segment again may not meet. */
    static Outcome infrastructure(String message) {
        return new Outcome(SegmentStatus.ERROR, message, true);
    }

    static Outcome aborted(String message) {
        return new Outcome(SegmentStatus.ABORTED, message);
    }

    static Outcome failed(String message) {
        return new Outcome(SegmentStatus.FAILED, message);
    }
}
