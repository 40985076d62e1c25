package io.jenkins.plugins.roiergasias.kubernetes;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.io.Serializable;

/**
 * The persisted identity of a run in progress: enough to re-attach to the running Job after the
 * caller restarts (a Jenkins restart), and nothing secret. The runner hands out a new checkpoint
 * whenever one of these changes; the caller persists the latest.
 *
 * @param runId the run's id, part of every object name and label
 * @param namespace where the Jobs run
 * @param segment the 0-based index of the segment running
 * @param job the name of that segment's Job, null before it was created
 * @param lastLogTimestamp the Kubernetes timestamp (RFC 3339, nanoseconds) of the last log line
 *     delivered, null before the first
 * @param linesAtLastTimestamp how many lines with exactly that timestamp were delivered (so that a
 *     resume skips them and no more)
 * @param nonce the program's marker nonce, once read
 * @param pod the pod whose log is being read
 */
public record Checkpoint(
        String runId,
        String namespace,
        int segment,
        @CheckForNull String job,
        @CheckForNull String pod,
        @CheckForNull String lastLogTimestamp,
        int linesAtLastTimestamp,
        @CheckForNull String nonce)
        implements Serializable {
    private static final long serialVersionUID = 1L;
}
