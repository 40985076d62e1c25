package io.jenkins.plugins.roiergasias.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jenkins.plugins.roiergasias.kubernetes.Checkpoint;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.RunStatus;
import io.jenkins.plugins.roiergasias.report.SegmentReport;
import io.jenkins.plugins.roiergasias.report.SegmentStatus;
import io.jenkins.plugins.roiergasias.report.StepReport;
import io.jenkins.plugins.roiergasias.report.StepStatus;
import io.jenkins.plugins.roiergasias.settings.Fixtures;
import io.jenkins.plugins.roiergasias.workflow.StepType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunMessagesTest {
    private static SegmentReport ok() {
        return new SegmentReport(0, "node1", "j-s000", "p0", SegmentStatus.SUCCEEDED, Instant.EPOCH, Duration.ofSeconds(2),
                null, List.of(new StepReport(0, 0, StepType.PRINT, "Hello", StepStatus.OK, 0, Instant.EPOCH, Duration.ofSeconds(1))));
    }

    @Test
    void aFailedStepIsNamedWithSegmentNodeAndExitCode() {
        SegmentReport failed = new SegmentReport(1, "node2", "j-s001", "p1", SegmentStatus.FAILED, Instant.EPOCH,
                Duration.ofSeconds(2), "step failed", List.of(new StepReport(1, 1, StepType.EXECUTE, "exit 3",
                        StepStatus.FAILED, 3, Instant.EPOCH, Duration.ofSeconds(1))));
        RunReport r = new RunReport(RunStatus.FAILED, "a step failed", List.of(ok(), failed));
        assertEquals("Step 2 (execute: exit 3) of segment 2/2 on node2 failed with exit code 3 (Job j-s001).",
                RunMessages.failure(r));
        assertEquals("2 segments: 1 succeeded, 1 failed", RunMessages.summary(r));
    }

    @Test
    void clusterErrorsAndAbortsSayWhat() {
        SegmentReport stuck = new SegmentReport(1, "node9", "j-s001", null, SegmentStatus.ERROR, Instant.EPOCH,
                Duration.ofMinutes(5), "no node has the label node.roiergasias=node9", List.of());
        assertEquals("Segment 2/2 on node9 could not run: no node has the label node.roiergasias=node9",
                RunMessages.failure(new RunReport(RunStatus.ERROR, null, List.of(ok(), stuck))));
        assertEquals("The run was aborted: by user", RunMessages.failure(new RunReport(RunStatus.ABORTED, "by user", List.of(ok()))));
        assertNull(RunMessages.failure(new RunReport(RunStatus.SUCCEEDED, null, List.of(ok()))));
    }

    @Test
    void statusNamesSegmentJobAndPod() {
        assertEquals("starting", RunMessages.waitingOn(null, Fixtures.helloWorld()));
        Checkpoint c = new Checkpoint("hello-abc", "ci", 1, "hello-abc-s001", "hello-abc-s001-xyz", null, 0, null);
        assertEquals("waiting for segment 2/2 (node2): Job ci/hello-abc-s001, pod hello-abc-s001-xyz",
                RunMessages.waitingOn(c, Fixtures.helloWorld()));
    }
}
