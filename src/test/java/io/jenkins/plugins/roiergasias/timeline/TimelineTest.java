package io.jenkins.plugins.roiergasias.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.RunStatus;
import io.jenkins.plugins.roiergasias.report.SegmentReport;
import io.jenkins.plugins.roiergasias.report.SegmentStatus;
import io.jenkins.plugins.roiergasias.report.StepReport;
import io.jenkins.plugins.roiergasias.report.StepStatus;
import io.jenkins.plugins.roiergasias.workflow.StepType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineTest {
    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");

    private static SegmentReport seg(int i, String node, SegmentStatus status, Instant start, Duration d, StepReport... steps) {
        return new SegmentReport(i, node, "j" + i, "p" + i, status, start, d, null, List.of(steps));
    }

    @Test
    void barsArePlacedOnACommonTimeAxis() {
        RunReport r = new RunReport(RunStatus.FAILED, null, List.of(
                seg(0, "node1", SegmentStatus.SUCCEEDED, T0, Duration.ofSeconds(60),
                        new StepReport(0, 0, StepType.PRINT, "Hello", StepStatus.OK, 0, T0.plusSeconds(10), Duration.ofSeconds(20))),
                seg(1, "node2", SegmentStatus.FAILED, T0.plusSeconds(60), Duration.ofSeconds(60)),
                seg(2, null, SegmentStatus.NOT_RUN, null, null)));
        Timeline t = Timeline.of(r, T0.plusSeconds(500), 1172);
        double plot = 1172 - Timeline.LABEL_WIDTH - 12;

        Timeline.Box b0 = t.rows().get(0).bar();
        Timeline.Box b1 = t.rows().get(1).bar();
        assertEquals(Timeline.LABEL_WIDTH, b0.x());
        assertEquals(plot / 2, b0.width(), 0.1);
        assertEquals(Timeline.LABEL_WIDTH + plot / 2, b1.x(), 0.1);
        assertTrue(b1.y() > b0.y());
        assertEquals("#c62828", b1.color());
        assertTrue(b1.title().contains("s2 node2: failed in 1m00s"), b1.title());

        Timeline.Box step = t.rows().get(0).steps().get(0);
        assertEquals(Timeline.LABEL_WIDTH + plot / 12, step.x(), 0.1);
        assertEquals(plot / 6, step.width(), 0.6);

        assertNull(t.rows().get(2).bar());
        assertEquals("s3 any node", t.rows().get(2).label());
        assertEquals("not-run", t.rows().get(2).status());
        assertEquals("0s", t.ticks().get(0).label());
        assertTrue(t.ticks().size() >= 2 && t.ticks().size() <= 7, t.ticks().toString());
        assertEquals(Timeline.AXIS_HEIGHT + 3 * Timeline.ROW_HEIGHT + 4, t.height());
    }

    @Test
    void aRunningSegmentReachesNowAndNothingStartedStillDraws() {
        RunReport r = new RunReport(RunStatus.ERROR, "unfinished", List.of(
                seg(0, "node1", SegmentStatus.RUNNING, T0, null)));
        Timeline t = Timeline.of(r, T0.plusSeconds(30), 100);
        assertEquals(Timeline.MIN_WIDTH, t.width());
        assertEquals(Timeline.MIN_WIDTH - Timeline.LABEL_WIDTH - 12, t.rows().get(0).bar().width(), 0.1);

        Timeline empty = Timeline.of(new RunReport(RunStatus.ERROR, null, List.of(seg(0, "n", SegmentStatus.NOT_RUN, null, null))),
                T0, 600);
        assertNull(empty.rows().get(0).bar());
        assertEquals("0s", empty.ticks().get(0).label());
    }
}
