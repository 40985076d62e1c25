package io.jenkins.plugins.roiergasias.workflow;

import java.util.Objects;

/**
 * One problem found in a workflow file.
 *
 * @param source the file name as given by the user
 * @param position where the problem is
 * @param path where it is inside the document, e.g. {@code task[2].sequential[0].print}; empty for
 *     the document itself
 * @param message what was found, what was expected, and a "did you mean" hint where one helps
 */
public record Diagnostic(Severity severity, String source, Position position, String path, String message) {
    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** {@code FILE:LINE:COLUMN: error: path: message}, the form compilers use and editors link. */
    public String format() {
        String where = path.isEmpty() ? "" : path + ": ";
        return source + ":" + position.line() + ":" + position.column() + ": " + severity.label() + ": " + where
                + message;
    }

    @Override
    public String toString() {
        return format();
    }
}
