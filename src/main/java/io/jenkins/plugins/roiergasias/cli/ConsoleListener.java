package io.jenkins.plugins.roiergasias.cli;

import io.jenkins.plugins.roiergasias.program.OutputText;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.RunStatus;
import io.jenkins.plugins.roiergasias.report.SecretMask;
import io.jenkins.plugins.roiergasias.report.SegmentReport;
import io.jenkins.plugins.roiergasias.report.StepReport;
import io.jenkins.plugins.roiergasias.report.StepStatus;
import io.jenkins.plugins.roiergasias.run.RunListener;
import io.jenkins.plugins.roiergasias.segment.Segment;
import java.io.PrintStream;

/**
 * Workflow output to standard output, exactly; progress and results to standard error. The values
 * of {@code --secret-env} variables are shown as {@code ****} wherever they appear, as Jenkins
 * masks credentials (a value split over two pieces of output, which happens only beyond 64 KiB
 * without a line break, is not caught).
 */
final class ConsoleListener implements RunListener {
    private final PrintStream out;
    private final PrintStream err;
    private final boolean verbose;
    private final SecretMask mask;

    ConsoleListener(PrintStream out, PrintStream err, boolean verbose, SecretMask mask) {
        this.out = out;
        this.err = err;
        this.verbose = verbose;
        this.mask = mask;
    }

    @Override
    public void output(Segment segment, String text, boolean newline) {
        // The bytes the program wrote, whatever this machine's locale says stdout's charset is.
        out.writeBytes(OutputText.encode(mask.mask(text)));
        if (newline) {
            out.write('\n');
        }
        out.flush();
    }

    @Override
    public void progress(String message) {
        err.println("roiergasias: " + mask.mask(message));
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
            err.println("roiergasias: step " + (step.index() + 1) + " (" + step.type().key() + ": "
                    + mask.maskSummary(step.summary())
                    + ") " + step.status().label() + (step.status() == StepStatus.FAILED
                            ? " with exit code " + step.exitCode() : ""));
        }
    }

    @Override
    public void segmentFinished(Segment segment, SegmentReport report) {
        if (segment.count() > 1 || verbose || report.message() != null) {
            err.println("roiergasias: " + segment.label() + " " + report.status().name().toLowerCase(java.util.Locale.ROOT)
                    + (report.message() != null ? ": " + mask.mask(report.message()) : ""));
        }
    }

    void finished(RunReport report) {
        out.flush();
        if (report.status() != RunStatus.SUCCEEDED) {
            err.println("roiergasias: " + report.status().name().toLowerCase(java.util.Locale.ROOT) + ": "
                    + mask.mask(report.message()));
        }
    }
}
