package io.jenkins.plugins.roiergasias.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jenkins.plugins.roiergasias.workflow.StepType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunReportTest {
    @Test
    void aRunThatEndsWithoutItsRunnerShowsNoSegmentRunning() {
        Instant t = Instant.parse("2025-01-01T10:00:00Z");
        StepReport step = new StepReport(0, 0, StepType.PRINT, "hi", StepStatus.NOT_RUN, null, null, null);
        RunReport live = new RunReport(RunStatus.ERROR, "the run did not finish", List.of(
                new SegmentReport(0, "node1", "r-s0", null, SegmentStatus.SUCCEEDED, t, null, null, List.of(step)),
                new SegmentReport(1, "node2", "r-s1", null, SegmentStatus.RUNNING, t, null, null, List.of(step)),
                new SegmentReport(2, "node3", null, null, SegmentStatus.NOT_RUN, null, null, null, List.of(step))));
        RunReport ended = live.failedWith("No credentials with id \"k8s\"");
        assertEquals(RunStatus.ERROR, ended.status());
        assertEquals("No credentials with id \"k8s\"", ended.message());
        assertEquals(List.of(SegmentStatus.SUCCEEDED, SegmentStatus.ERROR, SegmentStatus.NOT_RUN),
                ended.segments().stream().map(SegmentReport::status).toList());
        assertEquals("No credentials with id \"k8s\"", ended.segments().get(1).message());
        assertEquals("r-s1", ended.segments().get(1).job());
    }
}
