package io.jenkins.plugins.roiergasias.workflow;

import java.io.IOException;

/**
 * A workflow file that is not valid UTF-8 ({@link WorkflowText#read}). The message is the
 * positioned diagnostic ({@code FILE:LINE:COLUMN: error: ...}).
 */
public final class WorkflowEncodingException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Diagnostic diagnostic;

    WorkflowEncodingException(Diagnostic diagnostic) {
        super(diagnostic.format());
        this.diagnostic = diagnostic;
    }

    /** Where the first byte that is not UTF-8 is, as a diagnostic of the file. */
    public Diagnostic diagnostic() {
        return diagnostic;
    }
}
