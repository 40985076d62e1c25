package io.jenkins.plugins.roiergasias.kubernetes;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.roiergasias.program.MarkerReader;
import io.jenkins.plugins.roiergasias.program.ProgramStatus;
import io.jenkins.plugins.roiergasias.report.ReportBuilder;
import io.jenkins.plugins.roiergasias.report.StepReport;
import io.jenkins.plugins.roiergasias.report.StepStatus;
import io.jenkins.plugins.roiergasias.run.RunListener;
import io.jenkins.plugins.roiergasias.segment.Segment;
import java.time.Instant;
import java.util.BitSet;

/**
 * Turns one segment's log into output and step results: lines go through a {@link MarkerReader}
 * (markers stripped, step events recognised), step times come from the log timestamps, and at the
 * end the container's termination message fills in what a lost log could not tell.
 */
final class StepRecorder implements MarkerReader.Events {
    private final Segment segment;
    private final ReportBuilder report;
    private final RunListener listener;
    private final BitSet finished = new BitSet();
    private MarkerReader reader;

    @CheckForNull
    private Instant now;

    StepRecorder(Segment segment, ReportBuilder report, RunListener listener) {
        this.segment = segment;
        this.report = report;
        this.listener = listener;
    }

    /** A new pod attempt: a new program run, so a new reader (with the nonce when resuming mid-log). */
    synchronized void newAttempt(@CheckForNull String nonce) {
        reader = nonce == null ? new MarkerReader(this) : new MarkerReader(this, nonce);
        finished.clear();
    }

    synchronized void line(@CheckForNull Instant ts, String text, boolean newline) {
        now = ts;
        reader.line(text, newline);
    }

    @CheckForNull
    synchronized String nonce() {
        return reader == null ? null : reader.nonce();
    }

    @Override
    public void output(String text, boolean newline) {
        listener.output(segment, text, newline);
    }

    @Override
    public void stepStarted(int step) {
        if (!inSegment(step)) {
            return;
        }
        report.stepStarted(segment.index(), step, now == null ? Instant.now() : now);
        listener.stepStarted(segment, step);
    }

    @Override
    public void stepFinished(int step, int exitCode) {
        if (!inSegment(step)) {
            return;
        }
        finish(step, exitCode, now == null ? Instant.now() : now);
    }

    private void finish(int step, int exitCode, @CheckForNull Instant at) {
        finished.set(step - segment.firstStep());
        report.stepFinished(segment.index(), step, exitCode, at);
        listener.stepFinished(segment, step(step));
    }

    private StepReport step(int step) {
        return report.segment(segment.index()).steps().get(step - segment.firstStep());
    }

    private boolean inSegment(int step) {
        return step >= segment.firstStep() && step < segment.firstStep() + segment.stepCount();
    }

    /**
     * Completes the results from the program's final status (the termination message): steps it
     * says finished but whose end marker never arrived (a lost log). Returns how many were filled in.
     */
    synchronized int crossCheck(@CheckForNull ProgramStatus status) {
        if (status == null) {
            return 0;
        }
        int filled = 0;
        int end = Math.min(status.completed(), segment.stepCount());
        for (int i = 0; i < end; i++) {
            int step = segment.firstStep() + i;
            boolean failed = status.failedStep() != null && status.failedStep() == step;
            int code = failed ? status.exitCode() : 0;
            StepReport r = step(step);
            boolean agrees = finished.get(i) && (failed == (r.status() == StepStatus.FAILED));
            if (!agrees) {
                finish(step, code, null);
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
