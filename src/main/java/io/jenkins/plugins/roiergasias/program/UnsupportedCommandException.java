package io.jenkins.plugins.roiergasias.program;

import io.jenkins.plugins.roiergasias.workflow.Diagnostic;

/**
 * An {@code execute} command whose templates cannot be quoted with certainty (see
 * {@link CommandRewriter}); found by {@link ProgramSize#check} before anything runs. The message is
 * the positioned diagnostic ({@code FILE:LINE:COLUMN: error: ...}) at the step.
 */
public final class UnsupportedCommandException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Diagnostic diagnostic;

    UnsupportedCommandException(Diagnostic diagnostic) {
        super(diagnostic.format());
        this.diagnostic = diagnostic;
    }

    public Diagnostic diagnostic() {
        return diagnostic;
    }
}
