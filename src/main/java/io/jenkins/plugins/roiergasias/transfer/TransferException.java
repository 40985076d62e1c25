package io.jenkins.plugins.roiergasias.transfer;

import java.io.IOException;

/** A transfer that cannot go on: the message says why, in words for the user. */
public final class TransferException extends IOException {
    private static final long serialVersionUID = 1L;

    public TransferException(String message) {
        super(message);
    }

    public TransferException(String message, Throwable cause) {
        super(message, cause);
    }
}
