package io.jenkins.plugins.roiergasias.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

class CheckTextTest {
    private static final SegmentReport OK = new SegmentReport(0, "node1", "demo-s1", "demo-s1-abc",
            SegmentStatus.SUCCEEDED, Instant.EPOCH, Duration.ofMillis(1500), null,
            List.of(new StepReport(0, 0, StepType.PRINT, "Hello", StepStatus.OK, 0, Instant.EPOCH, Duration.ofSeconds(1))));
    private static final SegmentReport FAILED = new SegmentReport(1, "node2", "demo-s2", "demo-s2-def",
            SegmentStatus.FAILED, Instant.EPOCH, Duration.ofSeconds(2), "step failed",
            List.of(new StepReport(1, 1, StepType.EXECUTE, "exit 3", StepStatus.FAILED, 3, Instant.EPOCH,
                    Duration.ofSeconds(1))));

    @Test
    void aSucceededRunIsASuccessfulCheckWithOneRowPerSegment() {
        CheckText c = CheckText.of("roiergasias", "wf.yaml", new RunReport(RunStatus.SUCCEEDED, null, List.of(OK)), false);
        assertEquals("roiergasias", c.name());
        assertTrue(c.completed());
        assertEquals(CheckText.Conclusion.SUCCESS, c.conclusion());
        assertEquals("1 segment: 1 succeeded", c.title());
        assertTrue(c.summary().contains("| 1 | node1 | demo-s1 | succeeded | 1.5 s |  |\n"), c.summary());
    }

    @Test
    void aFailedRunNamesTheFailedStepAndExitCode() {
        CheckText c = CheckText.of("roiergasias-2", "text",
                new RunReport(RunStatus.FAILED, "step failed", List.of(OK, FAILED)), false);
        assertEquals("roiergasias-2: text", c.name(), "a build's second run is a check of its own");
        assertEquals(CheckText.Conclusion.FAILURE, c.conclusion());
        assertTrue(c.title().startsWith("Step 2 (execute: exit 3) of segment 2/2 on node2 failed with exit code 3"),
                c.title());
        assertTrue(c.summary().contains("| 2 | node2 | demo-s2 | failed: step failed | 2.0 s | step 2, execute: exit 3,"
                + " exit code 3 |"), c.summary());
    }

    @Test
    void runningAbortedAndErrorRuns() {
        RunReport live = new RunReport(RunStatus.ERROR, LiveReport.UNFINISHED, List.of(OK));
        CheckText running = CheckText.of("roiergasias", "wf.yaml", live, true);
        assertFalse(running.completed());
        assertEquals(CheckText.Conclusion.NONE, running.conclusion());
        assertEquals("running: 1 segment: 1 succeeded", running.title());
        assertEquals(CheckText.Conclusion.CANCELED,
                CheckText.of("roiergasias", "wf.yaml", new RunReport(RunStatus.ABORTED, "stop", List.of(OK)), false)
                        .conclusion());
        assertEquals(CheckText.Conclusion.FAILURE,
                CheckText.of("roiergasias", "wf.yaml", new RunReport(RunStatus.ERROR, "gone", List.of(OK)), false)
                        .conclusion());
    }

    @Test
    void workflowTextCannotAddLinksImagesHtmlOrCells() {
        String hostile = "![x](https://t.example/p.png) [click](javascript:alert(1)) <img src=x onerror=y> | `c` *e*\n# h";
        SegmentReport s = new SegmentReport(0, hostile, "j", null, SegmentStatus.ERROR, null, null, hostile, List.of());
        String summary = CheckText.of("roiergasias", hostile, new RunReport(RunStatus.ERROR, hostile, List.of(s)), false)
                .summary();
        String row = summary.lines().filter(l -> l.startsWith("| 1 |")).findFirst().orElseThrow();
        assertFalse(summary.contains("<img"), summary);
        assertFalse(summary.contains("]("), summary);
        assertFalse(summary.contains("!["), summary);
        assertEquals(8, row.split("(?<!\\\\)\\|", -1).length, "six cells between seven bars, no more: " + row);
        assertEquals("\\!\\[x\\]\\(https\\://t.example/p.png\\) &lt;b&gt; \\| \\`c\\` \\*e\\* \\# h",
                CheckText.markdown("![x](https://t.example/p.png) <b> | `c` *e*\n# h"));
    }
}
