package io.jenkins.plugins.roiergasias.workflow;

import edu.umd.cs.findbugs.annotations.CheckForNull;

/**
 * Where a value is inside the document, kept as a link to its parent and rendered by
 * {@link Paths} only when a message needs it: reading a valid workflow builds no path text.
 */
final class Path {
    /** The document itself, shown as the empty path. */
    static final Path ROOT = of("");

    @CheckForNull
    private final Path parent;
    @CheckForNull
    private final String key;
    private final int index;
    @CheckForNull
    private String text;

    private Path(@CheckForNull Path parent, @CheckForNull String key, int index) {
        this.parent = parent;
        this.key = key;
        this.index = index;
    }

    /** A path given as text, e.g. {@code ""} for the document itself. */
    static Path of(String text) {
        Path path = new Path(null, null, 0);
        path.text = text;
        return path;
    }

    /** The value of {@code key} in the mapping here. */
    Path key(String key) {
        return new Path(this, key, 0);
    }

    /** The item {@code index} of the list here. */
    Path index(int index) {
        return new Path(this, null, index);
    }

    @Override
    public String toString() {
        String t = text;
        if (t == null) {
            String up = parent.toString();
            t = key != null ? Paths.key(up, key) : Paths.index(up, index);
            text = t;
        }
        return t;
    }
}
