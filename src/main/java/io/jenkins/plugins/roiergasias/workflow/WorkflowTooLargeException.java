package io.jenkins.plugins.roiergasias.workflow;

import java.io.IOException;

/**
 * A workflow file larger than the limit its reader was given ({@link WorkflowText#read}). The
 * message names the file, the limit, and how to raise it.
 */
public final class WorkflowTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final long maxBytes;

    WorkflowTooLargeException(String name, long maxBytes) {
        super(name + ": error: the workflow file is larger than the limit of " + WorkflowText.bytes(maxBytes)
                + "; nothing was read beyond it. A larger limit can be set with the Java system property "
                + WorkflowText.MAX_BYTES_PROPERTY + " (a number of bytes, e.g. -D" + WorkflowText.MAX_BYTES_PROPERTY
                + "=" + Math.max(2 * maxBytes, WorkflowText.DEFAULT_MAX_BYTES) + ")");
        this.name = name;
        this.maxBytes = maxBytes;
    }

    /** The file name as given to {@link WorkflowText#read}. */
    public String getName() {
        return name;
    }

    /** The limit that was exceeded, in bytes. */
    public long getMaxBytes() {
        return maxBytes;
    }
}
