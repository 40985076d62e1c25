package io.jenkins.plugins.roiergasias.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.roiergasias.kubernetes.connection.Backoff;
import io.jenkins.plugins.roiergasias.kubernetes.connection.ClientFactory;
import io.jenkins.plugins.roiergasias.kubernetes.connection.ConnectionSettings;
import io.jenkins.plugins.roiergasias.kubernetes.connection.Credential;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.JobOptions;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.RunStatus;
import io.jenkins.plugins.roiergasias.report.SegmentStatus;
import io.jenkins.plugins.roiergasias.run.Abort;
import io.jenkins.plugins.roiergasias.segment.Segment;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every way a segment can fail outside the workflow, and the message the user gets for it. */
@Timeout(60)
class FailureExplanationTest {
    private static final String PINNED = """
            version: 0.1
            task:
              - node: %s
                sequential:
                  - print: ["hello"]
            """;

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

    private RunReport run(String node, JobOptions options) {
        List<Segment> segments = Workflows.split(PINNED.formatted(node));
        return new KubernetesRunner(cluster.settings(), options, recorder, c -> {})
                .backoff(new Backoff(Duration.ofMillis(10), Duration.ofMillis(40), 4))
                .run("f-abcdefgh", segments, new Abort());
    }

    private void assertNothingLeft() throws InterruptedException {
        FakeCluster.await("no objects left", Duration.ofSeconds(10), () -> cluster.objects().isEmpty());
    }

    @Test
    void unschedulableSegmentNamesTheMissingNodeLabel() throws Exception {
        RunReport report = run("node3", JobOptions.defaults().withPendingTimeout(Duration.ofMillis(1500)));

        assertEquals(RunStatus.ERROR, report.status(), recorder::toString);
        assertEquals(SegmentStatus.ERROR, report.segments().get(0).status());
        String m = report.message();
        assertTrue(m.contains("did not start within 1 s"), m);
        assertTrue(m.contains("no node can run the pod (unschedulable)"), m);
        assertTrue(m.contains("0/2 nodes are available: 2 node(s) didn't match node selector."), m);
        assertTrue(m.contains("node.roiergasias=node3"), m);
        assertTrue(recorder.saw("is waiting (up to 1 s): no node can run the pod"), recorder::toString);
        assertNothingLeft();
    }

    @Test
    void imagePullFailureSaysWhichImage() throws Exception {
        cluster.kubelet.behaviour = j -> FakeKubelet.Behaviour.IMAGE_PULL_BACKOFF;
        RunReport report = run("node1", JobOptions.defaults().withImage("registry.invalid/nope:1"));

        assertEquals(RunStatus.ERROR, report.status());
        assertTrue(report.message().contains("the image \"registry.invalid/nope:1\" cannot be pulled (ImagePullBackOff"),
                report::message);
        assertTrue(report.message().contains("imagePullSecrets"), report::message);
        assertNothingLeft();
    }

    @Test
    void missingSecretIsAContainerConfigError() throws Exception {
        cluster.kubelet.behaviour = j -> FakeKubelet.Behaviour.CONFIG_ERROR;
        RunReport report = run("node1", JobOptions.defaults());

        assertEquals(RunStatus.ERROR, report.status());
        assertTrue(report.message().contains("CreateContainerConfigError: secret \"db-password\" not found"),
                report::message);
        assertNothingLeft();
    }

    @Test
    void oomKilledContainer() throws Exception {
        cluster.kubelet.behaviour = j -> FakeKubelet.Behaviour.OOM;
        RunReport report = run("node1", JobOptions.defaults());

        assertEquals(RunStatus.ERROR, report.status());
        assertTrue(report.message().contains("OOM-killed (exit code 137)"), report::message);
        assertTrue(report.message().contains("resources.limits.memory"), report::message);
        assertNothingLeft();
    }

    @Test
    void evictedPod() throws Exception {
        cluster.kubelet.behaviour = j -> FakeKubelet.Behaviour.EVICTED;
        RunReport report = run("node1", JobOptions.defaults());

        assertEquals(RunStatus.ERROR, report.status());
        assertTrue(report.message().contains("evicted from its node: The node was low on resource: memory."),
                report::message);
        assertNothingLeft();
    }

    @Test
    void deadlineExceededIsATimeout() throws Exception {
        cluster.kubelet.behaviour = j -> FakeKubelet.Behaviour.DEADLINE;
        RunReport report = run("node1", JobOptions.defaults().withSegmentTimeout(Duration.ofSeconds(7)));

        assertEquals(RunStatus.ABORTED, report.status(), recorder::toString);
        assertTrue(report.message().contains("timed out: the segment ran longer than its timeout of 7 s"),
                report::message);
        assertNothingLeft();
    }

    @Test
    void forbiddenNamesVerbResourceNamespaceAndTheRole() throws Exception {
        cluster.override = r -> r.getMethod().equals("POST") && r.getPath().contains("/configmaps")
                ? FakeCluster.status(403, "configmaps is forbidden: User \"system:serviceaccount:test:jenkins\" cannot"
                        + " create resource \"configmaps\" in API group \"\" in the namespace \"test\"")
                : null;
        RunReport report = run("node1", JobOptions.defaults());

        assertEquals(RunStatus.ERROR, report.status());
        String m = report.message();
        assertTrue(m.contains("forbidden: user \"system:serviceaccount:test:jenkins\" may not create configmaps in"
                + " namespace \"test\""), m);
        assertTrue(m.contains("docs/rbac.yaml"), m);
        assertTrue(m.contains("jobs.batch: create, get, list, watch, delete"), m);
        // the access review before the first segment, then the refused create
        long calls = cluster.runnerRequests().stream()
                .filter(r -> !r.path().contains("selfsubjectaccessreviews")).count();
        assertEquals(1, calls, () -> "403 is not retried: " + cluster.runnerRequests());
    }

    @Test
    void forbiddenLogsStopTheSegmentWithTheMissingPermission() throws Exception {
        cluster.override = r -> r.getPath().contains("/log?")
                ? FakeCluster.status(403, "pods \"x\" is forbidden: User \"system:serviceaccount:test:no-logs\" cannot get"
                        + " resource \"pods/log\" in API group \"\" in the namespace \"test\"")
                : null;
        RunReport report = run("node1", JobOptions.defaults());

        assertEquals(RunStatus.ERROR, report.status(), recorder::toString);
        assertTrue(report.message().contains("forbidden: user \"system:serviceaccount:test:no-logs\" may not get pods/log"
                + " in namespace \"test\""), report::message);
        assertTrue(report.message().contains("its pods and its ConfigMap were deleted"), report::message);
        assertNothingLeft();
    }

    @Test
    void aJobThatCannotBeCreatedLeavesNoConfigMap() throws Exception {
        cluster.override = r -> r.getMethod().equals("POST") && r.getPath().contains("/jobs")
                ? FakeCluster.status(403, "jobs.batch is forbidden: User \"u\" cannot create resource \"jobs\" in API"
                        + " group \"batch\" in the namespace \"test\"")
                : null;
        RunReport report = run("node1", JobOptions.defaults());

        assertEquals(RunStatus.ERROR, report.status());
        assertTrue(report.message().contains("may not create jobs.batch in namespace \"test\""), report::message);
        assertNothingLeft();
    }

    @Test
    void transientServerErrorsAreRetried() throws Exception {
        AtomicInteger failures = new AtomicInteger();
        cluster.override = r -> r.getMethod().equals("POST") && r.getPath().contains("/jobs")
                        && failures.incrementAndGet() <= 2
                ? FakeCluster.status(503, "etcd leader changed")
                : null;
        RunReport report = run("node1", JobOptions.defaults());

        assertEquals(RunStatus.SUCCEEDED, report.status(), recorder::toString);
        assertEquals(3, cluster.runnerRequests("POST", "/jobs"));
        assertTrue(recorder.saw("create jobs.batch f-abcdefgh-s1 failed (etcd leader changed); try 2 of 4"),
                recorder::toString);
    }

    @Test
    void clientErrorsAreNotRetried() throws Exception {
        cluster.override = r -> r.getMethod().equals("POST") && r.getPath().contains("/jobs")
                ? FakeCluster.status(422, "Job.batch \"x\" is invalid: spec.template.spec.containers[0].image: Required")
                : null;
        RunReport report = run("node1", JobOptions.defaults());

        assertEquals(RunStatus.ERROR, report.status());
        assertTrue(report.message().contains("refused to create jobs.batch f-abcdefgh-s1 in namespace \"test\" (HTTP 422)"),
                report::message);
        assertEquals(1, cluster.runnerRequests("POST", "/jobs"));
    }

    @Test
    void unreachableServerIsReportedAfterRetries() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        ConnectionSettings nowhere = new ConnectionSettings("https://127.0.0.1:" + port, null, true, "test",
                new Credential.Token("runner-token"));
        RunReport report = new KubernetesRunner(nowhere, JobOptions.defaults(), recorder, c -> {})
                .backoff(new Backoff(Duration.ofMillis(10), Duration.ofMillis(40), 3))
                .run("f-abcdefgh", Workflows.split(PINNED.formatted("node1")), new Abort());

        assertEquals(RunStatus.ERROR, report.status());
        assertTrue(report.message().contains("cannot reach the Kubernetes API server at https://127.0.0.1:" + port),
                report::message);
        assertTrue(report.message().contains("(3 tries)"), report::message);
        assertEquals(2, recorder.progress.stream().filter(p -> p.contains("try ")).count(), recorder::toString);
    }

    @Test
    void expiredTokenIsRenewedOnceFromTheFactory() throws Exception {
        AtomicInteger made = new AtomicInteger();
        cluster.override = r -> "Bearer runner-old".equals(r.getHeader("Authorization"))
                ? FakeCluster.status(401, "Unauthorized")
                : null;
        ClientFactory factory = () -> new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(cluster.config(made.incrementAndGet() == 1 ? "runner-old" : "runner-new"))
                .build();
        RunReport report = new KubernetesRunner(factory, JobOptions.defaults(), recorder, c -> {})
                .run("f-abcdefgh", Workflows.split(PINNED.formatted("node1")), new Abort());

        assertEquals(RunStatus.SUCCEEDED, report.status(), () -> report.message() + recorder);
        assertEquals(2, made.get());
        assertEquals(List.of("[1] hello"), recorder.output);
    }

}
