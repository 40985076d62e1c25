package io.jenkins.plugins.roiergasias.program;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads an output stream line by line with bounded memory, as Strings: the lines of
 * {@link LineCutter} (a line longer than the limit comes in pieces, all but the last with
 * {@code newline == false}), each decoded once, without losing a byte ({@link OutputText}).
 */
public final class LineSplitter {
    /** Receives lines without their line end. */
    public interface Sink {
        void line(String text, boolean newline) throws IOException;
    }

    public static final int DEFAULT_LIMIT = 64 * 1024;

    private final LineCutter cutter;

    public LineSplitter(int limit) {
        if (limit < 16) {
            throw new IllegalArgumentException("limit too small: " + limit);
        }
        this.cutter = new LineCutter(limit);
    }

    public LineSplitter() {
        this(DEFAULT_LIMIT);
    }

    /** Feeds bytes; complete lines go to the sink at once. */
    public void feed(byte[] buf, int off, int len, Sink sink) throws IOException {
        try {
            cutter.feed(buf, off, len, decoding(sink));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Delivers a last line that had no line end, if any. */
    public void finish(Sink sink) throws IOException {
        try {
            cutter.finish(decoding(sink));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Reads the whole stream through the sink. */
    public void pump(InputStream in, Sink sink) throws IOException {
        byte[] buf = new byte[16 * 1024];
        int n;
        while ((n = in.read(buf)) >= 0) {
            feed(buf, 0, n, sink);
        }
        finish(sink);
    }

    private static LineCutter.Sink decoding(Sink sink) {
        return (buf, off, len, newline) -> {
            try {
                sink.line(OutputText.decode(buf, off, len), newline);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
