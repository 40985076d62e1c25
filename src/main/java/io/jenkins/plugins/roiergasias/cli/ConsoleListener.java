package io.jenkins.plugins.roiergasias.cli;

import io.jenkins.plugins.roiergasias.program.OutputText;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.RunStatus;
import io.jenkins.plugins.roiergasias.report.SegmentReport;
import io.jenkins.plugins.roiergasias.report.StepReport;
import io.jenkins.plugins.roiergasias.report.StepStatus;
import io.jenkins.plugins.roiergasias.run.RunListener;
import io.jenkins.plugins.roiergasias.segment.Segment;
import java.io.PrintStream;

/** Workflow output to standard output, exactly; progress and results to standard error. */
final class ConsoleListener implements RunListener {
    private final PrintStream out;
    private final PrintStream err;
    private final boolean verbose;

    ConsoleListener(PrintStream out, PrintStream err, boolean verbose) {
        this.out = out;
        this.err = err;
        this.verbose = verbose;
    }

    @Override
    public void output(Segment segment, String text, boolean newline) {
        // The bytes the program wrote, whatever this machine's locale says stdout's charset is.
        out.writeBytes(OutputText.encode(text));
        if (newline) {
            out.write('\n');
        }
        out.flush();
    }

    @Override
    public void progress(String message) {
        err.println("roiergasias: " + message);
    }

    @Override
    public void segmentStarted(Segment segment) {
        if (segment.count() > 1 || verbose) {
            err.println("roiergasias: " + segment.label() + " started");
        }
    }

    @Override
    public void stepStarted(Segment segment, int step) {
        if (verbose) {
            err.println("roiergasias: step " + (step + 1) + " started");
        }
    }

    @Override
    public void stepFinished(Segment segment, StepReport step) {
        if (verbose) {
            err.println("roiergasias: step " + (step.index() + 1) + " (" + step.type().key() + ": " + step.summary()
                    + ") " + step.status().label() + (step.status() == StepStatus.FAILED
                            ? " with exit code " + step.exitCode() : ""));
        }
    }

    @Override
    public void segmentFinished(Segment segment, SegmentReport report) {
        if (segment.count() > 1 || verbose || report.message() != null) {
            err.println("roiergasias: " + segment.label() + " " + report.status().name().toLowerCase(java.util.Locale.ROOT)
                    + (report.message() != null ? ": " + report.message() : ""));
        }
    }

    void finished(RunReport report) {
        out.flush();
        if (report.status() != RunStatus.SUCCEEDED) {
            err.println("roiergasias: " + report.status().name().toLowerCase(java.util.Locale.ROOT) + ": "
                    + report.message());
        }
    }
}
