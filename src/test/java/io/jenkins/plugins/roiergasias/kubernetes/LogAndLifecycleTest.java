package io.jenkins.plugins.roiergasias.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.roiergasias.kubernetes.jobs.JobOptions;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.Names;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.RunIds;
import io.jenkins.plugins.roiergasias.report.ReportBuilder;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.RunStatus;
import io.jenkins.plugins.roiergasias.report.SegmentStatus;
import io.jenkins.plugins.roiergasias.report.StepStatus;
import io.jenkins.plugins.roiergasias.run.Abort;
import io.jenkins.plugins.roiergasias.segment.Segment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Logs through dropped connections, abort mid-segment, resume after the caller went away, pod retries. */
@Timeout(60)
class LogAndLifecycleTest {
    private FakeCluster cluster;
    private final Recorder recorder = new Recorder();

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        cluster = new FakeCluster();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private KubernetesRunner runner(Recorder r) {
        return new KubernetesRunner(cluster.settings(), JobOptions.defaults(), r, r.checkpoints::add)
                .checkpointInterval(Duration.ZERO);
    }

    @Test
    void droppedLogConnectionLosesNothingAndRepeatsNothing() throws Exception {
        // Four lines share each timestamp, and the first answer breaks in the middle of such a group
        // and in the middle of a line: the resumed answer (sinceTime, whole seconds) repeats lines
        // that must be recognised by timestamp and count.
        AtomicLong tick = new AtomicLong();
        Instant base = Instant.parse("2026-01-02T03:04:05.123456789Z");
        cluster.kubelet.clocks = () -> () -> base.plusMillis(250 * (tick.getAndIncrement() / 4));
        cluster.kubelet.logSetup = log -> {
            log.dropFirstAfter = 38;
            log.holdUntilComplete = true;
        };
        List<Segment> segments = Workflows.split("""
                version: 0.1
                task:
                  - sequential:
                      - execute: ["i=1; while [ $i -le 100 ]; do echo line $i; i=$((i+1)); done"]
                      - print: ["done"]
                """);
        RunReport report = runner(recorder).run("l-abcdefgh", segments, new Abort());

        assertEquals(RunStatus.SUCCEEDED, report.status(), recorder::toString);
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            expected.add("line " + i);
        }
        expected.add("done");
        assertEquals(expected, recorder.lines());
        assertTrue(cluster.runnerRequests().stream().anyMatch(r -> r.path().contains("/log?") && r.path()
                .contains("follow=true&sinceTime=2026-01-02T03%3A04%3A")), () -> cluster.runnerRequests().toString());
        report.segments().get(0).steps().forEach(s -> assertEquals(StepStatus.OK, s.status()));
        FakeCluster.await("no objects left", Duration.ofSeconds(10), () -> cluster.objects().isEmpty());
    }

    @Test
    void abortMidSegmentDeletesEverythingAndSaysSo() throws Exception {
        List<Segment> segments = Workflows.split("""
                version: 0.1
                task:
                  - sequential:
                      - print: ["started"]
                      - execute: ["sleep 30"]
                      - print: ["never"]
                """);
        Abort abort = new Abort();
        CompletableFuture<RunReport> run =
                CompletableFuture.supplyAsync(() -> runner(recorder).run("a-abcdefgh", segments, abort));
        FakeCluster.await("the first output line", Duration.ofSeconds(20), () -> recorder.lines().contains("started"));
        long before = System.nanoTime();
        abort.abort("stopped by the user");
        RunReport report = run.get(30, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - before) / 1_000_000;

        assertEquals(RunStatus.ABORTED, report.status(), recorder::toString);
        assertEquals(SegmentStatus.ABORTED, report.segments().get(0).status());
        assertTrue(report.message().contains("aborted: stopped by the user; Job a-abcdefgh-s1, its pods and its"
                + " ConfigMap were deleted"), report::message);
        assertEquals(List.of("started"), recorder.lines());
        assertEquals(StepStatus.NOT_RUN, report.segments().get(0).steps().get(2).status());
        assertTrue(cluster.objects().isEmpty(), () -> "left: " + cluster.objects());
        assertTrue(recorder.saw("aborting: deleting Job a-abcdefgh-s1"), recorder::toString);
        assertTrue(millis < 15_000, "abort took " + millis + " ms");
    }

    /** A workflow that prints "first" and "second", then waits for the file {@code go} to print the rest. */
    private static List<Segment> waitingFor(Path go) {
        return Workflows.split("""
                version: 0.1
                task:
                  - sequential:
                      - print: ["first"]
                      - execute: ["echo second; while [ ! -f %s ]; do sleep 0.05; done; echo third"]
                      - print: ["fourth"]
                """.formatted(go));
    }

    /** Runs until "second" is out, then the caller goes away (Jenkins restarts): the Job is left running. */
    private RunReport runUntilTheCallerLeaves(String runId, List<Segment> segments, Recorder before) throws Exception {
        CompletableFuture<RunReport> first = new CompletableFuture<>();
        Thread caller = new Thread(() -> first.complete(runner(before).run(runId, segments, new Abort())));
        caller.start();
        FakeCluster.await("output before the restart", Duration.ofSeconds(20),
                () -> before.lines().equals(List.of("first", "second")));
        caller.interrupt();
        RunReport interrupted = first.get(20, TimeUnit.SECONDS);
        assertEquals(RunStatus.ERROR, interrupted.status());
        assertTrue(interrupted.message().startsWith("interrupted"), interrupted::message);
        assertTrue(cluster.objects().contains("job/" + Names.job(runId, 0)), () -> cluster.objects().toString());
        return interrupted;
    }

    @Test
    void resumeReattachesToTheRunningJobWithoutASecondOne() throws Exception {
        Path go = dir.resolve("go");
        List<Segment> segments = waitingFor(go);
        Recorder before = new Recorder();
        RunReport interrupted = runUntilTheCallerLeaves("r-abcdefgh", segments, before);
        Checkpoint cp = before.checkpoints.get(before.checkpoints.size() - 1);
        assertEquals("r-abcdefgh-s1", cp.job());
        assertNotNull(cp.pod());
        assertNotNull(cp.nonce());
        assertNotNull(cp.lastLogTimestamp());
        long jobsCreated = cluster.runnerRequests("POST", "/jobs");

        Recorder after = new Recorder();
        CompletableFuture<RunReport> second = CompletableFuture.supplyAsync(
                () -> runner(after).resume(cp, segments, interrupted, new Abort()));
        FakeCluster.await("re-attached", Duration.ofSeconds(20), () -> after.saw("re-attached to Job r-abcdefgh-s1"));
        Files.writeString(go, "go");
        RunReport report = second.get(30, TimeUnit.SECONDS);

        assertEquals(RunStatus.SUCCEEDED, report.status(), after::toString);
        assertEquals(jobsCreated, cluster.runnerRequests("POST", "/jobs"), "no second Job");
        assertEquals(List.of("third", "fourth"), after.lines(), "the log goes on where it stopped");
        report.segments().get(0).steps().forEach(s -> assertEquals(StepStatus.OK, s.status(), s::toString));
        FakeCluster.await("no objects left", Duration.ofSeconds(10), () -> cluster.objects().isEmpty());
    }

    /**
     * The caller went away before any of its checkpoints was saved (a Pipeline step whose program was
     * last saved before it set its run id): it derives the same run id again and resumes from a
     * checkpoint without a Job. The Job that runs is found by its name and label and re-attached to,
     * not created twice, and the run ends with the workflow's output.
     */
    @Test
    void resumeWithNoSavedCheckpointFindsTheJobOfTheDerivedRunId() throws Exception {
        String key = "jenkins-id\np#1\n1764601871000\n3";
        Path go = dir.resolve("go");
        List<Segment> segments = waitingFor(go);
        runUntilTheCallerLeaves(RunIds.derive("p", key), segments, new Recorder());
        String uid = cluster.admin.batch().v1().jobs().inNamespace(FakeCluster.NAMESPACE)
                .withName(Names.job(RunIds.derive("p", key), 0)).get().getMetadata().getUid();

        Recorder after = new Recorder();
        Checkpoint nothingSaved = new Checkpoint(RunIds.derive("p", key), FakeCluster.NAMESPACE, 0, null, null, null,
                0, null);
        CompletableFuture<RunReport> second = CompletableFuture.supplyAsync(() -> runner(after)
                .resume(nothingSaved, segments, new ReportBuilder(segments).snapshot(RunStatus.ERROR, "not started"),
                        new Abort()));
        FakeCluster.await("re-attached", Duration.ofSeconds(20),
                () -> after.saw("re-attaching to the existing Job " + Names.job(RunIds.derive("p", key), 0)));
        Files.writeString(go, "go");
        RunReport report = second.get(30, TimeUnit.SECONDS);

        assertEquals(RunStatus.SUCCEEDED, report.status(), after::toString);
        assertEquals(List.of("first", "second", "third", "fourth"), after.lines(), "the whole log, once");
        List<String> jobUids = cluster.admin.batch().v1().jobs().inNamespace(FakeCluster.NAMESPACE).list().getItems()
                .stream().map(j -> j.getMetadata().getUid()).toList();
        assertTrue(jobUids.isEmpty() || jobUids.equals(List.of(uid)), () -> "a second Job: " + jobUids);
        report.segments().get(0).steps().forEach(s -> assertEquals(StepStatus.OK, s.status(), s::toString));
    }

    @Test
    void checkpointCoversTheLastLineWhileTheProgramIsSilent() throws Exception {
        Path go = dir.resolve("go-on");
        List<Segment> segments = Workflows.split("""
                version: 0.1
                task:
                  - sequential:
                      - print: ["first"]
                      - execute: ["while [ ! -f %s ]; do sleep 0.05; done"]
                """.formatted(go));
        KubernetesRunner runner = new KubernetesRunner(cluster.settings(), JobOptions.defaults(), recorder,
                recorder.checkpoints::add); // the default interval: one second
        CompletableFuture<RunReport> run =
                CompletableFuture.supplyAsync(() -> runner.run("c-abcdefgh", segments, new Abort()));
        FakeCluster.await("the first line", Duration.ofSeconds(20), () -> recorder.lines().contains("first"));
        int before = recorder.checkpoints.size();
        // no more output: the timer still hands out the position of "first"
        FakeCluster.await("a checkpoint after the last line", Duration.ofSeconds(10), () -> recorder.checkpoints
                .subList(before, recorder.checkpoints.size()).stream()
                .anyMatch(c -> c.lastLogTimestamp() != null && c.nonce() != null && c.pod() != null));
        Files.writeString(go, "go");
        assertEquals(RunStatus.SUCCEEDED, run.get(30, TimeUnit.SECONDS).status(), recorder::toString);
    }

    @Test
    void retriedPodIsAnnouncedAsASecondAttempt() throws Exception {
        Path mark = dir.resolve("first");
        List<Segment> segments = Workflows.split("""
                version: 0.1
                task:
                  - sequential:
                      - execute: ["if [ -f %1$s ]; then echo second try; else touch %1$s; echo first try; exit 1; fi"]
                """.formatted(mark));
        RunReport report = new KubernetesRunner(cluster.settings(), JobOptions.defaults().withBackoffLimit(1),
                recorder, c -> {}).run("b-abcdefgh", segments, new Abort());

        assertEquals(RunStatus.SUCCEEDED, report.status(), recorder::toString);
        assertEquals(List.of("first try", "second try"), recorder.lines());
        assertTrue(recorder.progress.stream().anyMatch(p -> p.matches("segment 1/1 \\(any node\\): attempt 2, pod"
                + " b-abcdefgh-s1-\\w{5}")), recorder::toString);
        assertEquals(StepStatus.OK, report.segments().get(0).steps().get(0).status());
    }
}
