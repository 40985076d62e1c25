package io.jenkins.plugins.roiergasias.page;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.roiergasias.kubernetes.Checkpoint;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.RunStatus;
import io.jenkins.plugins.roiergasias.report.SegmentReport;
import io.jenkins.plugins.roiergasias.report.SegmentStatus;
import io.jenkins.plugins.roiergasias.report.StepReport;
import io.jenkins.plugins.roiergasias.segment.Segment;
import java.util.List;

/** The sentences a finished or running run is described with: build failure, summary, status. */
public final class RunMessages {
    private RunMessages() {}

    /**
     * Why the build fails, naming the segment, node, step and exit code where there are any; null
     * when the run succeeded.
     */
    @CheckForNull
    public static String failure(RunReport report) {
        switch (report.status()) {
            case SUCCEEDED:
                return null;
            case FAILED:
                SegmentReport seg = report.failedSegment();
                if (seg != null) {
                    StepReport step = seg.failedStep();
                    return "Step " + (step.index() + 1) + " (" + step.type().key() + ": " + step.summary()
                            + ") of segment " + (seg.index() + 1) + "/" + report.segments().size() + " on "
                            + node(seg) + " failed with exit code " + step.exitCode()
                            + (seg.job() == null ? "" : " (Job " + seg.job() + ")") + ".";
                }
                return "A step failed" + suffix(report.message());
            case ABORTED:
                return "The run was aborted" + suffix(report.message());
            default:
                for (SegmentReport s : report.segments()) {
                    if (s.status() == SegmentStatus.ERROR) {
                        return "Segment " + (s.index() + 1) + "/" + report.segments().size() + " on " + node(s)
                                + " could not run" + suffix(s.message() != null ? s.message() : report.message());
                    }
                }
                return "The run could not complete" + suffix(report.message());
        }
    }

    /** One line for the end of the console, e.g. {@code 3 segments: 3 succeeded}. */
    public static String summary(RunReport report) {
        int ok = 0;
        int notRun = 0;
        for (SegmentReport s : report.segments()) {
            if (s.status() == SegmentStatus.SUCCEEDED) {
                ok++;
            } else if (s.status() == SegmentStatus.NOT_RUN) {
                notRun++;
            }
        }
        int n = report.segments().size();
        StringBuilder b = new StringBuilder()
                .append(n).append(n == 1 ? " segment: " : " segments: ").append(ok).append(" succeeded");
        int other = n - ok - notRun;
        if (other > 0) {
            b.append(", ").append(other).append(' ').append(report.status() == RunStatus.ABORTED ? "aborted" : "failed");
        }
        if (notRun > 0) {
            b.append(", ").append(notRun).append(" not run");
        }
        return b.toString();
    }

    /** What a running step waits on, for Pipeline's thread dump: segment, node, Job and pod. */
    public static String waitingOn(@CheckForNull Checkpoint checkpoint, List<Segment> segments) {
        if (checkpoint == null) {
            return "starting";
        }
        String label = checkpoint.segment() < segments.size()
                ? segments.get(checkpoint.segment()).label()
                : "segment " + (checkpoint.segment() + 1);
        StringBuilder b = new StringBuilder("waiting for ").append(label);
        if (checkpoint.job() != null) {
            b.append(": Job ").append(checkpoint.namespace()).append('/').append(checkpoint.job());
        }
        if (checkpoint.pod() != null) {
            b.append(", pod ").append(checkpoint.pod());
        }
        return b.toString();
    }

    private static String node(SegmentReport s) {
        return s.node() == null ? "any node" : s.node();
    }

    private static String suffix(@CheckForNull String message) {
        return message == null || message.isBlank() ? "." : ": " + message;
    }
}
