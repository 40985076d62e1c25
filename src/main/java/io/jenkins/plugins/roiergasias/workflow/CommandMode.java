package io.jenkins.plugins.roiergasias.workflow;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.Locale;

/**
 * How {@code execute} commands run: {@link #SHELL} with {@code /bin/sh -c} (the default), or
 * {@link #REFERENCE} exactly as the original roiergasias engine ran them (split on single spaces,
 * no shell). Chosen per file with the top-level key {@value #KEY}, else per run.
 */
public enum CommandMode {
    SHELL,
    REFERENCE;

    /** The top-level key of a workflow file that sets the mode; the original engine ignores it. */
    public static final String KEY = "x-roiergasias-commands";

    /** The mode named {@code reference} or {@code shell} (any case), or null for anything else. */
    @CheckForNull
    public static CommandMode named(@CheckForNull String name) {
        if (name == null) {
            return null;
        }
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "reference" -> REFERENCE;
            case "shell" -> SHELL;
            default -> null;
        };
    }

    /** The name used in files and settings: {@code shell} or {@code reference}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
