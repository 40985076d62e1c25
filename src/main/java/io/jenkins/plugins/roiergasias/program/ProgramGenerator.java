package io.jenkins.plugins.roiergasias.program;

import io.jenkins.plugins.roiergasias.segment.Segment;

/**
 * Writes the POSIX {@code sh} program that runs one segment. Run it as
 * {@code /bin/sh PROGRAM STATUS_FILE}: it prints the workflow output with step markers for
 * {@link MarkerReader}, stops at the first failing step with that step's exit code, and writes its
 * final status ({@link ProgramStatus}) to STATUS_FILE (in a pod: {@code /dev/termination-log}).
 * SIGTERM and SIGINT are passed to the running command, and the program then exits 143/130.
 */
public final class ProgramGenerator {
    private ProgramGenerator() {}

    public static String generate(Segment segment) {
        throw new UnsupportedOperationException("not written yet");
    }
}
