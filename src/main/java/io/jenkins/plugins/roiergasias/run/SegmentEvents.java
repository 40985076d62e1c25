package io.jenkins.plugins.roiergasias.run;

import io.jenkins.plugins.roiergasias.program.MarkerReader;
import io.jenkins.plugins.roiergasias.report.ReportBuilder;
import io.jenkins.plugins.roiergasias.report.StepReport;
import io.jenkins.plugins.roiergasias.segment.Segment;
import java.time.Clock;
import java.time.Instant;

/**
 * Connects a segment's {@link MarkerReader} to the report and the listener: output goes to the
 * listener, step markers become step results stamped with the time they were read (or the time
 * the caller gives, e.g. a Kubernetes log timestamp).
 *
 * <p>Markers are taken only in the order the program writes them: a step starts when no step is
 * running and it is the next one (the step after the last that ended), and only the running step
 * can end. Anything else (a step outside the segment, a step that has already ended, one that is
 * not the next) can only come from a command that learnt the nonce, and is ignored with a note: a
 * command can end its own step early, but cannot touch the result of another step. The first
 * marker of a reader that starts in the middle of a log (a resumed log) is taken for any step.
 */
public final class SegmentEvents implements MarkerReader.Events {
    private final Segment segment;
    private final ReportBuilder report;
    private final RunListener listener;
    private final Clock clock;
    private Instant stamp;
    private final java.util.BitSet finished = new java.util.BitSet();
    private int lastFinished = -1;
    /** The step started and not ended, or -1. */
    private int running = -1;
    /** Whether a marker was taken: before, a resumed log may start with any step. */
    private boolean seen;
    private int lastIgnored = -1;

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
        boolean next = running < 0 && (seen ? step == lastFinished + 1 : !finished(step));
        if (!inSegment(step) || !next) {
            ignored(step);
            return;
        }
        seen = true;
        running = step;
        lastIgnored = -1;
        report.stepStarted(segment.index(), step, now());
        listener.stepStarted(segment, step);
    }

    @Override
    public void stepFinished(int step, int exitCode) {
        boolean resumed = !seen && running < 0 && inSegment(step) && !finished(step);
        if (step != running && !resumed) {
            if (step != lastIgnored) {
                ignored(step); // once for the start and the end of a forged "done" marker
            }
            return;
        }
        seen = true;
        finish(step, exitCode, now());
    }

    @Override
    public void stepMessage(int step, String message) {
        if (step == running) {
            listener.progress(segment.label() + ": step " + (step + 1) + ": " + message);
        }
    }

    /** A marker out of the program's order: printed by a command, not by the program. */
    private void ignored(int step) {
        lastIgnored = step;
        listener.progress(segment.label() + ": ignored a step marker for step " + (step + 1)
                + ", which is not the step running: a command printed it");
    }

    /**
     * Records a step's end that did not come from a marker, e.g. from the container's termination
     * message after a lost log; {@code at} null when the time is unknown.
     */
    public void finish(int step, int exitCode, @edu.umd.cs.findbugs.annotations.CheckForNull Instant at) {
        report.stepFinished(segment.index(), step, exitCode, at);
        finished.set(step - segment.firstStep());
        lastFinished = Math.max(lastFinished, step);
        lastIgnored = -1;
        if (running == step) {
            running = -1;
        }
        listener.stepFinished(segment, report.step(segment.index(), step));
    }

    /** Whether a step's end was seen (workflow-wide index). */
    public boolean finished(int step) {
        return inSegment(step) && finished.get(step - segment.firstStep());
    }

    /** The workflow-wide index of the first step that failed, as the report has it, or -1. */
    public int failedStep() {
        StepReport failed = report.segment(segment.index()).failedStep();
        return failed == null ? -1 : failed.index();
    }

    /** The workflow-wide index of the last step seen to finish, or -1. */
    public int lastFinished() {
        return lastFinished;
    }
}
