package io.jenkins.plugins.roiergasias.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.roiergasias.kubernetes.jobs.CleanupPolicy;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.JobOptions;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.RunStatus;
import io.jenkins.plugins.roiergasias.report.SegmentStatus;
import io.jenkins.plugins.roiergasias.report.StepStatus;
import io.jenkins.plugins.roiergasias.run.Abort;
import io.jenkins.plugins.roiergasias.segment.Segment;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs workflows against the mock API server, the test playing the cluster, and checks what a user sees. */
@Timeout(60)
class KubernetesRunnerTest {
    private FakeCluster cluster;
    private final Recorder recorder = new Recorder();

    @BeforeEach
    void start() throws Exception {
        cluster = new FakeCluster();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private RunReport run(List<Segment> segments, JobOptions options) {
        return new KubernetesRunner(cluster.settings(), options, recorder, recorder.checkpoints::add)
                .run("t-abcdefgh", segments, new Abort());
    }

    @Test
    void multiNodeHelloWorldRunsThreeJobsOnTheirNodes() throws Exception {
        List<Segment> segments = Workflows.example("hello-world-multi-node.yaml");
        RunReport report = run(segments, JobOptions.defaults());

        assertEquals(RunStatus.SUCCEEDED, report.status(), recorder::toString);
        assertEquals(List.of(
                "[1] Hello from node1",
                "[1] Welcome to the demo workflow!",
                "[2] Warm greetings! from node2",
                "[3] Goodbye from node2"), recorder.output);
        assertEquals(List.of("node1", "node2", "node2"), report.segments().stream().map(s -> s.node()).toList());
        assertTrue(recorder.saw("segment 1/3 (node1): pod t-abcdefgh-s1-"), recorder::toString);
        assertTrue(recorder.progress.stream().anyMatch(p -> p.startsWith("segment 2/3 (node2): pod ")
                && p.endsWith("scheduled on node node2")), recorder::toString);
        report.segments().forEach(s -> {
            assertEquals(SegmentStatus.SUCCEEDED, s.status());
            assertTrue(s.job().startsWith("t-abcdefgh-s"));
            assertTrue(s.pod() != null && s.pod().startsWith(s.job() + "-"), s::toString);
            s.steps().forEach(st -> assertEquals(StepStatus.OK, st.status(), st::toString));
        });
        FakeCluster.await("no objects left", Duration.ofSeconds(10), () -> cluster.objects().isEmpty());
        // per segment: create configmap + job, patch configmap, 2 informers (list + watch each),
        // log (follow, then verify), delete job + configmap
        assertEquals(3, cluster.runnerRequests("POST", "/jobs"));
        assertEquals(3, cluster.runnerRequests("PATCH", "/configmaps/"));
        // per segment: create ConfigMap, create Job, patch ConfigMap, list + watch Job and pods, delete
        // Job and ConfigMap; plus the log: follow (again while the program still runs), verify
        // and once per run, before the first segment: access reviews of the permissions whose lack
        // would show only after a Job ran (the mock server does not answer them: one, then none)
        long reviews = cluster.runnerRequests("POST", "selfsubjectaccessreviews");
        assertTrue(reviews >= 1 && reviews <= 3, () -> cluster.runnerRequests().toString());
        long api = cluster.runnerRequests().stream().filter(r -> !r.path().contains("/log?")).count() - reviews;
        long logs = cluster.runnerRequests().size() - api - reviews;
        assertEquals(3 * 9, api, () -> cluster.runnerRequests().toString());
        assertTrue(logs >= 3 * 2 && logs <= 3 * 4, () -> cluster.runnerRequests().toString());
    }

    @Test
    void failingStepStopsTheWorkflowWithItsExitCode() throws Exception {
        List<Segment> segments = Workflows.split("""
                version: 0.1
                task:
                  - node: node1
                    sequential:
                      - print: ["before"]
                      - execute: ["echo failing; exit 3"]
                      - print: ["never"]
                  - node: node2
                    sequential:
                      - print: ["not reached"]
                """);
        RunReport report = run(segments, JobOptions.defaults());

        assertEquals(RunStatus.FAILED, report.status(), recorder::toString);
        assertEquals(List.of("[1] before", "[1] failing"), recorder.output);
        var steps = report.segments().get(0).steps();
        assertEquals(StepStatus.OK, steps.get(0).status());
        assertEquals(StepStatus.FAILED, steps.get(1).status());
        assertEquals(3, steps.get(1).exitCode());
        assertEquals(StepStatus.NOT_RUN, steps.get(2).status());
        assertEquals(SegmentStatus.NOT_RUN, report.segments().get(1).status());
        assertTrue(report.message().contains("step 2 (execute: echo failing; exit 3) failed with exit code 3"),
                report::message);
        FakeCluster.await("no objects left", Duration.ofSeconds(10), () -> cluster.objects().isEmpty());
        assertEquals(1, cluster.runnerRequests("POST", "/jobs"));
    }

    @Test
    void failedSegmentIsKeptWhenTheUserAsks() throws Exception {
        List<Segment> segments = Workflows.split("""
                version: 0.1
                task:
                  - sequential:
                      - execute: ["exit 4"]
                """);
        RunReport report = run(segments, JobOptions.defaults().withCleanup(CleanupPolicy.KEEP_ON_FAILURE));

        assertEquals(RunStatus.FAILED, report.status());
        assertTrue(recorder.saw("kept Job t-abcdefgh-s1"), recorder::toString);
        List<String> left = cluster.objects();
        assertTrue(left.contains("job/t-abcdefgh-s1") && left.contains("configmap/t-abcdefgh-s1"), left::toString);
        var owners = cluster.admin.configMaps().inNamespace(FakeCluster.NAMESPACE).withName("t-abcdefgh-s1").get()
                .getMetadata().getOwnerReferences();
        assertEquals(1, owners.size(), "the Job owns its ConfigMap");
        assertEquals("Job", owners.get(0).getKind());
        assertEquals("t-abcdefgh-s1", owners.get(0).getName());
        assertEquals(cluster.admin.batch().v1().jobs().inNamespace(FakeCluster.NAMESPACE).withName("t-abcdefgh-s1")
                .get().getMetadata().getUid(), owners.get(0).getUid());
        assertTrue(cluster.admin.configMaps().inNamespace(FakeCluster.NAMESPACE).withName("t-abcdefgh-s1").get()
                .getData().containsKey("program.sh"), "the patch kept the data");
    }
}
