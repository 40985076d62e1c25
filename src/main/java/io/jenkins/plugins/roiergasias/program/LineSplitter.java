package io.jenkins.plugins.roiergasias.program;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads an output stream line by line with bounded memory: a line longer than the limit is
 * delivered in pieces (all but the last with {@code newline == false}). Bytes are decoded as UTF-8
 * per line, so a multi-byte character is never split unless a line exceeds the limit.
 */
public final class LineSplitter {
    /** Receives lines without their line end. */
    public interface Sink {
        void line(String text, boolean newline) throws IOException;
    }

    public static final int DEFAULT_LIMIT = 64 * 1024;

    private final int limit;
    private final ByteArrayOutputStream current = new ByteArrayOutputStream(256);

    public LineSplitter(int limit) {
        if (limit < 16) {
            throw new IllegalArgumentException("limit too small: " + limit);
        }
        this.limit = limit;
    }

    public LineSplitter() {
        this(DEFAULT_LIMIT);
    }

    /** Feeds bytes; complete lines go to the sink at once. */
    public void feed(byte[] buf, int off, int len, Sink sink) throws IOException {
        int start = off;
        int end = off + len;
        for (int i = off; i < end; i++) {
            if (buf[i] == '\n') {
                current.write(buf, start, i - start);
                emit(sink, true);
                start = i + 1;
            } else if (current.size() + (i - start) >= limit) {
                current.write(buf, start, i - start);
                emit(sink, false);
                start = i;
            }
        }
        current.write(buf, start, end - start);
    }

    /** Delivers a last line that had no line end, if any. */
    public void finish(Sink sink) throws IOException {
        if (current.size() > 0) {
            emit(sink, false);
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

    private void emit(Sink sink, boolean newline) throws IOException {
        String text = current.toString(StandardCharsets.UTF_8);
        current.reset();
        sink.line(text, newline);
    }
}
