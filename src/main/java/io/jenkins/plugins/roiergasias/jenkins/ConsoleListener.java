package io.jenkins.plugins.roiergasias.jenkins;

import io.jenkins.plugins.roiergasias.kubernetes.Checkpoint;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.SegmentReport;
import io.jenkins.plugins.roiergasias.report.StepReport;
import io.jenkins.plugins.roiergasias.run.RunListener;
import io.jenkins.plugins.roiergasias.segment.Segment;
import io.jenkins.plugins.roiergasias.settings.ConsoleLines;
import io.jenkins.plugins.roiergasias.settings.LiveReport;
import java.io.PrintStream;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Writes a run's output and headers to the build console and keeps the build page's report
 * current. The stream is the step's or build's own {@code TaskListener} logger, so console
 * filters in effect there (the masking of {@code withCredentials}) apply to every line.
 */
final class ConsoleListener implements RunListener {
    private final PrintStream out;
    private final ConsoleLines lines = new ConsoleLines();
    private final LiveReport live;
    private final Consumer<RunReport> onChange;

    /**
     * @param onChange receives a new snapshot of the report after every segment and step event
     */
    ConsoleListener(PrintStream out, LiveReport live, Consumer<RunReport> onChange) {
        this.out = out;
        this.live = live;
        this.onChange = onChange;
    }

    private synchronized void write(String text) {
        if (!text.isEmpty()) {
            out.print(text);
            out.flush();
        }
    }

    private void publish() {
        onChange.accept(live.snapshot());
    }

    @Override
    public void output(Segment segment, String text, boolean newline) {
        synchronized (this) {
            write(lines.output(segment, text, newline));
        }
    }

    @Override
    public synchronized void progress(String message) {
        write(lines.progress(message));
    }

    @Override
    public void segmentStarted(Segment segment) {
        live.segmentStarted(segment, Instant.now());
        synchronized (this) {
            write(lines.segmentStarted(segment));
        }
        publish();
    }

    @Override
    public void stepStarted(Segment segment, int step) {
        live.stepStarted(segment, step, Instant.now());
        synchronized (this) {
            write(lines.stepStarted(segment, step));
        }
        publish();
    }

    @Override
    public void stepFinished(Segment segment, StepReport step) {
        live.stepFinished(segment, step, Instant.now());
        synchronized (this) {
            write(lines.stepFinished(segment, step));
        }
        publish();
    }

    @Override
    public void segmentFinished(Segment segment, SegmentReport report) {
        live.segmentFinished(segment, report);
        synchronized (this) {
            write(lines.segmentFinished(segment, report));
        }
        publish();
    }

    /** Where the running segment is (Job, pod), from the runner's latest checkpoint. */
    void placed(Checkpoint checkpoint) {
        live.placed(checkpoint);
        publish();
    }

    /** Ends a line the workflow left open, before the caller writes its own lines. */
    synchronized void close() {
        write(lines.close());
    }

    /** A line of the Jenkins layer's own, e.g. the final summary. */
    synchronized void println(String message) {
        write(lines.progress(message));
    }
}
