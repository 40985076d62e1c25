package io.jenkins.plugins.roiergasias.segment;

import io.jenkins.plugins.roiergasias.workflow.Diagnostic;
import io.jenkins.plugins.roiergasias.workflow.Severity;
import io.jenkins.plugins.roiergasias.workflow.Task;

/**
 * A workflow whose segments would not fit where they run ({@link Segmenter#split}); thrown before
 * any program is generated. The message is the positioned diagnostic
 * ({@code FILE:LINE:COLUMN: error: ...}), at the first task of the segment.
 */
public final class SegmentTooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Diagnostic diagnostic;

    SegmentTooLargeException(Diagnostic diagnostic) {
        super(diagnostic.format());
        this.diagnostic = diagnostic;
    }

    /** The error at the first task of a segment. */
    public static SegmentTooLargeException at(String source, Task first, String message) {
        return new SegmentTooLargeException(
                new Diagnostic(Severity.ERROR, source, first.position(), "task[" + first.index() + "]", message));
    }

    public Diagnostic diagnostic() {
        return diagnostic;
    }
}
