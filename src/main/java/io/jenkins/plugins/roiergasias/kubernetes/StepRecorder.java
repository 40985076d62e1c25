package io.jenkins.plugins.roiergasias.kubernetes;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.roiergasias.program.MarkerReader;
import io.jenkins.plugins.roiergasias.program.ProgramStatus;
import io.jenkins.plugins.roiergasias.report.ReportBuilder;
import io.jenkins.plugins.roiergasias.report.StepReport;
import io.jenkins.plugins.roiergasias.report.StepStatus;
import io.jenkins.plugins.roiergasias.run.RunListener;
import io.jenkins.plugins.roiergasias.run.SegmentEvents;
import io.jenkins.plugins.roiergasias.segment.Segment;
import java.time.Clock;
import java.time.Instant;

/**
 * Turns one segment's log into output and step results: lines go through a {@link MarkerReader}
 * (markers stripped, step events recognised, see {@link SegmentEvents}), step times come from the
 * log timestamps, and at the end the container's termination message fills in what a lost log
 * could not tell.
 */
final class StepRecorder {
    private final Segment segment;
    private final ReportBuilder report;
    private final RunListener listener;
    private SegmentEvents events;
    private MarkerReader reader;

    StepRecorder(Segment segment, ReportBuilder report, RunListener listener) {
        this.segment = segment;
        this.report = report;
        this.listener = listener;
    }

    /** A new pod attempt: a new program run, so a new reader (with the nonce when resuming mid-log). */
    synchronized void newAttempt(@CheckForNull String nonce) {
        events = new SegmentEvents(segment, report, listener, Clock.systemUTC());
        reader = nonce == null ? new MarkerReader(events) : new MarkerReader(events, nonce);
    }

    synchronized void line(@CheckForNull Instant ts, String text, boolean newline) {
        events.stamp(ts);
        reader.line(text, newline);
    }

    @CheckForNull
    synchronized String nonce() {
        return reader == null ? null : reader.nonce();
    }

    /**
     * Completes the results from the program's final status (the termination message): steps it
     * says finished but whose end marker never arrived (a lost log). Returns how many were filled in.
     */
    synchronized int crossCheck(@CheckForNull ProgramStatus status) {
        if (status == null) {
            return 0;
        }
        if (events == null) {
            newAttempt(null);
        }
        int filled = 0;
        int end = Math.min(status.completed(), segment.stepCount());
        for (int i = 0; i < end; i++) {
            int step = segment.firstStep() + i;
            boolean failed = status.failedStep() != null && status.failedStep() == step;
            StepReport r = report.step(segment.index(), step);
            boolean agrees = events.finished(step) && (failed == (r.status() == StepStatus.FAILED));
            if (!agrees) {
                events.finish(step, failed ? status.exitCode() : 0, null);
                filled++;
            }
        }
        return filled;
    }

    /** The first failed step of the segment, null when none failed. */
    @CheckForNull
    synchronized StepReport failedStep() {
        return report.segment(segment.index()).failedStep();
    }
}
