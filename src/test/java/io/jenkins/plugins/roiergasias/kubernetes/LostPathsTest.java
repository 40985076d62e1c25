package io.jenkins.plugins.roiergasias.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.mockwebserver.http.MockResponse;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.JobOptions;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.RunStatus;
import io.jenkins.plugins.roiergasias.report.StepReport;
import io.jenkins.plugins.roiergasias.report.StepStatus;
import io.jenkins.plugins.roiergasias.run.Abort;
import io.jenkins.plugins.roiergasias.segment.Segment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What is lost on the way: the whole log, the Job (deleted by someone else), a log answer cut at a line end. */
@Timeout(90)
class LostPathsTest {
    private static KubernetesRunner runner(FakeCluster cluster, Recorder recorder) {
        return new KubernetesRunner(cluster.settings(), JobOptions.defaults(), recorder, c -> {})
                .checkpointInterval(Duration.ZERO);
    }

    @Test
    void withoutAnyLogTheResultsComeFromTheTerminationMessage() throws Exception {
        try (FakeCluster cluster = new FakeCluster()) {
            // The log endpoint answers, but with nothing, every time; the pod ends without waiting for it.
            cluster.kubelet.endAfterLogServed = false;
            cluster.override = r -> r.getPath().contains("/log")
                    ? new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody("")
                    : null;
            List<Segment> segments = Workflows.split("""
                    version: 0.1
                    task:
                      - sequential: [print: ["hello"], execute: ["echo failing; exit 3"], print: ["never"]]
                    """);
            Recorder recorder = new Recorder();
            RunReport report = runner(cluster, recorder).run("t-abcdefgh", segments, new Abort());

            assertEquals(RunStatus.FAILED, report.status(), recorder::toString);
            List<StepReport> steps = report.segments().get(0).steps();
            assertEquals(List.of(StepStatus.OK, StepStatus.FAILED, StepStatus.NOT_RUN),
                    steps.stream().map(StepReport::status).toList());
            assertEquals(3, steps.get(1).exitCode());
            assertTrue(report.message().contains("exit code 3"), report::message);
            assertEquals(List.of(), recorder.output, "no line of the log arrived, and none is made up");
            assertTrue(recorder.saw("2 step result(s) taken from the container's termination message (their log"
                    + " markers were not received)"), recorder::toString);
            FakeCluster.await("no objects left", Duration.ofSeconds(10), () -> cluster.objects().isEmpty());
        }
    }

    @Test
    void aJobDeletedBySomeoneElseLeavesNothingBehind() throws Exception {
        try (FakeCluster cluster = new FakeCluster()) {
            // The owner reference could not be set: the Job's deletion does not take the ConfigMap along.
            cluster.override = r -> r.getMethod().equals("PATCH") && r.getPath().contains("/configmaps/")
                    ? FakeCluster.status(403, "configmaps is forbidden: patch")
                    : null;
            Recorder recorder = new Recorder();
            List<Segment> segments = Workflows.split("""
                    version: 0.1
                    task:
                      - sequential:
                          - print: ["started"]
                          - execute: ["sleep 60"]
                    """);
            CompletableFuture<RunReport> run =
                    CompletableFuture.supplyAsync(() -> runner(cluster, recorder).run("d-abcdefgh", segments, new Abort()));
            FakeCluster.await("the first output line", Duration.ofSeconds(30), () -> recorder.lines().contains("started"));
            cluster.admin.batch().v1().jobs().inNamespace(FakeCluster.NAMESPACE).withName("d-abcdefgh-s1")
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            RunReport report = run.get(30, TimeUnit.SECONDS);

            assertEquals(RunStatus.ERROR, report.status(), recorder::toString);
            assertTrue(report.message().contains("the Job d-abcdefgh-s1 was deleted by someone else while it ran"),
                    report::message);
            FakeCluster.await("no objects left", Duration.ofSeconds(10), () -> cluster.objects().isEmpty());
        }
    }

    /**
     * Once a container is gone, the kubelet answers a log request with its own words and no timestamp
     * (seen on the real cluster after an abort: "unable to retrieve container logs for
     * containerd://..."). That is not the workflow's output.
     */
    @Test
    void aKubeletMessageWithoutTimestampIsNotOutput() throws Exception {
        try (FakeCluster cluster = new FakeCluster()) {
            cluster.override = r -> r.getPath().contains("/log?") && !r.getPath().contains("follow=true")
                    ? new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain")
                            .setBody("unable to retrieve container logs for containerd://0123abcd\n")
                    : null;
            Recorder recorder = new Recorder();
            List<Segment> segments = Workflows.split("""
                    version: 0.1
                    task:
                      - sequential: [print: ["one", "two"]]
                    """);
            RunReport report = runner(cluster, recorder).run("k-abcdefgh", segments, new Abort());

            assertEquals(RunStatus.SUCCEEDED, report.status(), recorder::toString);
            assertEquals(List.of("one", "two"), recorder.lines());
        }
    }

    /**
     * The first answer of the log ends exactly after a line's newline, inside a group of lines with the
     * same timestamp (at 6) and at the end of such a group (at 8): the resumed answer repeats the
     * group's lines, which must be recognised, and nothing is lost or doubled.
     */
    @ParameterizedTest
    @ValueSource(ints = {6, 8})
    void aLogAnswerThatEndsExactlyAtALineEndLosesAndRepeatsNothing(int lines) throws Exception {
        try (FakeCluster cluster = new FakeCluster()) {
            AtomicLong tick = new AtomicLong();
            Instant base = Instant.parse("2026-01-02T03:04:05.5Z");
            cluster.kubelet.clocks = () -> () -> base.plusMillis(250 * (tick.getAndIncrement() / 4));
            cluster.kubelet.logSetup = log -> {
                log.dropFirstAfter = lines;
                log.dropAtLineEnd = true;
                log.holdUntilComplete = true;
            };
            Recorder recorder = new Recorder();
            RunReport report = runner(cluster, recorder).run("e-abcdefgh", Workflows.split("""
                    version: 0.1
                    task:
                      - sequential:
                          - execute: ["i=1; while [ $i -le 20 ]; do echo line $i; i=$((i+1)); done"]
                    """), new Abort());

            assertEquals(RunStatus.SUCCEEDED, report.status(), recorder::toString);
            List<String> expected = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                expected.add("line " + i);
            }
            assertEquals(expected, recorder.lines());
            assertTrue(cluster.runnerRequests().stream().filter(r -> r.path().contains("/log?")).count() >= 2,
                    "the log was read again after the first answer ended");
        }
    }
}
