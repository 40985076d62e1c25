package io.jenkins.plugins.roiergasias.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.jenkins.plugins.roiergasias.kubernetes.Checkpoint;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.RunStatus;
import io.jenkins.plugins.roiergasias.report.SegmentReport;
import io.jenkins.plugins.roiergasias.report.SegmentStatus;
import io.jenkins.plugins.roiergasias.report.StepReport;
import io.jenkins.plugins.roiergasias.report.StepStatus;
import io.jenkins.plugins.roiergasias.segment.Segment;
import io.jenkins.plugins.roiergasias.settings.Fixtures;
import io.jenkins.plugins.roiergasias.workflow.StepType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveReportTest {
    private final List<Segment> plan = Fixtures.helloWorld();
    private final Instant t = Instant.parse("2025-01-01T10:00:00Z");

    @Test
    void eventsShowOnTheBuildPageBeforeTheRunEnds() {
        LiveReport live = new LiveReport(plan);
        assertEquals(SegmentStatus.NOT_RUN, live.snapshot().segments().get(0).status());

        live.segmentStarted(plan.get(0), t);
        live.placed(new Checkpoint("r", "ci", 0, "r-s000", "r-s000-p", null, 0, null));
        live.stepStarted(plan.get(0), 0, t.plusSeconds(1));
        RunReport mid = live.snapshot();
        assertEquals(RunStatus.ERROR, mid.status());
        assertEquals(LiveReport.UNFINISHED, mid.message());
        SegmentReport s0 = mid.segments().get(0);
        assertEquals(SegmentStatus.RUNNING, s0.status());
        assertEquals("r-s000", s0.job());
        assertEquals("r-s000-p", s0.pod());
        assertNotNull(s0.steps().get(0).start());

        live.stepFinished(plan.get(0), new StepReport(0, 0, StepType.PRINT, "Hello", StepStatus.OK, 0, t.plusSeconds(1),
                Duration.ofSeconds(2)), t.plusSeconds(5));
        StepReport step = live.snapshot().segments().get(0).steps().get(0);
        assertEquals(StepStatus.OK, step.status());
        assertEquals(Duration.ofSeconds(2), step.duration());

        SegmentReport done = new SegmentReport(0, "node1", "r-s000", "r-s000-p", SegmentStatus.SUCCEEDED, t,
                Duration.ofSeconds(4), null, List.of(step));
        live.segmentFinished(plan.get(0), done);
        assertEquals(done, live.snapshot().segments().get(0));
        assertEquals(SegmentStatus.NOT_RUN, live.snapshot().segments().get(1).status());
    }

    @Test
    void continuesAnEarlierSnapshotAfterARestart() {
        LiveReport first = new LiveReport(plan);
        SegmentReport done = new SegmentReport(0, "node1", "r-s000", "p", SegmentStatus.SUCCEEDED, t, Duration.ofSeconds(4),
                null, List.of());
        first.segmentFinished(plan.get(0), done);
        first.segmentStarted(plan.get(1), t.plusSeconds(5));
        RunReport saved = RunReport.fromJson(first.snapshot().toJson());

        LiveReport resumed = new LiveReport(saved);
        assertEquals(SegmentStatus.SUCCEEDED, resumed.snapshot().segments().get(0).status());
        assertEquals(SegmentStatus.RUNNING, resumed.snapshot().segments().get(1).status());
        resumed.stepStarted(plan.get(1), 1, t.plusSeconds(6));
        assertNotNull(resumed.snapshot().segments().get(1).steps().get(0).start());
    }
}
