package io.jenkins.plugins.roiergasias.transfer;

import java.io.IOException;

/** A transfer that cannot go on: the message says why, in words for the user. */
public final class TransferException extends IOException {
    private static final long serialVersionUID = 1L;

    private final boolean retriable;

    public TransferException(String message) {
        this(message, false);
    }

    /** @param retriable whether trying again may succeed (a stream cut short), as opposed to content refused */
    public TransferException(String message, boolean retriable) {
        super(message);
        this.retriable = retriable;
    }

    public boolean retriable() {
        return retriable;
    }

    public TransferException(String message, Throwable cause) {
        super(message, cause);
        this.retriable = false;
    }
}
