package io.jenkins.plugins.roiergasias.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.jenkins.plugins.roiergasias.kubernetes.Checkpoint;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.RunIds;
import io.jenkins.plugins.roiergasias.local.LocalRunner;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.RunStatus;
import io.jenkins.plugins.roiergasias.report.SegmentStatus;
import io.jenkins.plugins.roiergasias.report.StepReport;
import io.jenkins.plugins.roiergasias.report.StepStatus;
import io.jenkins.plugins.roiergasias.run.Abort;
import io.jenkins.plugins.roiergasias.segment.Segment;
import io.jenkins.plugins.roiergasias.segment.Segmenter;
import io.jenkins.plugins.roiergasias.workflow.ParseResult;
import io.jenkins.plugins.roiergasias.workflow.WorkflowParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Workflows on the real two-node cluster of {@code src/test/e2e/cluster.sh}: real API server,
 * scheduler, Job controller, kubelets, containerd and runc, running the generated programs in the
 * local busybox image. Each test gets its own namespace.
 */
@Tag("e2e")
class EndToEndTest {
    /** How long the garbage collector may take to remove the finished pods of a deleted Job. */
    private static final Duration GC = Duration.ofSeconds(30);

    private static TestCluster cluster;
    private static ExecutorService pool;
    private final List<String> namespaces = new CopyOnWriteArrayList<>();

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

    @AfterEach
    void removeNamespaces() {
        namespaces.forEach(cluster::deleteNamespace);
    }

    private String namespace(String purpose) {
        String ns = cluster.newNamespace(purpose);
        namespaces.add(ns);
        return ns;
    }

    static List<Segment> segments(String yaml) {
        ParseResult r = WorkflowParser.parse("e2e.yaml", yaml);
        assertTrue(r.ok(), () -> r.errors().toString());
        return Segmenter.split(r.workflow(), false);
    }

    static String example(String name) throws Exception {
        Path dir = Path.of(System.getProperty("roiergasias.project.dir", ".."), "examples");
        return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
    }

    static String local(List<Segment> segments) throws Exception {
        Console console = new Console();
        new LocalRunner(console).run(segments, new Abort());
        return console.text();
    }

    @Test
    void multiNodeHelloWorldRunsOnItsNodes() throws Exception {
        String ns = namespace("hello");
        List<Segment> segments = segments(example("hello-world-multi-node.yaml"));
        Console console = new Console();
        try (ClusterLog log = new ClusterLog(cluster, ns)) {
            RunReport report = cluster.runner(cluster.adminKubeconfig, ns, cluster.options(), console, c -> {})
                    .run(RunIds.create("hello"), segments, new Abort());
            assertEquals(RunStatus.SUCCEEDED, report.status(), () -> report.message() + "\n" + console.progress);
            assertEquals(Map.of("1", "node1", "2", "node2", "3", "node2"), log.nodeOfSegment);
            assertEquals(3, log.jobsCreated.size());
        }
        assertEquals(local(segments), console.text());
        assertTrue(console.steps.stream().allMatch(s -> s.status() == StepStatus.OK), console.steps::toString);
        assertEquals(4, console.steps.size());
        assertEquals(List.of(), cluster.leftoversAfter(ns, GC));
    }

    @Test
    void aFailingCommandStopsTheRunWithItsExitCode() throws Exception {
        String ns = namespace("fail");
        List<Segment> segments = segments("""
                version: 0.1
                task:
                  - node: node1
                    sequential:
                      - print: ["before"]
                      - execute: ["echo failing; exit 7", "echo never"]
                  - node: node2
                    sequential:
                      - print: ["never printed"]
                """);
        Console console = new Console();
        RunReport report;
        try (ClusterLog log = new ClusterLog(cluster, ns)) {
            report = cluster.runner(cluster.adminKubeconfig, ns, cluster.options(), console, c -> {})
                    .run(RunIds.create("fail"), segments, new Abort());
            assertEquals(1, log.jobsCreated.size(), "the second segment must never start: " + log.jobsCreated);
        }
        assertEquals(RunStatus.FAILED, report.status(), report::message);
        assertEquals("before\nfailing\n", console.text());
        StepReport failed = report.segments().get(0).steps().get(1);
        assertEquals(StepStatus.FAILED, failed.status());
        assertEquals(7, failed.exitCode());
        assertEquals(SegmentStatus.NOT_RUN, report.segments().get(1).status());
        assertEquals(List.of(), cluster.leftoversAfter(ns, GC));
    }

    @Test
    void abortMidSegmentLeavesNothingWithinSeconds() throws Exception {
        String ns = namespace("abort");
        List<Segment> segments = segments("""
                version: 0.1
                task:
                  - node: node2
                    sequential:
                      - print: ["started"]
                      - execute: ["sleep 600"]
                """);
        Console console = new Console().expecting("started");
        Abort abort = new Abort();
        Future<RunReport> run = pool.submit(() -> cluster.runner(cluster.adminKubeconfig, ns, cluster.options(),
                console, c -> {}).run(RunIds.create("abort"), segments, abort));
        assertTrue(console.awaitLine(120), "the segment never started: " + console.progress);
        Instant t0 = Instant.now();
        abort.abort("test abort");
        RunReport report = run.get(60, TimeUnit.SECONDS);
        Duration took = Duration.between(t0, Instant.now());
        assertEquals(RunStatus.ABORTED, report.status(), report::message);
        assertEquals(List.of(), cluster.leftovers(ns));
        assertTrue(took.toSeconds() < 20, "abort took " + took);
        System.out.println("e2e: abort to Job, pod and ConfigMap gone: " + took.toMillis() + " ms");
    }

    @Test
    void podOutputKeepsEveryByteNonAsciiAndInvalidUtf8() throws Exception {
        // Under the restricted ServiceAccount, as a user runs it; its kubeconfig names the namespace.
        List<Segment> segments = segments("""
                version: 0.1
                task:
                  - node: node1
                    sequential:
                      - print: ["héllo → ✓"]
                      - execute:
                          - "printf '\\\\377\\\\376 \\\\303\\\\n'"
                          - "echo wörld"
                """);
        Console console = new Console();
        RunReport report = cluster.runner(cluster.restrictedKubeconfig, null, cluster.options(), console, c -> {})
                .run(RunIds.create("bytes"), segments, new Abort());
        assertEquals(RunStatus.SUCCEEDED, report.status(), () -> report.message() + "\n" + console.progress);
        java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
        expected.writeBytes("héllo → ✓\n".getBytes(StandardCharsets.UTF_8));
        expected.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFE, ' ', (byte) 0xC3, '\n'});
        expected.writeBytes("wörld\n".getBytes(StandardCharsets.UTF_8));
        // what the command line writes to its stdout
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected.toByteArray(),
                io.jenkins.plugins.roiergasias.program.OutputText.encode(console.text()));
        assertEquals(local(segments), console.text());
    }

    @Test
    void aNodeLabelNobodyCarriesIsExplainedWithinThePendingTimeout() throws Exception {
        String ns = namespace("unsched");
        List<Segment> segments = segments("""
                version: 0.1
                task:
                  - node: node9
                    sequential:
                      - print: ["never"]
                """);
        Console console = new Console();
        Instant t0 = Instant.now();
        RunReport report = cluster.runner(cluster.adminKubeconfig, ns, cluster.options(Duration.ofSeconds(15)),
                console, c -> {}).run(RunIds.create("unsched"), segments, new Abort());
        Duration took = Duration.between(t0, Instant.now());
        assertEquals(RunStatus.ERROR, report.status());
        assertTrue(report.message().contains("node.roiergasias=node9"), report.message());
        assertTrue(took.toSeconds() < 45, "took " + took);
        assertEquals("", console.text());
        assertEquals(List.of(), cluster.leftovers(ns));
    }

    @Test
    void theRestrictedServiceAccountRunsTheWorkflow() throws Exception {
        // Its kubeconfig carries its namespace (where docs/rbac.yaml is applied): no namespace given.
        List<Segment> segments = segments(example("hello-world-multi-node.yaml"));
        Console console = new Console();
        RunReport report = cluster.runner(cluster.restrictedKubeconfig, null, cluster.options(), console, c -> {})
                .run(RunIds.create("rbac"), segments, new Abort());
        assertEquals(RunStatus.SUCCEEDED, report.status(), () -> report.message() + "\n" + console.progress);
        assertEquals(local(segments), console.text());
        String ns = io.fabric8.kubernetes.client.Config.fromKubeconfig(cluster.restrictedKubeconfig).getNamespace();
        assertEquals(List.of(), cluster.leftoversAfter(ns, GC));
    }

    @Test
    void aTokenWithoutPodsLogGetsTheRbacMessage() throws Exception {
        String ns = namespace("nolog");
        String kubeconfig = Tokens.serviceAccountWith(cluster, ns, "no-logs", rulesWithoutPodsLog(ns));
        Console console = new Console();
        RunReport report = cluster.runner(kubeconfig, ns, cluster.options(), console, c -> {})
                .run(RunIds.create("nolog"), segments(example("hello-world.yaml")), new Abort());
        assertEquals(RunStatus.ERROR, report.status(), () -> report.message() + "\n" + console.progress
                + "\n" + console.text());
        assertTrue(report.message().contains("pods/log"), report.message());
        assertTrue(report.message().contains("get"), report.message());
        assertTrue(report.message().contains(ns), report.message());
        assertEquals(List.of(), cluster.leftovers(ns));
    }

    private static Role rulesWithoutPodsLog(String ns) {
        return new RoleBuilder().withNewMetadata().withName("no-logs").withNamespace(ns).endMetadata()
                .withRules(
                        new PolicyRuleBuilder().withApiGroups("batch").withResources("jobs")
                                .withVerbs("create", "get", "list", "watch", "delete").build(),
                        new PolicyRuleBuilder().withApiGroups("").withResources("configmaps")
                                .withVerbs("create", "get", "list", "patch", "delete").build(),
                        new PolicyRuleBuilder().withApiGroups("").withResources("pods")
                                .withVerbs("get", "list", "watch").build())
                .build();
    }

    @Test
    void aLongLogStreamsCompletely() throws Exception {
        String ns = namespace("biglog");
        long lines = 1_100_000; // 100-byte lines: 110 MB
        List<Segment> segments = segments("""
                version: 0.1
                task:
                  - node: node1
                    sequential:
                      - execute:
                          - "yes 012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012 | head -n %d"
                """.formatted(lines));
        Console console = new Console(true);
        Instant t0 = Instant.now();
        RunReport report = cluster.runner(cluster.adminKubeconfig, ns, cluster.options(), console, c -> {})
                .run(RunIds.create("biglog"), segments, new Abort());
        Duration took = Duration.between(t0, Instant.now());
        assertEquals(RunStatus.SUCCEEDED, report.status(), report::message);
        assertEquals(lines, console.lines.get());
        System.out.printf("e2e: %d lines (%d MB) streamed in %d ms%n", lines, lines * 100 / 1_000_000, took.toMillis());
        assertEquals(List.of(), cluster.leftoversAfter(ns, GC));
    }

    @Test
    void resumeReattachesToTheRunningJob() throws Exception {
        String ns = namespace("resume");
        List<Segment> segments = segments("""
                version: 0.1
                task:
                  - node: node1
                    sequential:
                      - print: ["before"]
                      - execute: ["sleep 6; echo after the restart"]
                  - node: node2
                    sequential:
                      - print: ["second segment"]
                """);
        Console console = new Console().expecting("before");
        // The checkpoint a restarted Jenkins would have: the latest one that covers "before".
        Latest latest = new Latest(console);
        try (ClusterLog log = new ClusterLog(cluster, ns)) {
            Future<RunReport> first = pool.submit(() -> cluster.runner(cluster.adminKubeconfig, ns,
                    cluster.options(), console, latest).run(RunIds.create("resume"), segments, new Abort()));
            assertTrue(console.awaitLine(120), "the segment never started: " + console.progress);
            Checkpoint last = latest.await(30);
            first.cancel(true); // the caller goes away (a Jenkins restart): the Job must be left running
            RunReport report = cluster.runner(cluster.adminKubeconfig, ns, cluster.options(), console, c -> {})
                    .resume(last, segments, new io.jenkins.plugins.roiergasias.report.ReportBuilder(segments)
                            .snapshot(RunStatus.ERROR, null), new Abort());
            assertEquals(RunStatus.SUCCEEDED, report.status(), report::message);
            assertEquals(2, log.jobsCreated.size(), "one Job per segment, none again: " + log.jobsCreated);
        }
        assertEquals("before\nafter the restart\nsecond segment\n", console.text());
        assertEquals(List.of(), cluster.leftoversAfter(ns, GC));
    }

    /** Keeps the latest checkpoint, and opens once one has the Job, the nonce and a log position after a line. */
    private static final class Latest implements java.util.function.Consumer<Checkpoint> {
        private final Console console;
        private final java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
        private volatile Checkpoint last;

        Latest(Console console) {
            this.console = console;
        }

        @Override
        public void accept(Checkpoint c) {
            last = c;
            if (c.job() != null && c.nonce() != null && c.lastLogTimestamp() != null && console.lines.get() > 0) {
                ready.countDown();
            }
        }

        Checkpoint await(long seconds) throws InterruptedException {
            assertTrue(ready.await(seconds, TimeUnit.SECONDS), "no checkpoint covering the first line: " + last);
            return last;
        }
    }
}
