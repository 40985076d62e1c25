package io.jenkins.plugins.roiergasias.kubernetes.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.umd.cs.findbugs.annotations.CheckForNull;




import io.jenkins.plugins.roiergasias.kubernetes.PodLog;

import io.jenkins.plugins.roiergasias.kubernetes.watch.EndingPod;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The log resume state machine without a server: a log source that breaks its answers at random
 * bytes (inside lines, inside over-long lines, inside groups of lines with the same timestamp) and
 * resumes from whole seconds, as the API server does. Whatever the breaks, every line arrives once.
 */
class LogResumeTest {
    @Test
    void timestampsOfTheKubeletAreParsed() {
        assertEquals(Instant.parse("2026-11-21T16:59:57Z"), LogPosition.Timestamps.tryParse("2026-11-21T16:59:57Z"));
        assertEquals(Instant.parse("2026-11-21T16:59:57.1Z"), LogPosition.Timestamps.tryParse("2026-11-21T16:59:57.1Z"));
        assertEquals(Instant.parse("2024-02-29T23:59:59.123456789Z"),
                LogPosition.Timestamps.tryParse("2024-02-29T23:59:59.123456789Z"));
        assertEquals(Instant.parse("2026-11-21T17:59:57Z"), LogPosition.Timestamps.tryParse("2026-11-21T18:59:57+01:00"));
        assertEquals(null, LogPosition.Timestamps.tryParse("hello"));
        assertEquals(null, LogPosition.Timestamps.tryParse("2026-13-21T16:59:57Z"));
    }

    @Test
    void repeatsAtTheSameTimestampAreCounted() {
        Instant t = Instant.parse("2026-01-01T00:00:00.5Z");
        LogPosition p = new LogPosition();
        assertTrue(p.accept(t));
        assertTrue(p.accept(t));
        assertEquals("2026-01-01T00:00:00Z", p.sinceTime());
        p.newConnection();
        assertFalse(p.accept(t.minusMillis(100)), "older: delivered");
        assertFalse(p.accept(t), "first at the same time: delivered");
        assertFalse(p.accept(t), "second: delivered");
        assertTrue(p.accept(t), "third: new");
        assertTrue(p.accept(t.plusMillis(1)));
        assertEquals(1, p.count());
    }

    @Property(tries = 100)
    void everyLineArrivesOnceWhateverTheBreaks(@ForAll long seed, @ForAll @IntRange(min = 0, max = 6) int breaks)
            throws Exception {
        Random random = new Random(seed);
        List<Instant> times = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        int n = 1 + random.nextInt(60);
        for (int i = 0; i < n; i++) {
            if (random.nextInt(3) > 0) {
                t = t.plusNanos(1 + random.nextInt(700_000_000));
            }
            times.add(t);
            int len = random.nextInt(10) == 0 ? 64 * 1024 + random.nextInt(150_000) : random.nextInt(40);
            lines.add(line(random, i, len));
        }
        EndingPod pods = new EndingPod();
        FlakySource source = new FlakySource(times, lines, breaks, random, pods);
        LogFollower follower = new LogFollower(source, pods, m -> {}, Duration.ofSeconds(30), "bench");
        List<String> got = new ArrayList<>();
        StringBuilder open = new StringBuilder();
        LogFollower.End end = follower.follow("p", new LogPosition(), (ts, text, newline) -> {
            open.append(text);
            if (newline) {
                got.add(open.toString());
                open.setLength(0);
            }
            if (++source.delivered == 3) {
                pods.end(); // the container ends while its log is being read
            }
        });
        if (open.length() > 0) {
            got.add(open.toString());
        }
        assertEquals(LogFollower.End.DRAINED, end);
        if (lines.size() != got.size()) {
            System.err.println("breaks=" + breaks + " n=" + n + " requests=" + follower.requests());
            for (int i = 0; i < Math.max(lines.size(), got.size()); i++) {
                String a = i < lines.size() ? times.get(i) + " " + head(lines.get(i)) : "-";
                String b = i < got.size() ? head(got.get(i)) : "-";
                System.err.println(i + ": " + a + " | " + b);
            }
        }
        assertEquals(lines.size(), got.size(), "line count");
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).equals(got.get(i))) {
                String a = lines.get(i), b = got.get(i);
                int k = 0;
                while (k < Math.min(a.length(), b.length()) && a.charAt(k) == b.charAt(k)) k++;
                System.err.println("DIFF line " + i + " len " + a.length() + " vs " + b.length() + " first diff at " + k
                        + " breaks=" + breaks + " requests=" + follower.requests());
            }
            assertEquals(lines.get(i), got.get(i), "line " + i);
        }
    }

    private static String head(String s) {
        return s.length() > 12 ? s.substring(0, 12) + "..(" + s.length() + ")" : s;
    }

    private static String line(Random r, int i, int len) {
        StringBuilder s = new StringBuilder("#" + i + " ");
        for (int k = 0; k < len; k++) {
            s.append((char) ('a' + r.nextInt(26)));
            if (len < 1000 && r.nextInt(50) == 0) {
                s.append("é"); // multi-byte characters survive (LineSplitter may split them only in over-long lines)
            }
        }
        return s.toString();
    }

    /** Serves the log from a time (whole seconds, inclusive); the first {@code breaks} answers break at a random byte. */
    private static final class FlakySource implements LogSource {
        private final List<Instant> times;
        private final List<String> lines;
        private final Random random;
        private final EndingPod pods;
        private int breaks;
        private int opens;
        private final java.util.Set<String> cuts = new java.util.HashSet<>();
        int delivered;

        FlakySource(List<Instant> times, List<String> lines, int breaks, Random random, EndingPod pods) {
            this.times = times;
            this.lines = lines;
            this.breaks = breaks;
            this.random = random;
            this.pods = pods;
        }

        @Override
        public InputStream open(String pod, @CheckForNull String sinceTime, boolean follow) {
            if (++opens == 2) {
                pods.end(); // at the latest: short logs end too
            }
            Instant since = sinceTime == null ? null : Instant.parse(sinceTime);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < lines.size(); i++) {
                if (since == null || !times.get(i).isBefore(since)) {
                    out.append(PodLog.format(times.get(i))).append(' ').append(lines.get(i)).append('\n');
                }
            }
            byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
            if (breaks > 0 && bytes.length > 0) {
                breaks--;
                int cut = random.nextInt(bytes.length);
                // a network break does not hit the same byte of the same answer twice
                while (!cuts.add(sinceTime + "@" + cut) && bytes.length > 1) {
                    cut = random.nextInt(bytes.length);
                }
                int at = cut;
                // The one case the runner cannot tell from a real end (documented in LogFollower): an
                // answer of an ended container that breaks exactly at a line end and still ends cleanly.
                boolean error = random.nextBoolean() || (!follow && (at == 0 || bytes[at - 1] == '\n'));
                return new InputStream() {
                    private final ByteArrayInputStream in = new ByteArrayInputStream(bytes, 0, at);

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        if (b < 0 && error) {
                            throw new IOException("connection reset");
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buf, int off, int len) throws IOException {
                        int k = in.read(buf, off, Math.min(len, 1 + random.nextInt(9000)));
                        if (k < 0 && error) {
                            throw new IOException("connection reset");
                        }
                        return k;
                    }
                };
            }
            return new ByteArrayInputStream(bytes);
        }
    }
}
