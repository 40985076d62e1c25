package io.jenkins.plugins.roiergasias.report;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The result of a whole run: what the CLI prints at the end and the Jenkins build page shows.
 *
 * @param status the outcome
 * @param message a human explanation when it did not succeed, null otherwise
 * @param segments every segment, in order, including those not run
 */
public record RunReport(RunStatus status, @CheckForNull String message, List<SegmentReport> segments) {
    public RunReport {
        Objects.requireNonNull(status, "status");
        segments = List.copyOf(segments);
    }

    /** The first segment with a failed step, or null. */
    @CheckForNull
    public SegmentReport failedSegment() {
        return segments.stream()
                .filter(s -> s.failedStep() != null)
                .findFirst()
                .orElse(null);
    }

    /**
     * This report as the last one of a run that ended with an error before its runner could
     * report (a missing credential, Jenkins going down): a segment still running ends as an error
     * with the message, so that no page shows it running forever.
     */
    public RunReport failedWith(String message) {
        List<SegmentReport> list = new ArrayList<>(segments.size());
        for (SegmentReport s : segments) {
            list.add(s.status() != SegmentStatus.RUNNING ? s : new SegmentReport(
                    s.index(), s.node(), s.job(), s.pod(), SegmentStatus.ERROR, s.start(), s.duration(), message,
                    s.steps(), s.attempts()));
        }
        return new RunReport(RunStatus.ERROR, message, list);
    }

    public String toJson() {
        return ReportJson.write(this);
    }

    public static RunReport fromJson(String json) {
        return ReportJson.read(json);
    }
}
