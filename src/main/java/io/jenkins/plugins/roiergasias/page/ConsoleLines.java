package io.jenkins.plugins.roiergasias.page;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.roiergasias.report.SegmentReport;
import io.jenkins.plugins.roiergasias.report.SegmentStatus;
import io.jenkins.plugins.roiergasias.report.StepReport;
import io.jenkins.plugins.roiergasias.segment.Segment;
import io.jenkins.plugins.roiergasias.settings.DurationText;
import io.jenkins.plugins.roiergasias.workflow.Step;
import java.util.List;

/**
 * The build console's text: workflow output prefixed with its segment and node
 * ({@code [s2 node2] hello}), and short header lines when segments and steps start and end.
 *
 * <p>Each method returns the exact text to write, line ends included. Output that the program left
 * without a line end stays open: the next output of the same segment continues it without a
 * prefix, anything else closes it first. So every line of the console starts with a prefix, which
 * also keeps line-based masking (withCredentials) working. Not thread-safe: one per run.
 */
public final class ConsoleLines {
    /** Starts every line that is not workflow output. */
    public static final String TAG = "[roiergasias] ";

    @CheckForNull
    private Segment open;

    /** {@code [s2 node2] } for segment index 1 pinned to node2; {@code [s1 any] } when not pinned. */
    public static String prefix(Segment segment) {
        return "[s" + (segment.index() + 1) + " " + (segment.node() == null ? "any" : segment.node()) + "] ";
    }

    public String output(Segment segment, String text, boolean newline) {
        StringBuilder b = new StringBuilder();
        if (open != null && open.index() != segment.index()) {
            b.append('\n');
            open = null;
        }
        if (open == null) {
            b.append(prefix(segment));
        }
        b.append(text);
        if (newline) {
            b.append('\n');
            open = null;
        } else {
            open = segment;
        }
        return b.toString();
    }

    public String progress(String message) {
        return close() + TAG + message + "\n";
    }

    public String segmentStarted(Segment segment) {
        return close() + TAG + "── " + segment.label() + " started\n";
    }

    /** @param step the workflow-wide step index */
    public String stepStarted(Segment segment, int step) {
        return close() + prefix(segment) + "── step " + (step + 1) + describe(segment, step) + "\n";
    }

    public String stepFinished(Segment segment, StepReport step) {
        String how = switch (step.status()) {
            case OK -> "ok";
            case FAILED -> "failed with exit code " + step.exitCode();
            case NOT_RUN -> "not run";
        };
        String took = step.duration() == null ? "" : " (" + DurationText.human(step.duration()) + ")";
        return close() + prefix(segment) + "── step " + (step.index() + 1) + " " + how + took + "\n";
    }

    public String segmentFinished(Segment segment, SegmentReport report) {
        StringBuilder b = new StringBuilder(close()).append(TAG).append("── ").append(segment.label()).append(' ');
        b.append(word(report.status()));
        if (report.duration() != null) {
            b.append(" in ").append(DurationText.human(report.duration()));
        }
        if (report.job() != null) {
            b.append(" (Job ").append(report.job());
            if (report.pod() != null) {
                b.append(", pod ").append(report.pod());
            }
            b.append(')');
        }
        if (report.message() != null && report.status() != SegmentStatus.SUCCEEDED) {
            b.append(": ").append(report.message());
        }
        return b.append('\n').toString();
    }

    /** Ends a line the program left open; empty when none is. */
    public String close() {
        if (open == null) {
            return "";
        }
        open = null;
        return "\n";
    }

    static String word(SegmentStatus status) {
        return switch (status) {
            case NOT_RUN -> "not run";
            case RUNNING -> "running";
            case SUCCEEDED -> "succeeded";
            case FAILED -> "failed";
            case ABORTED -> "aborted";
            case ERROR -> "could not run";
        };
    }

    /** {@code  (execute: make test)}, or empty when the step is not in the segment. */
    static String describe(Segment segment, int step) {
        int i = step - segment.firstStep();
        List<Step> steps = segment.steps();
        if (i < 0 || i >= steps.size()) {
            return "";
        }
        Step s = steps.get(i);
        return " (" + s.type().key() + ": " + s.summary() + ")";
    }
}
