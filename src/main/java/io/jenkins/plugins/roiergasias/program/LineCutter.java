package io.jenkins.plugins.roiergasias.program;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Cuts a byte stream into lines with bounded memory: a line longer than {@code limit} bytes is
 * handed out in pieces of {@code limit - tail} bytes (all but the last with {@code newline == false}),
 * so that the last piece of a cut line always holds its last {@code tail} bytes or more: a step
 * marker that a command's unterminated output pushed to the end of a long line (at most 94 bytes)
 * is never cut in two, wherever the line's length falls.
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

    /** Bytes a cut keeps back for the next piece: more than the longest step marker. */
    private static final int TAIL = 128;

    private final int limit;
    /** The size of a piece of a cut line. */
    private final int cut;
    private final byte[] partial;
    private int partialLen;

    public LineCutter(int limit) {
        this.limit = limit;
        this.cut = limit - Math.min(TAIL, limit / 4);
        this.partial = new byte[limit];
    }

    public LineCutter() {
        this(LineSplitter.DEFAULT_LIMIT);
    }

    public void feed(byte[] buf, int off, int len, Sink sink) {
        int start = off;
        int end = off + len;
        while (start < end) {
            int nl = indexOfNewline(buf, start, end);
            int room = limit - partialLen;
            // A piece goes out only when the line holds more than limit bytes (not a line end).
            if (nl - start > room) {
                if (partialLen >= cut) {
                    sink.piece(partial, 0, cut, false);
                    partialLen -= cut;
                    System.arraycopy(partial, cut, partial, 0, partialLen);
                } else {
                    int n = cut - partialLen;
                    emit(buf, start, n, false, sink);
                    start += n;
                }
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

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /**
     * The index of the first {@code '\n'} in buf[from, to), or {@code to}: eight bytes at a time (the
     * lowest byte that the bit trick flags is always a real match), the rest one by one.
     */
    static int indexOfNewline(byte[] buf, int from, int to) {
        int i = from;
        for (int last = to - 8; i <= last; i += 8) {
            long x = (long) LONGS.get(buf, i) ^ NEWLINES;
            long found = (x - ONES) & ~x & HIGHS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        while (i < to && buf[i] != '\n') {
            i++;
        }
        return i;
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
