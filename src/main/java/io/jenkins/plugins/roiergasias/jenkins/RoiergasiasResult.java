package io.jenkins.plugins.roiergasias.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.SegmentReport;
import io.jenkins.plugins.roiergasias.report.SegmentStatus;
import io.jenkins.plugins.roiergasias.report.StepReport;
import java.io.Serializable;
import java.util.Locale;
import org.jenkinsci.plugins.scriptsecurity.sandbox.whitelists.Whitelisted;

/**
 * What the {@code roiergasias} step returns to a Pipeline script:
 * {@code def r = roiergasias text: ...; echo "${r.segmentCount} segments, ${r.status}"}.
 * Plain fields only, so that it is stored with the Pipeline program like any value.
 */
public class RoiergasiasResult implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String status;
    private final String runId;
    private final int segmentCount;
    private final int succeededSegments;
    private final boolean dryRun;
    @CheckForNull
    private final String failedStep;
    @CheckForNull
    private final Integer exitCode;
    // Since propagate: false; null in results stored before.
    @CheckForNull
    private final String message;
    @CheckForNull
    private final Integer failedSegment;
    @CheckForNull
    private final String failedNode;
    @CheckForNull
    private final Integer failedStepNumber;
    private final int attempts;

    RoiergasiasResult(RunReport report, @CheckForNull String runId) {
        this.status = report.status().name().toLowerCase(Locale.ROOT);
        this.runId = runId;
        this.segmentCount = report.segments().size();
        this.succeededSegments = (int) report.segments().stream()
                .filter(s -> s.status() == SegmentStatus.SUCCEEDED)
                .count();
        this.dryRun = false;
        SegmentReport seg = report.failedSegment();
        StepReport step = seg == null ? null : seg.failedStep();
        this.failedStep = step == null
                ? null
                : "step " + (step.index() + 1) + " (" + step.type().key() + ") of segment " + (seg.index() + 1) + " on "
                        + (seg.node() == null ? "any node" : seg.node());
        this.exitCode = step == null ? null : step.exitCode();
        this.message = report.message();
        SegmentReport ended = seg != null ? seg : report.segments().stream()
                .filter(s -> s.status().finished() && s.status() != SegmentStatus.SUCCEEDED)
                .findFirst()
                .orElse(null);
        this.failedSegment = ended == null ? null : ended.index() + 1;
        this.failedNode = ended == null ? null : ended.node();
        this.failedStepNumber = step == null ? null : step.index() + 1;
        this.attempts = report.segments().stream().mapToInt(SegmentReport::attemptCount).sum();
    }

    /** The summary of a dry run: nothing ran. */
    RoiergasiasResult(int segmentCount) {
        this.status = "dry run";
        this.runId = null;
        this.segmentCount = segmentCount;
        this.succeededSegments = 0;
        this.dryRun = true;
        this.failedStep = null;
        this.exitCode = null;
        this.message = null;
        this.failedSegment = null;
        this.failedNode = null;
        this.failedStepNumber = null;
        this.attempts = 0;
    }

    /** {@code succeeded}, {@code failed}, {@code aborted}, {@code error}, or {@code dry run}. */
    @Whitelisted
    public String getStatus() {
        return status;
    }

    @Whitelisted
    public boolean isSuccessful() {
        return "succeeded".equals(status);
    }

    /** The id every Kubernetes object of the run is named and labelled with. */
    @Whitelisted
    @CheckForNull
    public String getRunId() {
        return runId;
    }

    @Whitelisted
    public int getSegmentCount() {
        return segmentCount;
    }

    @Whitelisted
    public int getSucceededSegments() {
        return succeededSegments;
    }

    @Whitelisted
    public boolean isDryRun() {
        return dryRun;
    }

    /** E.g. {@code step 3 (execute) of segment 2 on node2}; null when no step failed. */
    @Whitelisted
    @CheckForNull
    public String getFailedStep() {
        return failedStep;
    }

    @Whitelisted
    @CheckForNull
    public Integer getExitCode() {
        return exitCode;
    }

    /** Why the run did not succeed, as the console says it; null when it succeeded. */
    @Whitelisted
    @CheckForNull
    public String getMessage() {
        return message;
    }

    /** The 1-based number of the segment that failed (a step, or the cluster); null when none did. */
    @Whitelisted
    @CheckForNull
    public Integer getFailedSegment() {
        return failedSegment;
    }

    /** The node that segment was pinned to; null for an unpinned segment or when none failed. */
    @Whitelisted
    @CheckForNull
    public String getFailedNode() {
        return failedNode;
    }

    /** The 1-based, workflow-wide number of the failed step, as the console counts; null when no step failed. */
    @Whitelisted
    @CheckForNull
    public Integer getFailedStepNumber() {
        return failedStepNumber;
    }

    /** How many Jobs ran, retries included (one per segment run when nothing was retried). */
    @Whitelisted
    public int getAttempts() {
        return attempts;
    }

    @Override
    public String toString() {
        return "roiergasias " + status + ": " + succeededSegments + "/" + segmentCount + " segments succeeded"
                + (failedStep == null ? "" : ", " + failedStep + " failed with exit code " + exitCode);
    }
}
