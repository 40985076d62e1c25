package io.jenkins.plugins.roiergasias.program;

import edu.umd.cs.findbugs.annotations.CheckForNull;

/**
 * The final status a program writes to its status file (the container's termination message), so
 * that step results survive a lost log.
 *
 * @param exitCode the program's exit code: 0, the failing step's exit code, or 143/130 on a signal
 * @param completed how many of the segment's steps finished (ok or failed)
 * @param failedStep the workflow-wide index of the failed step, or null
 */
public record ProgramStatus(int exitCode, int completed, @CheckForNull Integer failedStep) {
    /** Reads a status file's text; null when it is not one (empty, truncated, written by something else). */
    @CheckForNull
    public static ProgramStatus parse(@CheckForNull String text) {
        throw new UnsupportedOperationException("not written yet");
    }
}
