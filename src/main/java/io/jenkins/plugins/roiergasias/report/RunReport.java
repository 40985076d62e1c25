package io.jenkins.plugins.roiergasias.report;

import edu.umd.cs.findbugs.annotations.CheckForNull;
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

    public String toJson() {
        return ReportJson.write(this);
    }

    public static RunReport fromJson(String json) {
        return ReportJson.read(json);
    }
}
