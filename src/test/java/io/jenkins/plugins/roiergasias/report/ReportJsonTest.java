package io.jenkins.plugins.roiergasias.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.roiergasias.workflow.StepType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportJsonTest {
    @Test
    void roundTrip() {
        Instant t = Instant.parse("2026-11-21T10:15:30.123456789Z");
        RunReport report = new RunReport(RunStatus.FAILED, "step 2 failed", List.of(
                new SegmentReport(0, "node1", "r-abc-s0", "r-abc-s0-xyz", SegmentStatus.SUCCEEDED, t,
                        Duration.ofMillis(1500), null,
                        List.of(new StepReport(0, 0, StepType.PRINT, "Hello", StepStatus.OK, 0, t, Duration.ofMillis(3)))),
                new SegmentReport(1, null, null, null, SegmentStatus.FAILED, t, null, "boom", List.of(
                        new StepReport(1, 1, StepType.EXECUTE, "false \"quoted\"", StepStatus.FAILED, 1, t, null),
                        new StepReport(2, 1, StepType.ENVIRONMENT, "A=1", StepStatus.NOT_RUN, null, null, null)))));
        String json = report.toJson();
        assertTrue(json.contains("\"status\":\"not_run\""), json);
        RunReport back = RunReport.fromJson(json);
        assertEquals(report.toJson(), back.toJson());
        assertEquals(Duration.ofMillis(1500), back.segments().get(0).duration());
        assertEquals(1, back.failedSegment().index());
    }

    @Test
    void garbageIsACleanError() {
        assertThrows(IllegalArgumentException.class, () -> RunReport.fromJson("{\"status\":\"bogus\"}"));
        assertThrows(IllegalArgumentException.class, () -> RunReport.fromJson("not json"));
    }
}
