package io.jenkins.plugins.roiergasias.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jenkins.plugins.roiergasias.kubernetes.jobs.JobOptions;
import io.jenkins.plugins.roiergasias.local.MarkerAtPieceBoundaryTest;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.RunStatus;
import io.jenkins.plugins.roiergasias.report.StepReport;
import io.jenkins.plugins.roiergasias.report.StepStatus;
import io.jenkins.plugins.roiergasias.run.Abort;
import io.jenkins.plugins.roiergasias.segment.Segment;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The log path of the mock API server cuts the same lines, with a timestamp in front: whatever the
 * length of a step's unterminated output around the 64 KiB pieces (the timestamp included), the
 * step's end marker is read and never printed.
 */
@Timeout(120)
class MarkerAtLogPieceBoundaryTest {
    private FakeCluster cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = new FakeCluster();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void everyStepEndsWhateverTheLengthOfItsUnterminatedOutput() throws Exception {
        // A kubelet timestamp and its space take 21 to 31 bytes in front of each line.
        List<Integer> lengths = MarkerAtPieceBoundaryTest.lengthsAroundBoundaries(150, 10, 65_408, 65_536, 130_816, 131_072);
        List<Segment> segments = Workflows.split(MarkerAtPieceBoundaryTest.workflow(lengths));
        MarkerAtPieceBoundaryTest.XCounter listener = new MarkerAtPieceBoundaryTest.XCounter();
        RunReport report = new KubernetesRunner(cluster.settings(), JobOptions.defaults(), listener, c -> {})
                .checkpointInterval(Duration.ZERO)
                .run("b-abcdefgh", segments, new Abort());

        assertEquals(RunStatus.SUCCEEDED, report.status(), report::message);
        List<StepReport> steps = report.segments().get(0).steps();
        for (int i = 0; i < lengths.size(); i++) {
            assertEquals(StepStatus.OK, steps.get(i).status(), "output of " + lengths.get(i) + " bytes");
        }
        listener.assertOnlyXs(lengths);
    }
}
