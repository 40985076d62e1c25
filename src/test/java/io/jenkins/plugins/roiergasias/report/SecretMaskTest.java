package io.jenkins.plugins.roiergasias.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.roiergasias.segment.Segment;
import io.jenkins.plugins.roiergasias.segment.Segmenter;
import io.jenkins.plugins.roiergasias.workflow.ExecuteStep;
import io.jenkins.plugins.roiergasias.workflow.Position;
import io.jenkins.plugins.roiergasias.workflow.Task;
import io.jenkins.plugins.roiergasias.workflow.Workflow;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretMaskTest {
    private static final String SECRET = "hunter2-Pa55w0rd-xyz";

    private static RunReport reportOf(String command, String terminationMessage) {
        Task t = new Task(0, "node1", List.of(new ExecuteStep(List.of(command), new Position(4, 7))), new Position(3, 5));
        List<Segment> plan = Segmenter.split(new Workflow("w.yaml", "0.1", List.of(), List.of(t)), false);
        ReportBuilder b = new ReportBuilder(plan);
        Instant at = Instant.parse("2025-01-01T10:00:00Z");
        b.segmentStarted(0, at);
        b.stepStarted(0, 0, at);
        b.stepFinished(0, 0, 1, at.plusSeconds(1));
        b.segmentFinished(0, SegmentStatus.FAILED, terminationMessage, at.plusSeconds(2));
        return b.snapshot(RunStatus.FAILED, "segment 1/1 (node1): " + terminationMessage);
    }

    @Test
    void aTerminationMessageWithTheLogTailIsMaskedEverywhereItIsStored() {
        RunReport raw = reportOf("./deploy.sh", "login failed for password " + SECRET + "\nexit 1");
        RunReport masked = new SecretMask(List.of(SECRET)).mask(raw);
        assertTrue(raw.toJson().contains(SECRET));
        assertFalse(masked.toJson().contains(SECRET), masked.toJson());
        assertEquals("login failed for password ****\nexit 1", masked.segments().get(0).message());
        assertTrue(masked.message().endsWith("password ****\nexit 1"), masked.message());
    }

    @Test
    void aSecretThatTheSummaryCutSplitsIsHiddenToo() {
        for (int at = 40; at <= 60; at++) {
            String command = "x".repeat(at) + " --token " + SECRET + " --verbose";
            RunReport raw = reportOf(command, null);
            String summary = new SecretMask(List.of(SECRET)).mask(raw).segments().get(0).steps().get(0).summary();
            for (int n = 2; n <= SECRET.length(); n++) {
                assertFalse(summary.contains(SECRET.substring(0, n)), "cut at " + at + ": " + summary);
            }
            String rawSummary = raw.segments().get(0).steps().get(0).summary();
            if (rawSummary.contains(SECRET.substring(0, 4)) && !rawSummary.contains(SECRET)) {
                assertTrue(summary.contains("****..."), summary); // the split secret, which a console filter misses
            }
        }
    }

    @Test
    void maskingLeavesOtherTextAlone() {
        SecretMask mask = new SecretMask(List.of(SECRET, "", "  "));
        assertEquals("echo hello...", mask.maskSummary("echo hello..."));
        assertEquals("a **** b", mask.mask("a " + SECRET + " b"));
        RunReport clean = reportOf("echo ok", null);
        assertEquals(clean.toJson(), mask.mask(clean).toJson());
        SecretMask none = new SecretMask(List.of());
        assertTrue(none.isEmpty());
        assertSame(clean, none.mask(clean));
    }

    @Test
    void aMultiLineSecretIsFoundInTheOneLineSummary() {
        String key = "-----BEGIN KEY-----\nabc123\n-----END KEY-----";
        SecretMask mask = new SecretMask(List.of(key));
        assertEquals("echo **** (+1 more)", mask.maskSummary("echo -----BEGIN KEY----- abc123 -----END KEY----- (+1 more)"));
    }
}
