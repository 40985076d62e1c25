package io.jenkins.plugins.roiergasias.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.jenkins.plugins.roiergasias.kubernetes.cleanup.Sweeper;
import io.jenkins.plugins.roiergasias.kubernetes.connection.ConnectionSettings;
import io.jenkins.plugins.roiergasias.kubernetes.connection.Credential;
import io.jenkins.plugins.roiergasias.kubernetes.connection.KubernetesClients;
import io.jenkins.plugins.roiergasias.kubernetes.connection.PermissionCheck;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.JobOptions;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.Names;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.RunStatus;
import io.jenkins.plugins.roiergasias.run.Abort;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Credentials become clients without ever showing; kubeconfigs work as the CLI passes them; sweeping and permission checks. */
@Timeout(60)
class ConnectionTest {
    private static final String SECRET = "s3cr3t-t0ken-value";

    static String kubeconfig(String server, String token, String namespace) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: test
                    cluster:
                      server: %s
                      certificate-authority-data: %s
                contexts:
                  - name: test
                    context:
                      cluster: test
                      user: runner
                      %s
                current-context: test
                users:
                  - name: runner
                    user:
                      token: %s
                """.formatted(server, Base64.getEncoder().encodeToString("not a real CA".getBytes()),
                namespace == null ? "" : "namespace: " + namespace, token);
    }

    @Test
    void noSettingShowsACredential() {
        List<Credential> credentials = List.of(new Credential.Token(SECRET),
                new Credential.ClientCertificate("-----BEGIN CERTIFICATE-----" + SECRET, "-----BEGIN KEY-----" + SECRET),
                new Credential.UsernamePassword("jenkins", SECRET),
                new Credential.Kubeconfig(kubeconfig("https://k8s.example:6443", SECRET, "ci"), "test"));
        for (Credential c : credentials) {
            ConnectionSettings s = new ConnectionSettings("https://k8s.example:6443", "CA", false, "ci", c);
            assertFalse(c.toString().contains(SECRET), c::toString);
            assertFalse(s.toString().contains(SECRET), s::toString);
        }
    }

    @Test
    void kubeconfigGivesServerTokenCaAndNamespace() {
        ConnectionSettings s = new ConnectionSettings(null, null, false, null,
                new Credential.Kubeconfig(kubeconfig("https://k8s.example:6443", SECRET, "from-kubeconfig"), null));
        Config c = KubernetesClients.config(s);
        assertEquals("https://k8s.example:6443/", c.getMasterUrl());
        assertEquals(SECRET, c.getOauthToken() != null ? c.getOauthToken() : c.getAutoOAuthToken());
        assertEquals("from-kubeconfig", c.getNamespace());
        assertTrue(c.getCaCertData() != null && !c.getCaCertData().isEmpty());
        assertEquals(0, c.getRequestRetryBackoffLimit(), "the runner retries, not fabric8");

        ConnectionSettings explicit = new ConnectionSettings(null, null, false, "mine", s.credential());
        assertEquals("mine", KubernetesClients.config(explicit).getNamespace());
        ConnectionSettings none = new ConnectionSettings(null, null, false, null,
                new Credential.Kubeconfig(kubeconfig("https://k8s.example:6443", SECRET, null), null));
        assertEquals("default", KubernetesClients.config(none).getNamespace());
    }

    @Test
    void otherCredentialsBecomeTheirFabric8Fields() {
        Config basic = KubernetesClients.config(new ConnectionSettings("https://k8s.example:6443", "-----BEGIN CERT", true,
                null, new Credential.UsernamePassword("jenkins", SECRET)));
        assertEquals("jenkins", basic.getUsername());
        assertEquals(SECRET, basic.getPassword());
        assertTrue(basic.isTrustCerts());
        assertEquals("default", basic.getNamespace());
        Config certs = KubernetesClients.config(new ConnectionSettings("https://k8s.example:6443", null, false, "ci",
                new Credential.ClientCertificate("CERT", "-----BEGIN EC PRIVATE KEY-----\nx\n")));
        assertEquals("EC", certs.getClientKeyAlgo());
        assertEquals("CERT", new String(Base64.getDecoder().decode(certs.getClientCertData())));
    }

    @Test
    void cliRunWithAKubeconfigFile() throws Exception {
        try (FakeCluster cluster = new FakeCluster()) {
            Recorder recorder = new Recorder();
            ConnectionSettings s = new ConnectionSettings(null, null, false, null, new Credential.Kubeconfig(
                    kubeconfig(cluster.url(), "runner-from-kubeconfig", FakeCluster.NAMESPACE), null));
            RunReport report = new KubernetesRunner(s, JobOptions.defaults(), recorder, c -> {})
                    .run("k-abcdefgh", Workflows.example("hello-world.yaml"), new Abort());
            assertEquals(RunStatus.SUCCEEDED, report.status(), recorder::toString);
            assertEquals("Hello World!", recorder.lines().get(0));
            assertTrue(cluster.requests.stream().anyMatch(r -> "Bearer runner-from-kubeconfig".equals(r.auth())));
            for (String line : recorder.progress) {
                assertFalse(line.contains("runner-from-kubeconfig"), line);
            }
        }
    }

    @Test
    void sweeperDeletesOnlyOldLeftoversOfFinishedRuns() throws Exception {
        try (FakeCluster cluster = new FakeCluster()) {
            cluster.kubelet.behaviour = j -> FakeKubelet.Behaviour.IMAGE_PULL_BACKOFF; // nothing runs
            for (String run : List.of("old-aaaaaaaa", "live-bbbbbbbb")) {
                cluster.admin.configMaps().inNamespace(FakeCluster.NAMESPACE).resource(new ConfigMapBuilder()
                        .withNewMetadata().withName(run + "-s1").withLabels(Names.labels(run, 0)).endMetadata()
                        .build()).create();
                cluster.admin.batch().v1().jobs().inNamespace(FakeCluster.NAMESPACE).resource(new JobBuilder()
                        .withNewMetadata().withName(run + "-s1").withLabels(Names.labels(run, 0)).endMetadata()
                        .withNewSpec().withBackoffLimit(0).withNewTemplate().withNewMetadata()
                        .withLabels(Names.labels(run, 0)).endMetadata().withNewSpec().addNewContainer()
                        .withName("roiergasias").withImage("busybox").endContainer().endSpec().endTemplate().endSpec()
                        .build()).create();
            }
            cluster.admin.configMaps().inNamespace(FakeCluster.NAMESPACE).resource(new ConfigMapBuilder()
                    .withNewMetadata().withName("someone-elses").endMetadata().build()).create();

            List<String> swept = Sweeper.sweep(cluster.admin, FakeCluster.NAMESPACE, Duration.ofSeconds(-60),
                    Set.of("live-bbbbbbbb"));

            assertEquals(List.of("job/old-aaaaaaaa-s1", "configmap/old-aaaaaaaa-s1"), swept);
            FakeCluster.await("sweep done", Duration.ofSeconds(10), () -> cluster.objects().stream()
                    .noneMatch(o -> o.contains("old-aaaaaaaa")));
            assertTrue(cluster.objects().contains("configmap/someone-elses"));
            assertTrue(cluster.objects().contains("job/live-bbbbbbbb-s1"));
            assertTrue(Sweeper.sweep(cluster.admin, FakeCluster.NAMESPACE, Duration.ofHours(1)).isEmpty(),
                    "nothing is an hour old");
        }
    }

    @Test
    void permissionCheckListsWhatTheRoleLacks() throws Exception {
        try (FakeCluster cluster = new FakeCluster()) {
            cluster.override = r -> {
                if (!r.getPath().contains("selfsubjectaccessreviews")) {
                    return null;
                }
                SelfSubjectAccessReview review = Serialization.unmarshal(r.getUtf8Body(), SelfSubjectAccessReview.class);
                var a = review.getSpec().getResourceAttributes();
                boolean allowed = !("delete".equals(a.getVerb()) && "jobs".equals(a.getResource()))
                        && !"log".equals(a.getSubresource());
                review.setStatus(new SubjectAccessReviewStatus(allowed, false, null, null));
                return new MockResponse().setResponseCode(201).setBody(Serialization.asJson(review));
            };
            List<String> missing = PermissionCheck.missing(cluster.settings());
            assertEquals(List.of("delete jobs.batch", "get pods/log"), missing);
        }
    }
}
