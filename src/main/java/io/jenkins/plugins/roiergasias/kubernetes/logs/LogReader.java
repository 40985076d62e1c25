package io.jenkins.plugins.roiergasias.kubernetes.logs;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.roiergasias.program.LineCutter;
import io.jenkins.plugins.roiergasias.program.OutputText;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads the connections of one pod's log for {@link LogFollower}: cuts lines ({@link LineCutter}),
 * parses each line's timestamp from its bytes, skips the lines the {@link LogPosition} says were
 * delivered, and decodes the rest once. A line cut by the end of a connection is given back to the
 * position and comes again whole; the pieces of an over-long line already delivered are skipped then.
 */
final class LogReader implements LineCutter.Sink {
    private static final Logger LOGGER = Logger.getLogger(LogReader.class.getName());
    private static final int MIN_TIMESTAMP = 20;
    private static final int MAX_TIMESTAMP = 40;
    /**
     * What the kubelet answers (with 200) for the log of a container that was removed, e.g. of a pod
     * deleted while it ran: not the program's output, which always has a timestamp here.
     */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final LogPosition position;
    private final LogFollower.Lines lines;
    private final Runnable onBytes;
    private boolean atLineStart = true;
    private boolean skipping;
    private boolean accepted;
    private int piecesOfLine;
    private int resumePieces;
    private int deliveredThisConnection;
    private boolean pendingCut;

    @CheckForNull
    private byte[] fragment;

    @CheckForNull
    private Instant lineTs;

    private final byte[] lastSecond = new byte[19];
    private long lastEpoch = Long.MIN_VALUE;

    LogReader(LogPosition position, LogFollower.Lines lines, Runnable onBytes) {
        this.position = position;
        this.lines = lines;
        this.onBytes = onBytes;
    }

    int deliveredThisConnection() {
        return deliveredThisConnection;
    }

    /** The unfinished last line of the last connection that ended cleanly, null when it ended at a line end. */
    @CheckForNull
    byte[] fragment() {
        return fragment;
    }

    /** Reads a whole stream; true when it ended cleanly (then {@link #fragment()} holds an unfinished last line). */
    boolean read(InputStream in) {
        if (pendingCut) {
            cut();
        }
        position.newConnection();
        deliveredThisConnection = 0;
        fragment = null;
        LineCutter cutter = new LineCutter();
        try (in) {
            if (in instanceof ChunkStream chunks) {
                // lines are cut on the HTTP client's thread, in its read loop
                chunks.pushTo((b, off, len) -> {
                    onBytes.run();
                    cutter.feed(b, off, len, this);
                    publish();
                });
            } else {
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    onBytes.run();
                    cutter.feed(buf, 0, n, this);
                    publish();
                }
            }
        } catch (IOException e) {
            LOGGER.log(Level.FINE, "log stream broken", e);
            cut();
            return false;
        }
        cutter.finish((b, off, len, newline) -> fragment = Arrays.copyOfRange(b, off, off + len));
        // Whether the unfinished line is really the end of the log is decided later: until then it
        // is neither delivered nor counted.
        pendingCut = true;
        return true;
    }

    /** Publishes the position for checkpoints, unless a line is half delivered (it could still be given back). */
    private void publish() {
        if (atLineStart && !pendingCut) {
            position.publish();
        }
    }

    /** An unfinished last line can be the log's real end only if it has a whole timestamp (or there is none). */
    boolean fragmentIsWhole() {
        byte[] f = fragment;
        if (f == null || !atLineStart) {
            return true;
        }
        int space = indexOfSpace(f, 0, f.length);
        return space > 0 && LogPosition.Timestamps.tryParse(f, 0, space) != null;
    }

    /** Delivers the unfinished last line of an ended container's log. */
    void deliverFragment() {
        pendingCut = false;
        byte[] f = fragment;
        if (f != null) {
            fragment = null;
            piece(f, 0, f.length, false);
        }
        position.publish();
    }

    /** The connection ended inside a line: give the line back, it comes again whole. */
    private void cut() {
        pendingCut = false;
        if (!atLineStart && accepted) {
            position.retract();
            // A line cut again while its delivered pieces were being skipped keeps the larger count.
            resumePieces = Math.max(resumePieces, piecesOfLine);
        }
        atLineStart = true;
    }

    @Override
    public void piece(byte[] buf, int off, int len, boolean newline) {
        int content = off;
        if (atLineStart) {
            piecesOfLine = 0;
            // A timestamp has at least 20 bytes: a space before them means there is none, and the
            // range before a later space does not parse either.
            int end = off + len;
            int space = indexOfSpace(buf, Math.min(end, off + MIN_TIMESTAMP), Math.min(end, off + MAX_TIMESTAMP));
            Instant ts = timestamp(buf, off, (space < 0 ? off + len : space) - off);
            lineTs = ts;
            if (ts == null) {
                // Asked with timestamps=true, the kubelet stamps every line of the container; a line
                // without one is its own word (e.g. "unable to retrieve container logs for
                // containerd://..." once the container is gone), not the workflow's output.
                skipping = true;
                accepted = false;
                LOGGER.log(Level.FINE, () -> "not a line of the container's log (no timestamp): "
                        + new String(buf, off, Math.min(len, 200), StandardCharsets.UTF_8));
            } else {
                content = space < 0 ? off + len : space + 1;
                accepted = position.accept(ts);
                skipping = !accepted;
            }
        }
        piecesOfLine++;
        atLineStart = newline;
        if (skipping) {
            return;
        }
        if (accepted && resumePieces > 0) {
            // The line a dropped connection cut: its first pieces were delivered already.
            boolean seenBefore = piecesOfLine <= resumePieces;
            if (piecesOfLine >= resumePieces || newline) {
                resumePieces = 0;
            }
            if (seenBefore) {
                return;
            }
        }
        deliveredThisConnection++;
        lines.line(lineTs, OutputText.decode(buf, content, off + len - content), newline);
    }

    /**
     * The line's timestamp. Consecutive lines mostly share the same second, so the date and time part
     * is parsed once per second and only the fraction per line.
     */
    @CheckForNull
    private Instant timestamp(byte[] b, int off, int len) {
        if (len >= 20 && b[off + len - 1] == 'Z' && lastEpoch != Long.MIN_VALUE
                && sameSecond(b, off)) {
            if (len == 20) {
                return Instant.ofEpochSecond(lastEpoch);
            }
            int digits = len - 21;
            if (b[off + 19] == '.' && digits >= 1 && digits <= 9) {
                int nanos = 0;
                for (int i = off + 20; i < off + len - 1; i++) {
                    int d = b[i] - '0';
                    if (d < 0 || d > 9) {
                        return LogPosition.Timestamps.tryParse(b, off, len);
                    }
                    nanos = nanos * 10 + d;
                }
                for (int i = digits; i < 9; i++) {
                    nanos *= 10;
                }
                return Instant.ofEpochSecond(lastEpoch, nanos);
            }
        }
        Instant ts = LogPosition.Timestamps.tryParse(b, off, len);
        if (ts != null && len >= 20 && b[off + len - 1] == 'Z') {
            System.arraycopy(b, off, lastSecond, 0, 19);
            lastEpoch = ts.getEpochSecond();
        }
        return ts;
    }

    /** Whether b[off, off + 19) (date and time to the second) equals the last parsed one: three words, overlapping. */
    private boolean sameSecond(byte[] b, int off) {
        return (long) LONGS.get(b, off) == (long) LONGS.get(lastSecond, 0)
                && (long) LONGS.get(b, off + 8) == (long) LONGS.get(lastSecond, 8)
                && (long) LONGS.get(b, off + 11) == (long) LONGS.get(lastSecond, 11);
    }

    private static int indexOfSpace(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == ' ') {
                return i;
            }
        }
        return -1;
    }
}
