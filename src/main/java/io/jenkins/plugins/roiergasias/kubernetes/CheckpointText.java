package io.jenkins.plugins.roiergasias.kubernetes;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * A {@link Checkpoint} as plain text, so that Jenkins persists it with the Pipeline program
 * without depending on how its serializer treats records.
 */
public final class CheckpointText {
    private CheckpointText() {}

    public static String encode(Checkpoint c) {
        Properties p = new Properties();
        p.setProperty("runId", c.runId());
        p.setProperty("namespace", c.namespace());
        p.setProperty("segment", Integer.toString(c.segment()));
        put(p, "job", c.job());
        put(p, "pod", c.pod());
        put(p, "lastLogTimestamp", c.lastLogTimestamp());
        p.setProperty("linesAtLastTimestamp", Integer.toString(c.linesAtLastTimestamp()));
        put(p, "nonce", c.nonce());
        StringWriter w = new StringWriter();
        try {
            p.store(w, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** Reads what {@link #encode} wrote; null for null. */
    @CheckForNull
    public static Checkpoint decode(@CheckForNull String text) {
        if (text == null) {
            return null;
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Checkpoint(
                p.getProperty("runId"),
                p.getProperty("namespace"),
                Integer.parseInt(p.getProperty("segment")),
                p.getProperty("job"),
                p.getProperty("pod"),
                p.getProperty("lastLogTimestamp"),
                Integer.parseInt(p.getProperty("linesAtLastTimestamp", "0")),
                p.getProperty("nonce"));
    }

    private static void put(Properties p, String key, @CheckForNull String value) {
        if (value != null) {
            p.setProperty(key, value);
        }
    }
}
