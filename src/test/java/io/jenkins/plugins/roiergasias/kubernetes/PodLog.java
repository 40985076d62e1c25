package io.jenkins.plugins.roiergasias.kubernetes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A pod's container log as the fake kubelet keeps it: timestamped lines, served as the log endpoint
 * would (sinceTime inclusive, whole seconds or finer), optionally cutting the first answer short to
 * play a dropped connection.
 */
public final class PodLog {
    private final List<Instant> times = new ArrayList<>();
    private final List<String> texts = new ArrayList<>();
    private final List<Boolean> newlines = new ArrayList<>();
    private final Supplier<Instant> clock;
    final AtomicInteger requests = new AtomicInteger();
    private volatile boolean complete;
    private volatile boolean servedWhole;
    /** The first answer that has more lines stops after this many and half of the next one; -1 for never. */
    volatile int dropFirstAfter = -1;
    private boolean dropped;
    /** The dropped answer ends right after the newline of its last whole line instead of inside the next one. */
    volatile boolean dropAtLineEnd;
    /** Answer with nothing until the program ended (so that a drop happens at a known line). */
    volatile boolean holdUntilComplete;

    PodLog(Supplier<Instant> clock) {
        this.clock = clock;
    }

    synchronized void append(String text, boolean newline) {
        times.add(clock.get());
        texts.add(text);
        newlines.add(newline);
    }

    void complete() {
        complete = true;
    }

    boolean isComplete() {
        return complete;
    }

    /** Whether an answer held the whole log of an ended program. */
    boolean servedWhole() {
        return servedWhole;
    }

    synchronized List<String> texts() {
        return List.copyOf(texts);
    }

    /** The body of one answer. */
    synchronized String serve(Instant since) {
        requests.incrementAndGet();
        if (holdUntilComplete && !complete) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        int limit = Integer.MAX_VALUE;
        if (!dropped && dropFirstAfter >= 0 && texts.size() > dropFirstAfter) {
            dropped = true;
            limit = dropFirstAfter;
        }
        int written = 0;
        for (int i = 0; i < texts.size(); i++) {
            if (since != null && times.get(i).isBefore(since)) {
                continue;
            }
            String line = format(times.get(i)) + " " + texts.get(i);
            if (written == limit) {
                out.append(line, 0, dropAtLineEnd ? 0 : line.length() / 2); // the connection breaks inside a line
                return out.toString();
            }
            out.append(line);
            if (newlines.get(i)) {
                out.append('\n');
            }
            written++;
        }
        if (complete) {
            servedWhole = true;
        }
        return out.toString();
    }

    /** Go's RFC3339Nano, as the kubelet writes it: trailing zeros of the fraction dropped. */
    public static String format(Instant t) {
        String s = Instant.ofEpochSecond(t.getEpochSecond()).toString(); // ...:SSZ
        if (t.getNano() == 0) {
            return s;
        }
        String frac = String.format("%09d", t.getNano()).replaceAll("0+$", "");
        return s.substring(0, s.length() - 1) + "." + frac + "Z";
    }
}
