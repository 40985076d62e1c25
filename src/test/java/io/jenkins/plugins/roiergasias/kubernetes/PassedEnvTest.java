package io.jenkins.plugins.roiergasias.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatus;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.JobOptions;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.RunStatus;
import io.jenkins.plugins.roiergasias.run.Abort;
import io.jenkins.plugins.roiergasias.run.PassedEnv;
import io.jenkins.plugins.roiergasias.segment.Segment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Passed variables on the mock API server: plain ones in the Job, secret ones only in a Secret of
 * the segment that the Job owns, gone after the run however it ends, and asked for by the
 * permission pre-check only when a run has one.
 */
@Timeout(60)
class PassedEnvTest {
    private static final String SECRET = "s3cr3t-value-4711";
    private static final PassedEnv ENV = new PassedEnv(Map.of("BUILD_NUMBER", "42"), Map.of("API_TOKEN", SECRET));

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

    private RunReport run(List<Segment> segments, JobOptions options, Abort abort) {
        return new KubernetesRunner(cluster.settings(), options, recorder, recorder.checkpoints::add)
                .run("p-abcdefgh", segments, abort);
    }

    /** Everything the API server holds that is not a Secret, as JSON. */
    private String everythingButSecrets() {
        var admin = cluster.admin;
        return Serialization.asJson(admin.configMaps().inNamespace(FakeCluster.NAMESPACE).list())
                + Serialization.asJson(admin.batch().v1().jobs().inNamespace(FakeCluster.NAMESPACE).list())
                + Serialization.asJson(admin.pods().inNamespace(FakeCluster.NAMESPACE).list());
    }

    @Test
    void aSecretVariableReachesTheCommandOnlyThroughASecretTheJobOwns() throws Exception {
        List<Segment> segments = Workflows.split("""
                version: 0.1
                task:
                  - node: node1
                    sequential:
                      - execute: ["echo \\"build $BUILD_NUMBER, token of ${#API_TOKEN} characters\\""]
                  - node: node2
                    sequential:
                      - print: ["{{env:BUILD_NUMBER}}"]
                      - execute: ["[ \\"$API_TOKEN\\" = \\"$(printf 's3cr3t-value-%s' 4711)\\" ] && echo same token"]
                """);
        List<String> whileRunning = new CopyOnWriteArrayList<>();
        cluster.kubelet.beforeTerminalWrite = (pod, t) -> {
            String job = pod.substring(0, pod.lastIndexOf('-'));
            var secret = cluster.admin.secrets().inNamespace(FakeCluster.NAMESPACE).withName(job).get();
            var owners = secret.getMetadata().getOwnerReferences();
            String ownerUid = cluster.admin.batch().v1().jobs().inNamespace(FakeCluster.NAMESPACE).withName(job).get()
                    .getMetadata().getUid();
            whileRunning.add(job + " owned by " + (owners.size() == 1 && owners.get(0).getUid().equals(ownerUid)
                    ? "its Job" : owners) + ", secret elsewhere: " + everythingButSecrets().contains(SECRET));
        };
        RunReport report = run(segments, JobOptions.defaults().withEnv(ENV), new Abort());

        assertEquals(RunStatus.SUCCEEDED, report.status(), recorder::toString);
        assertEquals(List.of("[1] build 42, token of 17 characters", "[2] 42", "[2] same token"), recorder.output);
        assertEquals(List.of("p-abcdefgh-s1 owned by its Job, secret elsewhere: false",
                "p-abcdefgh-s2 owned by its Job, secret elsewhere: false"), whileRunning);
        assertFalse(recorder.toString().contains(SECRET), recorder::toString);
        assertFalse(report.toString().contains(SECRET));
        FakeCluster.await("no objects left", Duration.ofSeconds(10), () -> cluster.objects().isEmpty());
        assertEquals(2, cluster.runnerRequests("POST", "/secrets"));
        assertEquals(2, cluster.runnerRequests("PATCH", "/secrets/"));
        assertEquals(2, cluster.runnerRequests("DELETE", "/secrets/"));
    }

    @Test
    void theSecretGoesWhenAStepFails() throws Exception {
        List<Segment> segments = Workflows.split("""
                version: 0.1
                task:
                  - sequential:
                      - execute: ["exit 3"]
                """);
        RunReport report = run(segments, JobOptions.defaults().withEnv(ENV), new Abort());

        assertEquals(RunStatus.FAILED, report.status(), recorder::toString);
        FakeCluster.await("no objects left", Duration.ofSeconds(10), () -> cluster.objects().isEmpty());
        assertEquals(1, cluster.runnerRequests("DELETE", "/secrets/"));
    }

    @Test
    void theSecretGoesWhenTheRunIsAborted() throws Exception {
        List<Segment> segments = Workflows.split("""
                version: 0.1
                task:
                  - sequential:
                      - print: ["started"]
                      - execute: ["sleep 30"]
                """);
        Abort abort = new Abort();
        CompletableFuture<RunReport> running = CompletableFuture.supplyAsync(
                () -> run(segments, JobOptions.defaults().withEnv(ENV), abort));
        FakeCluster.await("the first output line", Duration.ofSeconds(20), () -> recorder.lines().contains("started"));
        assertTrue(cluster.objects().contains("secret/p-abcdefgh-s1"), cluster.objects()::toString);
        abort.abort("stopped by the user");
        RunReport report = running.get(30, TimeUnit.SECONDS);

        assertEquals(RunStatus.ABORTED, report.status(), recorder::toString);
        assertEquals(List.of(), cluster.objects());
    }

    @Test
    void aJobThatCannotBeCreatedLeavesNoSecret() throws Exception {
        cluster.override = r -> r.getMethod().equals("POST") && r.getPath().contains("/jobs")
                ? FakeCluster.status(422, "Job.batch \"p-abcdefgh-s1\" is invalid")
                : null;
        RunReport report = run(Workflows.split("version: 0.1\ntask:\n  - sequential:\n      - print: [x]\n"),
                JobOptions.defaults().withEnv(ENV), new Abort());

        assertEquals(RunStatus.ERROR, report.status(), recorder::toString);
        assertEquals(List.of(), cluster.objects());
    }

    @Test
    void thePreCheckAsksForSecretsOnlyWhenARunPassesOne() throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        cluster.override = r -> {
            if (!r.getPath().contains("selfsubjectaccessreviews")) {
                return null;
            }
            SelfSubjectAccessReview review = Serialization.unmarshal(r.getUtf8Body(), SelfSubjectAccessReview.class);
            var a = review.getSpec().getResourceAttributes();
            asked.add(a.getVerb() + " " + a.getResource());
            review.setStatus(new SubjectAccessReviewStatus(!"secrets".equals(a.getResource()), false, null, null));
            return new MockResponse().setResponseCode(201).setBody(Serialization.asJson(review));
        };
        List<Segment> segments = Workflows.split("version: 0.1\ntask:\n  - sequential:\n      - print: [x]\n");
        RunReport plain = run(segments, JobOptions.defaults().withEnv(new PassedEnv(Map.of("A", "1"), Map.of())),
                new Abort());
        assertEquals(RunStatus.SUCCEEDED, plain.status(), recorder::toString);
        assertFalse(asked.stream().anyMatch(q -> q.endsWith("secrets")), asked::toString);

        RunReport secret = run(segments, JobOptions.defaults().withEnv(ENV), new Abort());
        assertEquals(RunStatus.ERROR, secret.status());
        assertTrue(secret.message().contains("nothing was created: forbidden: the credential may not create secrets in"
                + " namespace \"test\""), secret::message);
        assertTrue(secret.message().contains("for runs that pass secret variables, secrets: create, patch, delete"),
                secret::message);
        FakeCluster.await("no objects left", Duration.ofSeconds(10), () -> cluster.objects().isEmpty());
    }
}
