package io.jenkins.plugins.roiergasias.kubernetes.connection;

/**
 * A cluster call that failed for good, with a message a user can act on (what was refused, what to
 * do). The message never contains a credential.
 */
public final class ClusterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the call failed. */
    public enum Kind {
        /** RBAC refused the call (403). */
        FORBIDDEN,
        /** The credential was refused (401), also after a fresh client. */
        UNAUTHORIZED,
        /** The API server could not be reached or kept failing (connect errors, 5xx, 429). */
        UNREACHABLE,
        /** The object does not exist (404). */
        NOT_FOUND,
        /** The object already exists (409). */
        CONFLICT,
        /** Any other refusal (400, 422, ...). */
        REJECTED,
        /** The caller aborted while the call was being retried. */
        ABORTED
    }

    private final Kind kind;
    private final int code;

    public ClusterException(Kind kind, int code, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.code = code;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, 0 when there was none. */
    public int code() {
        return code;
    }
}
