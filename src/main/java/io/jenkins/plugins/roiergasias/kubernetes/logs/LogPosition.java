package io.jenkins.plugins.roiergasias.kubernetes.logs;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * How far a pod's log was delivered: the timestamp of the last delivered line and how many lines
 * with exactly that timestamp were delivered. Kubernetes can only resume a log from a time
 * ({@code sinceTime}, inclusive, and some servers keep only whole seconds), so a resumed stream
 * repeats lines; this position recognises them.
 *
 * <p>Per connection: {@link #newConnection()}, then {@link #accept} for every line in order. A line
 * older than the position is a repeat; of the lines at exactly the position's timestamp, the first
 * {@code count} are repeats; everything after is new and moves the position. Not thread-safe.
 */
public final class LogPosition {
    @CheckForNull
    private Instant last;

    private int countAtLast;
    private int seenAtLastThisConnection;

    // The state before the last accepted line, so that a line cut by a dropped connection can be
    // given back (it will come again, whole, on the next connection).
    @CheckForNull
    private Instant undoLast;

    private int undoCount;

    /**
     * A position as another thread may read it (for checkpoints). It keeps the {@link Instant}: the
     * RFC 3339 text is made only when a checkpoint asks for it, not every time a chunk was read.
     */
    public record Mark(@CheckForNull Instant at, int count) {
        /** The timestamp as RFC 3339 text, null at the start. */
        @CheckForNull
        public String timestamp() {
            return at == null ? null : at.toString();
        }
    }

    @CheckForNull
    private volatile Mark published;

    public LogPosition() {}

    /** A position from a checkpoint: {@code timestamp} as Kubernetes wrote it, or null for the start. */
    public LogPosition(@CheckForNull String timestamp, int count) {
        if (timestamp != null) {
            this.last = Timestamps.parse(timestamp);
            this.countAtLast = count;
        }
    }

    void newConnection() {
        seenAtLastThisConnection = 0;
    }

    /** Whether a line with this timestamp is new (then it is counted as delivered). */
    boolean accept(Instant ts) {
        undoLast = last;
        undoCount = countAtLast;
        if (last != null) {
            int c = ts.compareTo(last);
            if (c < 0) {
                return false;
            }
            if (c == 0) {
                seenAtLastThisConnection++;
                if (seenAtLastThisConnection <= countAtLast) {
                    return false;
                }
                countAtLast++;
                return true;
            }
        }
        last = ts;
        countAtLast = 1;
        seenAtLastThisConnection = 1;
        return true;
    }

    /** Makes the current position readable by other threads; call only between whole lines. */
    void publish() {
        Mark m = published;
        if (m == null || m.count() != countAtLast || m.at() != last) {
            published = new Mark(last, countAtLast);
        }
    }

    /** The position as last published, null before the first. */
    @CheckForNull
    public Mark published() {
        return published;
    }

    /** Forgets the line accepted last: it was cut off and will be read again. */
    void retract() {
        last = undoLast;
        countAtLast = undoCount;
    }

    /** The {@code sinceTime} to resume from: the last timestamp, rounded down to the second; null at the start. */
    @CheckForNull
    String sinceTime() {
        return last == null ? null : last.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** The last delivered line's timestamp as RFC 3339 text (for a checkpoint), null at the start. */
    @CheckForNull
    public String timestamp() {
        return last == null ? null : last.toString();
    }

    public int count() {
        return countAtLast;
    }

    /** Parses the RFC 3339 timestamps Kubernetes puts before log lines, fast for the usual form. */
    static final class Timestamps {
        private Timestamps() {}

        /** The timestamp, or null when {@code text} is not one. */
        @CheckForNull
        static Instant tryParse(String text) {
            Instant fast = fast(text);
            if (fast != null) {
                return fast;
            }
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                return null;
            }
        }

        static Instant parse(String text) {
            Instant i = tryParse(text);
            if (i == null) {
                throw new IllegalArgumentException("not an RFC 3339 timestamp: " + text);
            }
            return i;
        }

        /** The timestamp in {@code len} ASCII bytes, or null when they are not one. */
        @CheckForNull
        static Instant tryParse(byte[] b, int off, int len) {
            if (len < 20 || len > 35) {
                return null;
            }
            Instant fast = fast(new Ascii(b, off, len));
            if (fast != null) {
                return fast;
            }
            return tryParse(new String(b, off, len, java.nio.charset.StandardCharsets.ISO_8859_1));
        }

        /** Characters of a byte range, without copying. */
        private record Ascii(byte[] b, int off, int len) implements CharSequence {
            @Override
            public int length() {
                return len;
            }

            @Override
            public char charAt(int i) {
                return (char) (b[off + i] & 0xff);
            }

            @Override
            public CharSequence subSequence(int start, int end) {
                return new Ascii(b, off + start, end - start);
            }
        }

        /** {@code YYYY-MM-DDTHH:MM:SS[.fraction]Z} without allocation beyond the result. */
        @CheckForNull
        private static Instant fast(CharSequence s) {
            int n = s.length();
            if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                    || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
                return null;
            }
            int year = digits(s, 0, 4);
            int month = digits(s, 5, 2);
            int day = digits(s, 8, 2);
            int hour = digits(s, 11, 2);
            int minute = digits(s, 14, 2);
            int second = digits(s, 17, 2);
            if ((year | month | day | hour | minute | second) < 0 || month < 1 || month > 12 || day < 1 || day > 31
                    || hour > 23 || minute > 59 || second > 60) {
                return null;
            }
            int nanos = 0;
            if (n > 20) {
                if (s.charAt(19) != '.' || n - 21 > 9 || n - 21 < 1) {
                    return null;
                }
                int frac = digits(s, 20, n - 21);
                if (frac < 0) {
                    return null;
                }
                nanos = frac;
                for (int i = n - 21; i < 9; i++) {
                    nanos *= 10;
                }
            } else if (n != 20) {
                return null;
            }
            long days = epochDay(year, month, day);
            return Instant.ofEpochSecond(days * 86_400L + hour * 3600L + minute * 60L + second, nanos);
        }

        private static int digits(CharSequence s, int from, int len) {
            int v = 0;
            for (int i = from; i < from + len; i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                v = v * 10 + (c - '0');
            }
            return v;
        }

        /** Days since 1970-01-01 of a proleptic Gregorian date (the algorithm of java.time.LocalDate). */
        private static long epochDay(long y, int m, int d) {
            long total = 365 * y;
            if (y >= 0) {
                total += (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
            } else {
                total -= y / -4 - y / -100 + y / -400;
            }
            total += (367 * m - 362) / 12;
            total += d - 1;
            if (m > 2) {
                total--;
                boolean leap = (y % 4 == 0) && (y % 100 != 0 || y % 400 == 0);
                if (!leap) {
                    total--;
                }
            }
            return total - 719_528L;
        }
    }
}
