package io.jenkins.plugins.roiergasias.page;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.roiergasias.kubernetes.Checkpoint;
import io.jenkins.plugins.roiergasias.report.ReportBuilder;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.RunStatus;
import io.jenkins.plugins.roiergasias.report.SegmentReport;
import io.jenkins.plugins.roiergasias.report.StepReport;
import io.jenkins.plugins.roiergasias.segment.Segment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The report of a run while it happens, fed from the runner's listener events and checkpoints, so
 * that the build page shows progress before the run ends. A finished segment is shown as the
 * runner reported it; the others as the events built them. Thread-safe.
 *
 * <p>A snapshot says {@link RunStatus#ERROR} "did not finish": that is what the report means if
 * Jenkins stops and never resumes the run; the runner's final report replaces it.
 */
public final class LiveReport {
    /** The message of a snapshot taken before the run ended. */
    public static final String UNFINISHED = "the run did not finish";

    private final ReportBuilder builder;
    private final SegmentReport[] finished;

    public LiveReport(List<Segment> plan) {
        builder = new ReportBuilder(plan);
        finished = new SegmentReport[plan.size()];
    }

    /** Continues an earlier snapshot (after a Jenkins restart); its finished segments stay as they were. */
    public LiveReport(RunReport earlier) {
        builder = new ReportBuilder(earlier);
        finished = new SegmentReport[earlier.segments().size()];
        for (SegmentReport s : earlier.segments()) {
            if (s.status().finished()) {
                finished[s.index()] = s;
            }
        }
    }

    public synchronized void segmentStarted(Segment segment, Instant at) {
        finished[segment.index()] = null;
        builder.segmentStarted(segment.index(), at);
    }

    /** @param step the workflow-wide step index */
    public synchronized void stepStarted(Segment segment, int step, Instant at) {
        try {
            builder.stepStarted(segment.index(), step, at);
        } catch (IllegalArgumentException e) {
            // a step the plan does not know: nothing to show
        }
    }

    public synchronized void stepFinished(Segment segment, StepReport step, Instant now) {
        Instant end = step.start() != null && step.duration() != null ? step.start().plus(step.duration()) : now;
        try {
            builder.stepFinished(segment.index(), step.index(), step.exitCode() == null ? 0 : step.exitCode(), end);
        } catch (IllegalArgumentException e) {
            // a step the plan does not know: nothing to show
        }
    }

    public synchronized void segmentFinished(Segment segment, SegmentReport report) {
        finished[segment.index()] = report;
    }

    /** A failed attempt of the segment ends and the segment will run again: the page lists the attempt. */
    public synchronized void segmentRetrying(Segment segment, SegmentReport failed, Instant at) {
        finished[segment.index()] = null;
        builder.segmentPlaced(segment.index(), failed.job(), failed.pod());
        builder.segmentFinished(segment.index(), failed.status(), failed.message(), at);
        builder.segmentRetrying(segment.index(), at);
    }

    /** Records where the checkpoint's segment runs (its Job and pod). */
    public synchronized void placed(Checkpoint checkpoint) {
        if (checkpoint.segment() >= 0 && checkpoint.segment() < finished.length) {
            builder.segmentPlaced(checkpoint.segment(), checkpoint.job(), checkpoint.pod());
        }
    }

    /**
     * Hands the report as it stands to {@code sink} while no event can change it, so that snapshots
     * reach the sink in the order they were taken: the last one delivered is the newest, whichever
     * threads publish.
     */
    public synchronized void publishTo(Consumer<RunReport> sink) {
        sink.accept(snapshot());
    }

    /** The report as it stands; see the class comment for its status. */
    public synchronized RunReport snapshot() {
        RunReport live = builder.snapshot(RunStatus.ERROR, UNFINISHED);
        List<SegmentReport> segments = new ArrayList<>(live.segments().size());
        for (SegmentReport s : live.segments()) {
            @CheckForNull SegmentReport done = finished[s.index()];
            segments.add(done != null ? done : s);
        }
        return new RunReport(RunStatus.ERROR, UNFINISHED, segments);
    }
}
