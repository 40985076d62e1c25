package io.jenkins.plugins.roiergasias.program;

/**
 * Cuts a byte stream into lines with bounded memory: a line longer than {@code limit} bytes is
 * handed out in pieces of {@code limit} bytes (all but the last with {@code newline == false}).
 * It hands out byte ranges, scanned with a tight loop, so that the log path can parse timestamps
 * from bytes and decode each line once; {@link LineSplitter} decodes them into Strings.
 * A line that lies inside one read buffer is never copied; only a line split across buffers is
 * gathered, in at most {@code limit} bytes: memory stays bounded whatever the log size.
 */
public final class LineCutter {
    /** Receives pieces of lines; the bytes are only valid during the call. */
    public interface Sink {
        void piece(byte[] buf, int off, int len, boolean newline);
    }

    private final int limit;
    private final byte[] partial;
    private int partialLen;

    public LineCutter(int limit) {
        this.limit = limit;
        this.partial = new byte[limit];
    }

    public LineCutter() {
        this(LineSplitter.DEFAULT_LIMIT);
    }

    public void feed(byte[] buf, int off, int len, Sink sink) {
        int start = off;
        int end = off + len;
        while (start < end) {
            int nl = start;
            while (nl < end && buf[nl] != '\n') {
                nl++;
            }
            int room = limit - partialLen;
            // A full piece goes out only when one more byte (not a line end) follows it.
            if (nl - start > room) {
                emit(buf, start, room, false, sink);
                start += room;
                continue;
            }
            if (nl == end) {
                System.arraycopy(buf, start, partial, partialLen, end - start);
                partialLen += end - start;
                return;
            }
            emit(buf, start, nl - start, true, sink);
            start = nl + 1;
        }
    }

    /** The unfinished last line, if any (then forgotten). */
    public void finish(Sink sink) {
        if (partialLen > 0) {
            int n = partialLen;
            partialLen = 0;
            sink.piece(partial, 0, n, false);
        }
    }

    private void emit(byte[] buf, int off, int len, boolean newline, Sink sink) {
        if (partialLen == 0) {
            sink.piece(buf, off, len, newline);
            return;
        }
        System.arraycopy(buf, off, partial, partialLen, len);
        int n = partialLen + len;
        partialLen = 0;
        sink.piece(partial, 0, n, newline);
    }
}
