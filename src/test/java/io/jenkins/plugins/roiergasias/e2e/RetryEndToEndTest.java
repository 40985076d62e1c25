package io.jenkins.plugins.roiergasias.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.Names;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.RunIds;
import io.jenkins.plugins.roiergasias.report.JunitXml;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.RunStatus;
import io.jenkins.plugins.roiergasias.report.SegmentAttempt;
import io.jenkins.plugins.roiergasias.report.SegmentReport;
import io.jenkins.plugins.roiergasias.report.SegmentStatus;
import io.jenkins.plugins.roiergasias.run.Abort;
import io.jenkins.plugins.roiergasias.run.RetryPolicy;
import io.jenkins.plugins.roiergasias.run.StepTails;
import io.jenkins.plugins.roiergasias.segment.Segment;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A segment retried on the real cluster under the restricted ServiceAccount: the test deletes the
 * running pod with the admin client, as a user or a node drain would, and the run succeeds on the
 * second attempt, a new Job, without running the first segment again.
 */
@Tag("e2e")
class RetryEndToEndTest {
    private static final Duration GC = Duration.ofSeconds(30);
    private static TestCluster cluster;
    private static ExecutorService pool;

    @BeforeAll
    static void connect() throws Exception {
        cluster = TestCluster.fromEnvironment();
        pool = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void disconnect() {
        pool.shutdownNow();
        cluster.admin.close();
    }

    @Test
    void aDeletedPodIsRetriedAsANewJobAndTheRunSucceeds() throws Exception {
        // The pod's host name is its name, and a retry's pod is named after its Job (<run>-s2-r1-xxxxx).
        List<Segment> segments = EndToEndTest.segments("""
                version: 0.1
                task:
                  - node: node1
                    sequential:
                      - print: ["prepared on node1"]
                  - node: node2
                    sequential:
                      - execute:
                          - "case $(hostname) in *-s2-r1-*) echo second attempt;; *) echo first attempt; sleep 300;; esac"
                      - print: ["done"]
                """);
        String ns = io.fabric8.kubernetes.client.Config.fromKubeconfig(cluster.restrictedKubeconfig).getNamespace();
        String runId = RunIds.create("retry");
        Console console = new Console().expecting("first attempt");
        StepTails tails = new StepTails(console);
        long started = System.nanoTime();
        Future<RunReport> run = pool.submit(() -> cluster.runner(cluster.restrictedKubeconfig, null, cluster.options(),
                        tails, c -> {})
                .retries(new RetryPolicy(1, RetryPolicy.On.INFRASTRUCTURE, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .run(runId, segments, new Abort()));
        // The pod is deleted once the first attempt's step runs, as the pod's own log (read as admin) says.
        String deleted = awaitFirstAttempt(ns, runId, Duration.ofMinutes(3));
        boolean seenLive = console.awaitLine(0);
        cluster.admin.pods().inNamespace(ns).withName(deleted).delete();
        RunReport report;
        try {
            report = run.get(3, TimeUnit.MINUTES);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the run did not end; progress: " + console.progress + "\noutput: "
                    + console.text(), e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertEquals(RunStatus.SUCCEEDED, report.status(), () -> report.message() + "\n" + console.progress);
        // A Job controller that replaces a deleted pod (Kubernetes 1.20 does) may start "first attempt" once
        // more before the runner deletes the Job: the text between is not fixed.
        assertTrue(console.text().startsWith("prepared on node1\nfirst attempt\n"), console::text);
        assertTrue(console.text().endsWith("first attempt\nsecond attempt\ndone\n"), console::text);
        SegmentReport s2 = report.segments().get(1);
        assertEquals(runId + "-s2-r1", s2.job());
        assertEquals(SegmentStatus.SUCCEEDED, s2.status());
        assertEquals(1, s2.attempts().size());
        SegmentAttempt first = s2.attempts().get(0);
        assertEquals(runId + "-s2", first.job());
        assertEquals(SegmentStatus.ERROR, first.status());
        assertTrue(first.message().startsWith("the pod " + deleted + " was deleted while it ran"), first::message);
        assertEquals(1, report.segments().get(0).attemptCount(), "segment 1 ran once");
        assertTrue(console.progress.stream().anyMatch(p -> p.startsWith("segment 2/2 (node2): attempt 1 of 2 failed (Job "
                + runId + "-s2: ")), console.progress::toString);
        assertTrue(console.progress.stream().anyMatch(p -> p.contains("Job " + runId + "-s2-r1 (attempt 2) created")),
                console.progress::toString);
        String xml = JunitXml.write(report, "e2e.yaml", tails::tail);
        assertTrue(!xml.contains("<failure") && !xml.contains("<error"), xml);
        assertEquals(List.of(), cluster.leftoversAfter(ns, GC).stream().filter(o -> o.contains(runId)).toList());
        System.out.println("retry e2e: first attempt's pod " + deleted + " deleted (its line seen live in the console"
                + " before the deletion: " + seenLive + "); run succeeded on attempt 2 in " + took.toMillis()
                + " ms; the attempt's message: " + first.message());
    }

    /** The name of segment 2's first pod once its log shows the step running; fails at the deadline. */
    private static String awaitFirstAttempt(String ns, String runId, Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < end) {
            List<Pod> pods = cluster.admin.pods().inNamespace(ns).withLabel(Names.RUN_LABEL, runId)
                    .withLabel(Names.SEGMENT_LABEL, "2").list().getItems();
            for (Pod p : pods) {
                String name = p.getMetadata().getName();
                if ("Running".equals(p.getStatus().getPhase())) {
                    String log = cluster.admin.pods().inNamespace(ns).withName(name).getLog();
                    if (log != null && log.contains("first attempt")) {
                        return name;
                    }
                }
            }
            TimeUnit.MILLISECONDS.sleep(500); // polls the API until the deadline
        }
        throw new AssertionError("segment 2's first attempt did not start within " + max);
    }
}
