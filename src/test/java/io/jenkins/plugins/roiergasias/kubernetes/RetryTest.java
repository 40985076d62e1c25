package io.jenkins.plugins.roiergasias.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.JobOptions;
import io.jenkins.plugins.roiergasias.report.JunitXml;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.RunStatus;
import io.jenkins.plugins.roiergasias.report.SegmentAttempt;
import io.jenkins.plugins.roiergasias.report.SegmentReport;
import io.jenkins.plugins.roiergasias.report.SegmentStatus;
import io.jenkins.plugins.roiergasias.report.StepStatus;
import io.jenkins.plugins.roiergasias.run.Abort;
import io.jenkins.plugins.roiergasias.run.RetryPolicy;
import io.jenkins.plugins.roiergasias.run.StepTails;
import io.jenkins.plugins.roiergasias.segment.Segment;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Segment retries against the mock API server: which failures run a segment again, as a new Job,
 * after which waits (recorded, not slept), without running earlier segments again, and how every
 * attempt shows in the progress lines and the report.
 */
@Timeout(60)
class RetryTest {
    private static final String RUN = "t-retrying";

    private FakeCluster cluster;
    private final Recorder recorder = new Recorder();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        cluster = new FakeCluster();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private KubernetesRunner runner(RetryPolicy policy, io.jenkins.plugins.roiergasias.run.RunListener listener) {
        return new KubernetesRunner(cluster.settings(), JobOptions.defaults(), listener, recorder.checkpoints::add)
                .retries(policy)
                .retrySleeper(d -> {
                    waits.add(d);
                    return false;
                });
    }

    private static final String TWO_SEGMENTS = """
            version: 0.1
            task:
              - node: node1
                sequential:
                  - print: ["prepared"]
              - node: node2
                sequential:
                  - execute: ["echo training"]
            """;

    @Test
    void anEvictedPodIsRetriedAsANewJobWithoutRunningEarlierSegmentsAgain() throws Exception {
        cluster.kubelet.behaviour = j -> j.getMetadata().getName().equals(RUN + "-s2")
                ? FakeKubelet.Behaviour.EVICTED : FakeKubelet.Behaviour.RUN;
        RunReport report = runner(RetryPolicy.of(2, null), recorder).run(RUN, Workflows.split(TWO_SEGMENTS), new Abort());

        assertEquals(RunStatus.SUCCEEDED, report.status(), recorder::toString);
        assertEquals(List.of("[1] prepared", "[2] training"), recorder.output);
        assertEquals(3, cluster.runnerRequests("POST", "/jobs"), "s1, s2, s2-r1: segment 1 ran once");
        SegmentReport s2 = report.segments().get(1);
        assertEquals(RUN + "-s2-r1", s2.job());
        assertEquals(2, s2.attemptCount());
        SegmentAttempt first = s2.attempts().get(0);
        assertEquals(RUN + "-s2", first.job());
        assertEquals(SegmentStatus.ERROR, first.status());
        assertTrue(first.message().startsWith("the pod was evicted from its node"), first::message);
        assertEquals(1, report.segments().get(0).attemptCount());
        assertEquals(List.of(Duration.ofSeconds(10)), waits);
        assertTrue(recorder.saw("segment 2/2 (node2): attempt 1 of 3 failed (Job " + RUN + "-s2: the pod was evicted"),
                recorder::toString);
        assertTrue(recorder.saw("attempt 2 in 10 s as Job " + RUN + "-s2-r1"), recorder::toString);
        assertTrue(recorder.saw("Job " + RUN + "-s2-r1 (attempt 2) created"), recorder::toString);
        assertEquals(List.of(SegmentStatus.SUCCEEDED, SegmentStatus.ERROR, SegmentStatus.SUCCEEDED),
                recorder.segments.stream().map(SegmentReport::status).toList(), "every attempt's end is told");
        FakeCluster.await("no objects left", Duration.ofSeconds(10), () -> cluster.objects().isEmpty());
        RunReport again = RunReport.fromJson(report.toJson());
        assertEquals(report.toJson(), again.toJson(), "attempts survive the JSON of the build page and a restart");
        assertEquals(first.message(), again.segments().get(1).attempts().get(0).message());
        assertTrue(report.toJson().contains("\"attempts\":[{\"number\":1,\"job\":\"" + RUN + "-s2\""),
                report::toJson);
        assertFalse(report.toJson().replace("\"attempts\":[{", "").contains("\"attempts\""),
                "a segment that was not retried has no attempts field: its JSON is as before");
    }

    @Test
    void aPodDeletedWhileItRunsIsRetriedAndTheSecondAttemptFinishesTheSegment() throws Exception {
        deletedPodIsRetried(true); // Kubernetes 1.20: the Job controller would replace the pod silently
    }

    @Test
    void aDeletedPodThatTheJobCountsAsFailedIsRetriedToo() throws Exception {
        deletedPodIsRetried(false); // job tracking finalizers: the deleted pod fails the Job
    }

    private void deletedPodIsRetried(boolean replaced) throws Exception {
        // As on the real cluster: the retry's pod is named after its Job, and a replacement pod of the
        // first Job (Kubernetes 1.20) would start the first attempt's work again.
        List<Segment> segments = Workflows.split("""
                version: 0.1
                task:
                  - sequential:
                      - print: ["start"]
                      - execute:
                          - "case $HOSTNAME in *-s1-r1-*) echo second attempt;; *) echo first attempt; sleep 30;; esac"
                """);
        Thread deleter = new Thread(() -> {
            try {
                FakeCluster.await("the first attempt runs", Duration.ofSeconds(30),
                        () -> recorder.output.contains("[1] first attempt"));
                Pod pod = cluster.admin.pods().inNamespace(FakeCluster.NAMESPACE).withLabel("job-name", RUN + "-s1")
                        .list().getItems().get(0);
                cluster.kubelet.deleteRunning(pod.getMetadata().getName(), replaced);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        deleter.start();
        StepTails tails = new StepTails(recorder);
        RunReport report = runner(RetryPolicy.of(1, "infrastructure"), tails).run(RUN, segments, new Abort());
        deleter.join();

        assertEquals(RunStatus.SUCCEEDED, report.status(), recorder::toString);
        List<String> out = recorder.output;
        assertEquals(List.of("[1] start", "[1] first attempt"), out.subList(0, 2), out::toString);
        assertEquals(List.of("[1] start", "[1] second attempt"), out.subList(out.size() - 2, out.size()),
                "the retry, a new Job, finished the segment: " + out);
        assertEquals(2, cluster.runnerRequests("POST", "/jobs"));
        SegmentAttempt first = report.segments().get(0).attempts().get(0);
        assertTrue(first.message().contains("was deleted while it ran"), first::message);
        assertEquals(RUN + "-s1", first.job());
        assertEquals(RUN + "-s1-r1", report.segments().get(0).job());
        report.segments().get(0).steps().forEach(s -> assertEquals(StepStatus.OK, s.status()));
        String xml = JunitXml.write(report, "test.yaml", tails::tail);
        assertFalse(xml.contains("<failure") || xml.contains("<error"), xml);
    }

    @Test
    void aFailedStepIsRetriedOnlyWithRetryOnAnyWithGrowingWaitsAndEveryAttemptIsKept() throws Exception {
        String failing = """
                version: 0.1
                task:
                  - sequential:
                      - execute: ["echo flaky; exit 5"]
                """;
        RunReport once = runner(RetryPolicy.of(3, null), recorder).run(RUN, Workflows.split(failing), new Abort());
        assertEquals(RunStatus.FAILED, once.status());
        assertEquals(1, cluster.runnerRequests("POST", "/jobs"), "a failed step is not the cluster's failure");
        assertTrue(waits.isEmpty());

        StepTails tails = new StepTails(recorder);
        RunReport report = runner(RetryPolicy.of(2, "any"), tails).run("t-any", Workflows.split(failing), new Abort());
        assertEquals(RunStatus.FAILED, report.status());
        assertEquals(List.of(Duration.ofSeconds(10), Duration.ofSeconds(20)), waits);
        SegmentReport s = report.segments().get(0);
        assertEquals(3, s.attemptCount());
        assertEquals(List.of("t-any-s1", "t-any-s1-r1"), s.attempts().stream().map(SegmentAttempt::job).toList());
        assertEquals(5, s.attempts().get(1).exitCode());
        assertEquals(0, s.attempts().get(1).failedStep());
        assertEquals("t-any-s1-r2", s.job());
        assertEquals(5, s.failedStep().exitCode());
        assertTrue(JunitXml.write(report, "t.yaml", tails::tail).contains(">flaky\n</failure>"));
        FakeCluster.await("no objects left", Duration.ofSeconds(10), () -> cluster.objects().isEmpty());
    }

    @Test
    void anImagePullErrorThatWentAwayIsRetriedAndAnAbortDuringTheWaitStopsTheRun() throws Exception {
        cluster.kubelet.behaviour = j -> j.getMetadata().getName().endsWith("-s1")
                ? FakeKubelet.Behaviour.IMAGE_PULL_BACKOFF : FakeKubelet.Behaviour.RUN;
        List<Segment> one = Workflows.split("version: 0.1\ntask:\n  - sequential:\n      - print: [\"pulled\"]\n");
        RunReport report = runner(RetryPolicy.of(1, null), recorder).run(RUN, one, new Abort());
        assertEquals(RunStatus.SUCCEEDED, report.status(), recorder::toString);
        assertTrue(report.segments().get(0).attempts().get(0).message().contains("cannot be pulled"));

        Abort abort = new Abort();
        RunReport aborted = new KubernetesRunner(cluster.settings(), JobOptions.defaults(), recorder, c -> {})
                .retries(RetryPolicy.of(3, null))
                .retrySleeper(d -> {
                    abort.abort("the user stopped the build");
                    return true;
                })
                .run("t-aborted", one, abort);
        assertEquals(RunStatus.ABORTED, aborted.status());
        assertTrue(aborted.message().contains("aborted before attempt 2: the user stopped the build"),
                aborted::message);
        assertFalse(cluster.requests.stream().anyMatch(r -> r.method().equals("POST")
                && r.path().contains("t-aborted-s1-r1")), "no Job for the attempt that was aborted");
        assertNull(cluster.admin.batch().v1().jobs().inNamespace(FakeCluster.NAMESPACE).withName("t-aborted-s1-r1")
                .get());
    }

    @Test
    void aRestartDuringTheWaitCreatesTheNextAttemptNotTheFailedOne() throws Exception {
        List<Segment> one = Workflows.split("version: 0.1\ntask:\n  - sequential:\n      - print: [\"resumed\"]\n");
        RunReport earlier = new io.jenkins.plugins.roiergasias.report.ReportBuilder(one)
                .snapshot(RunStatus.ERROR, "the run did not finish");
        Checkpoint retrying = new Checkpoint(RUN, FakeCluster.NAMESPACE, 0, RUN + "-s1-r1", null, null, 0, null);
        RunReport report = runner(RetryPolicy.of(1, null), recorder).resume(retrying, one, earlier, new Abort());

        assertEquals(RunStatus.SUCCEEDED, report.status(), recorder::toString);
        assertEquals(List.of("[1] resumed"), recorder.output);
        assertEquals(RUN + "-s1-r1", report.segments().get(0).job());
        assertEquals(1, cluster.runnerRequests("POST", "/jobs"), "one Job: the retry's, not the failed attempt's");
        assertTrue(recorder.saw("Job " + RUN + "-s1-r1 (attempt 2) created"), recorder::toString);
    }
}
