package io.jenkins.plugins.roiergasias.jenkins;

import io.jenkins.plugins.roiergasias.kubernetes.Checkpoint;
import io.jenkins.plugins.roiergasias.page.ConsoleLines;
import io.jenkins.plugins.roiergasias.page.LiveReport;
import io.jenkins.plugins.roiergasias.program.OutputText;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.SecretMask;
import io.jenkins.plugins.roiergasias.report.SegmentReport;
import io.jenkins.plugins.roiergasias.report.StepReport;
import io.jenkins.plugins.roiergasias.run.RunListener;
import io.jenkins.plugins.roiergasias.segment.Segment;
import java.io.PrintStream;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Writes a run's output and headers to the build console and keeps the build page's report
 * current. The stream is the step's or build's own {@code TaskListener} logger, so console
 * filters in effect there (the masking of {@code withCredentials}) apply to every line; the
 * build's other secrets (password parameters passed with {@code passEnv}) are masked here. Reports
 * bypass those filters on their way to {@code build.xml}, the page and the REST API, so every
 * snapshot is masked here first; snapshots are handed over in the order they were taken.
 */
final class ConsoleListener implements RunListener {
    private final PrintStream out;
    private final ConsoleLines lines = new ConsoleLines();
    private final LiveReport live;
    private final SecretMask mask;
    private final Consumer<RunReport> onChange;

    /**
     * @param mask the secrets no stored report may show
     * @param onChange receives a new, masked snapshot of the report after every segment and step event
     */
    ConsoleListener(PrintStream out, LiveReport live, SecretMask mask, Consumer<RunReport> onChange) {
        this.out = out;
        this.live = live;
        this.mask = mask;
        this.onChange = onChange;
    }

    /** A report as it may be stored and shown. */
    RunReport masked(RunReport report) {
        return mask.mask(report);
    }

    /** Hands the report as it stands to the page now, e.g. after a restart, before any new event. */
    void publish() {
        live.publishTo(snapshot -> onChange.accept(mask.mask(snapshot)));
    }

    private synchronized void write(String text) {
        if (!text.isEmpty()) {
            out.print(text);
            out.flush();
        }
    }

    @Override
    public void output(Segment segment, String text, boolean newline) {
        synchronized (this) {
            // as UTF-8 decodes it; secrets without a console filter of their own (password parameters)
            // are hidden here, those of withCredentials by its filter as well
            write(lines.output(segment, mask.mask(OutputText.readable(text)), newline));
        }
    }

    @Override
    public synchronized void progress(String message) {
        write(lines.progress(mask.mask(message)));
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
            write(mask.maskSummary(lines.stepStarted(segment, step))); // the summary may cut a secret in two
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
            write(mask.maskSummary(lines.segmentFinished(segment, report)));
        }
        publish();
    }

    @Override
    public void segmentRetrying(Segment segment, SegmentReport failed, int next) {
        live.segmentRetrying(segment, failed, Instant.now()); // the console line came with the runner's progress
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
