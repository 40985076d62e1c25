package io.jenkins.plugins.roiergasias.run;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.roiergasias.report.SegmentReport;
import io.jenkins.plugins.roiergasias.report.StepReport;
import io.jenkins.plugins.roiergasias.report.StepStatus;
import io.jenkins.plugins.roiergasias.segment.Segment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * A listener between a runner and the caller's listener that keeps the last lines of each step's
 * output, for the failure of a JUnit report: at most {@link #LINES} lines and {@link #BYTES} bytes
 * of the step that runs, and, once it ends, only the tail of a step that failed (or that was cut
 * short by an error). Memory is bounded by one tail per failed segment attempt, whatever the log size.
 * Everything else passes through unchanged.
 */
public final class StepTails implements RunListener {
    public static final int LINES = 20;
    public static final int BYTES = 4096;

    private final RunListener next;
    private final Map<Integer, String> kept = new HashMap<>();
    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private final StringBuilder open = new StringBuilder();
    private int bytes;
    private int running = -1;

    public StepTails(RunListener next) {
        this.next = next;
    }

    /** The last lines of output of a step that failed or did not finish (workflow-wide index); null for others. */
    @CheckForNull
    public synchronized String tail(int step) {
        return kept.get(step);
    }

    @Override
    public void output(Segment segment, String text, boolean newline) {
        synchronized (this) {
            if (running >= 0) {
                open.append(text);
                if (open.length() > BYTES) {
                    open.delete(0, open.length() - BYTES);
                }
                if (newline) {
                    push(open.toString());
                    open.setLength(0);
                }
            }
        }
        next.output(segment, text, newline);
    }

    private void push(String line) {
        lines.addLast(line);
        bytes += utf8(line) + 1;
        while (lines.size() > LINES || (bytes > BYTES && lines.size() > 1)) {
            bytes -= utf8(lines.removeFirst()) + 1;
        }
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private String text() {
        StringBuilder b = new StringBuilder();
        for (String l : lines) {
            b.append(l).append('\n');
        }
        b.append(open);
        String s = b.toString();
        // the one line longer than the budget: its end, which is what a reader needs
        return s.length() > BYTES ? s.substring(s.length() - BYTES) : s;
    }

    private void reset(int step) {
        running = step;
        lines.clear();
        open.setLength(0);
        bytes = 0;
    }

    @Override
    public void progress(String message) {
        next.progress(message);
    }

    @Override
    public void segmentStarted(Segment segment) {
        synchronized (this) {
            reset(-1);
        }
        next.segmentStarted(segment);
    }

    @Override
    public void stepStarted(Segment segment, int step) {
        synchronized (this) {
            reset(step);
        }
        next.stepStarted(segment, step);
    }

    @Override
    public void stepFinished(Segment segment, StepReport step) {
        synchronized (this) {
            if (step.status() == StepStatus.FAILED && step.index() == running) {
                kept.put(step.index(), text());
            } else {
                kept.remove(step.index()); // a later attempt of the segment got further
            }
            reset(-1);
        }
        next.stepFinished(segment, step);
    }

    @Override
    public void segmentRetrying(Segment segment, SegmentReport failed, int attempt) {
        next.segmentRetrying(segment, failed, attempt);
    }

    @Override
    public void segmentFinished(Segment segment, SegmentReport report) {
        synchronized (this) {
            if (running >= 0) { // the step the segment's error cut short
                kept.put(running, text());
            }
            reset(-1);
        }
        next.segmentFinished(segment, report);
    }
}
