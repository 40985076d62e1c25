package io.jenkins.plugins.roiergasias.run;

import io.jenkins.plugins.roiergasias.program.MarkerReader;
import io.jenkins.plugins.roiergasias.report.ReportBuilder;
import io.jenkins.plugins.roiergasias.segment.Segment;
import java.time.Clock;
import java.time.Instant;

/**
 * Connects a segment's {@link MarkerReader} to the report and the listener: output goes to the
 * listener, step markers become step results stamped with the time they were read (or the time
 * the caller gives, e.g. a Kubernetes log timestamp). Steps outside the segment are ignored, so
 * a confused program cannot corrupt the report.
 */
public final class SegmentEvents implements MarkerReader.Events {
    private final Segment segment;
    private final ReportBuilder report;
    private final RunListener listener;
    private final Clock clock;
    private Instant stamp;
    private final java.util.BitSet finished = new java.util.BitSet();
    private int lastFinished = -1;
    private int failedStep = -1;

    public SegmentEvents(Segment segment, ReportBuilder report, RunListener listener, Clock clock) {
        this.segment = segment;
        this.report = report;
        this.listener = listener;
        this.clock = clock;
    }

    /** The time of the line about to be fed (a log timestamp); null to use the clock. */
    public void stamp(@edu.umd.cs.findbugs.annotations.CheckForNull Instant at) {
        this.stamp = at;
    }

    private Instant now() {
        return stamp != null ? stamp : clock.instant();
    }

    private boolean inSegment(int step) {
        return step >= segment.firstStep() && step < segment.firstStep() + segment.stepCount();
    }

    @Override
    public void output(String text, boolean newline) {
        listener.output(segment, text, newline);
    }

    @Override
    public void stepStarted(int step) {
        if (inSegment(step)) {
            report.stepStarted(segment.index(), step, now());
            listener.stepStarted(segment, step);
        }
    }

    @Override
    public void stepFinished(int step, int exitCode) {
        if (inSegment(step)) {
            finish(step, exitCode, now());
        }
    }

    @Override
    public void stepMessage(int step, String message) {
        if (inSegment(step)) {
            listener.progress(segment.label() + ": step " + (step + 1) + ": " + message);
        }
    }

    /**
     * Records a step's end that did not come from a marker, e.g. from the container's termination
     * message after a lost log; {@code at} null when the time is unknown.
     */
    public void finish(int step, int exitCode, @edu.umd.cs.findbugs.annotations.CheckForNull Instant at) {
        report.stepFinished(segment.index(), step, exitCode, at);
        finished.set(step - segment.firstStep());
        lastFinished = Math.max(lastFinished, step);
        if (exitCode != 0 && failedStep < 0) {
            failedStep = step;
        }
        listener.stepFinished(segment, report.step(segment.index(), step));
    }

    /** Whether a step's end was seen (workflow-wide index). */
    public boolean finished(int step) {
        return inSegment(step) && finished.get(step - segment.firstStep());
    }

    /** The workflow-wide index of the first step seen to fail, or -1. */
    public int failedStep() {
        return failedStep;
    }

    /** The workflow-wide index of the last step seen to finish, or -1. */
    public int lastFinished() {
        return lastFinished;
    }
}
