package io.jenkins.plugins.roiergasias.page;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

class ConsoleLinesTest {
    private final List<Segment> segments = Fixtures.helloWorld();
    private final Segment s1 = segments.get(0);
    private final Segment s2 = segments.get(1);

    @Test
    void everyLineOfOutputCarriesItsSegmentAndNode() {
        ConsoleLines c = new ConsoleLines();
        String text = c.output(s1, "Hello", true) + c.output(s2, "hi", true);
        assertEquals("[s1 node1] Hello\n[s2 node2] hi\n", text);
    }

    @Test
    void anOpenLineContinuesWithoutPrefixAndIsClosedBeforeAnythingElse() {
        ConsoleLines c = new ConsoleLines();
        String text = c.output(s2, "progress: 10%", false) + c.output(s2, " 20%", false)
                + c.stepFinished(s2, step(StepStatus.OK, 0)) + c.output(s1, "next", false) + c.output(s2, "other", true);
        assertEquals("[s2 node2] progress: 10% 20%\n[s2 node2] ── step 2 ok (1.5 s)\n[s1 node1] next\n[s2 node2] other\n", text);
    }

    @Test
    void headers() {
        ConsoleLines c = new ConsoleLines();
        assertEquals("[roiergasias] ── segment 2/2 (node2) started\n", c.segmentStarted(s2));
        assertEquals("[s2 node2] ── step 2 (execute: echo hi (+1 more))\n", c.stepStarted(s2, 1));
        assertEquals("[s2 node2] ── step 2 failed with exit code 3 (1.5 s)\n", c.stepFinished(s2, step(StepStatus.FAILED, 3)));
        SegmentReport failed = new SegmentReport(1, "node2", "hello-abc-s001", "hello-abc-s001-x1", SegmentStatus.FAILED,
                Instant.EPOCH, Duration.ofSeconds(3), "step 2 failed", List.of());
        assertEquals("[roiergasias] ── segment 2/2 (node2) failed in 3.0 s (Job hello-abc-s001, pod hello-abc-s001-x1): step 2 failed\n",
                c.segmentFinished(s2, failed));
        assertEquals("[roiergasias] Job created\n", c.progress("Job created"));
    }

    private static StepReport step(StepStatus status, int exit) {
        return new StepReport(1, 1, StepType.EXECUTE, "echo hi", status, exit, Instant.EPOCH, Duration.ofMillis(1500));
    }
}
