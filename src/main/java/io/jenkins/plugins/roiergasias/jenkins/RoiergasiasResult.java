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

    @Override
    public String toString() {
        return "roiergasias " + status + ": " + succeededSegments + "/" + segmentCount + " segments succeeded"
                + (failedStep == null ? "" : ", " + failedStep + " failed with exit code " + exitCode);
    }
}
