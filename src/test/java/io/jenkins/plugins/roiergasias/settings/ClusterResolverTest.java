package io.jenkins.plugins.roiergasias.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.Config;
import io.jenkins.plugins.roiergasias.kubernetes.connection.Credential;
import io.jenkins.plugins.roiergasias.kubernetes.connection.KubernetesClients;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.CleanupPolicy;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.JobOptions;
import io.jenkins.plugins.roiergasias.workflow.CommandMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A step picks a named cluster; the step's options win over the cluster's, the cluster's over the engine's. */
class ClusterResolverTest {
    private static final String PROD_CA = "-----BEGIN CERTIFICATE-----\nprod\n-----END CERTIFICATE-----";
    private static final ClusterDefaults PROD = new ClusterDefaults("prod", new GlobalDefaults(
            "https://prod.example:6443", "prod-token", "ci", PROD_CA, false, "alpine:3.20", null,
            "spec: {}", "2h", null, 1, "keepOnFailure", Map.of("gpu", "spec: {gpu: true}"), "reference"));
    private static final ClusterDefaults STAGING = new ClusterDefaults("staging", new GlobalDefaults(
            "https://staging.example:6443", "staging-token", "test", null, true, null, null, null, null, "1m", null,
            null));
    private static final String TEXT = "version: 0.1";

    private static SettingsResolver.Resolution resolve(StepSettings step, String cluster, ClusterDefaults... all) {
        return ClusterResolver.resolve(step, cluster, List.of(all));
    }

    @Test
    void theOnlyClusterIsTheDefault() {
        SettingsResolver.Resolution r = resolve(StepSettings.ofText(TEXT), null, PROD);
        assertTrue(r.ok(), r::message);
        ResolvedSettings s = r.settings();
        assertEquals("https://prod.example:6443", s.serverUrl());
        assertEquals("prod-token", s.credentialsId());
        assertEquals("ci", s.namespace());
        assertEquals(PROD_CA, s.caCertificatePem());
        assertEquals("alpine:3.20", s.image());
        assertEquals("spec: {}", s.jobTemplateYaml());
        assertEquals(Map.of("gpu", "spec: {gpu: true}"), s.nodeTemplates());
        assertEquals(Duration.ofHours(2), s.segmentTimeout());
        assertEquals(1, s.backoffLimit());
        assertEquals(CleanupPolicy.KEEP_ON_FAILURE, s.cleanup());
        assertEquals(CommandMode.REFERENCE, s.commands());
        assertEquals(JobOptions.defaults().pendingTimeout(), s.pendingTimeout(), "set by neither: the engine's");
        assertEquals(JobOptions.DEFAULT_NODE_LABEL_KEY, s.nodeLabelKey());
    }

    @Test
    void aStepPicksAClusterByNameAndItsOwnOptionsWin() {
        ResolvedSettings s = resolve(StepSettings.ofText(TEXT), "staging", PROD, STAGING).settings();
        assertEquals("https://staging.example:6443", s.serverUrl());
        assertEquals("staging-token", s.credentialsId());
        assertEquals("test", s.namespace());
        assertTrue(s.skipTlsVerify());
        assertNull(s.caCertificatePem());
        assertEquals(Duration.ofMinutes(1), s.pendingTimeout());
        assertEquals(GlobalDefaults.DEFAULT_IMAGE, s.image(), "not prod's image");
        assertNull(s.jobTemplateYaml(), "not prod's template");
        assertEquals(Map.of(), s.nodeTemplates());
        assertEquals(CommandMode.SHELL, s.commands());

        StepSettings own = new StepSettings(null, TEXT, null, null, "team-a", "busybox:1.36", null, null, "30m",
                null, 0, "never", false, false);
        ResolvedSettings o = resolve(own, "prod", PROD, STAGING).settings();
        assertEquals("https://prod.example:6443", o.serverUrl());
        assertEquals("team-a", o.namespace());
        assertEquals("busybox:1.36", o.image());
        assertEquals(Duration.ofMinutes(30), o.segmentTimeout());
        assertEquals(0, o.backoffLimit());
        assertEquals(CleanupPolicy.NEVER, o.cleanup());
    }

    @Test
    void severalClustersAndNoneNamedIsAnErrorListingTheNames() {
        SettingsResolver.Resolution r = resolve(StepSettings.ofText(TEXT), null, PROD, STAGING);
        assertFalse(r.ok());
        assertNull(r.settings());
        assertTrue(r.message().contains("(prod, staging)"), r::message);
        assertTrue(r.message().contains("cluster: 'prod'"), r::message);
    }

    @Test
    void amongSeveralTheClusterNamedDefaultIsTheDefault() {
        ClusterDefaults migrated = new ClusterDefaults(ClusterDefaults.DEFAULT_NAME, PROD.settings());
        ResolvedSettings s = resolve(StepSettings.ofText(TEXT), null, STAGING, migrated).settings();
        assertEquals("https://prod.example:6443", s.serverUrl());
    }

    @Test
    void anUnknownNameSaysWhichWasMeant() {
        SettingsResolver.Resolution r = resolve(StepSettings.ofText(TEXT), "prdo", PROD, STAGING);
        assertFalse(r.ok());
        assertEquals("There is no cluster 'prdo'; did you mean 'prod'? The clusters are: prod, staging.", r.message());
        assertTrue(resolve(StepSettings.ofText(TEXT), "Staging", PROD, STAGING).message()
                .contains("did you mean 'staging'?"));
        String far = resolve(StepSettings.ofText(TEXT), "gpu-farm", PROD, STAGING).message();
        assertFalse(far.contains("did you mean"), far);
        assertTrue(far.contains("The clusters are: prod, staging."), far);
        assertTrue(resolve(StepSettings.ofText(TEXT), "prod", new ClusterDefaults[0]).message()
                .contains("no cluster is configured"));
    }

    @Test
    void withoutClustersTheEngineDefaultsApply() {
        SettingsResolver.Resolution none = resolve(StepSettings.ofText(TEXT), null);
        assertFalse(none.ok());
        assertTrue(none.message().startsWith("No credentials to reach the cluster"), none::message);
        StepSettings own = new StepSettings(null, TEXT, "mine", "https://k8s.example:6443", null, null, null, null,
                null, null, null, null, false, false);
        ResolvedSettings s = resolve(own, null).settings();
        assertEquals(GlobalDefaults.DEFAULT_IMAGE, s.image());
        assertEquals("mine", s.credentialsId());
    }

    @Test
    void aStepsOwnServerNeedsItsOwnCredentialAndGetsNoneOfTheClustersTls() {
        StepSettings elsewhere = new StepSettings(null, TEXT, null, "https://attacker.example", null, null, null,
                null, null, null, null, null, false, false);
        SettingsResolver.Resolution refused = resolve(elsewhere, null, PROD);
        assertFalse(refused.ok());
        assertTrue(refused.message().contains("needs the step's own credentialsId"), refused::message);

        StepSettings own = new StepSettings(null, TEXT, "mine", "https://other.example", null, null, null, null,
                null, null, null, null, false, false);
        ResolvedSettings s = resolve(own, "staging", PROD, STAGING).settings();
        assertEquals("https://other.example", s.serverUrl());
        assertEquals("mine", s.credentialsId());
        assertNull(s.caCertificatePem());
        assertFalse(s.skipTlsVerify(), "staging skips TLS verification of its own server only");
        assertEquals("test", s.namespace(), "the cluster's other defaults still apply");

        StepSettings same = new StepSettings(null, TEXT, null, "https://prod.example:6443", null, null, null, null,
                null, null, null, null, false, false);
        ResolvedSettings p = resolve(same, null, PROD).settings();
        assertEquals("prod-token", p.credentialsId(), "the cluster's own server: its credential and CA");
        assertEquals(PROD_CA, p.caCertificatePem());
    }

    @Test
    void aStepsOwnCredentialGoesToTheClustersServer() {
        StepSettings own = new StepSettings(null, TEXT, "mine", null, null, null, null, null, null, null, null,
                null, false, false);
        ResolvedSettings s = resolve(own, null, PROD).settings();
        assertEquals("mine", s.credentialsId());
        assertEquals("https://prod.example:6443", s.serverUrl());
        assertEquals(PROD_CA, s.caCertificatePem());
    }

    /** A kubeconfig credential keeps its server and CA unless the cluster sets them. */
    @Test
    void aKubeconfigsServerAndCaAreReplacedOnlyWhenTheClusterSetsThem() {
        Credential kubeconfig = new Credential.Kubeconfig(kubeconfig("https://from-kubeconfig.example:6443",
                "kubeconfig CA"), null);
        ClusterDefaults bare = new ClusterDefaults("bare", new GlobalDefaults(null, "kc", null, null, false, null,
                null, null, null, null, null, null));
        Config kept = KubernetesClients.config(
                resolve(StepSettings.ofText(TEXT), null, bare).settings().connection(kubeconfig));
        assertEquals("https://from-kubeconfig.example:6443/", kept.getMasterUrl());
        assertEquals("kubeconfig CA", decode(kept.getCaCertData()));

        ClusterDefaults explicit = new ClusterDefaults("explicit", new GlobalDefaults("https://explicit.example:6443",
                "kc", null, PROD_CA, false, null, null, null, null, null, null, null));
        Config replaced = KubernetesClients.config(
                resolve(StepSettings.ofText(TEXT), null, explicit).settings().connection(kubeconfig));
        assertEquals("https://explicit.example:6443/", replaced.getMasterUrl());
        assertEquals(PROD_CA, decode(replaced.getCaCertData()));

        ClusterDefaults serverOnly = new ClusterDefaults("server-only", new GlobalDefaults(
                "https://explicit.example:6443", "kc", null, null, false, null, null, null, null, null, null, null));
        Config caKept = KubernetesClients.config(
                resolve(StepSettings.ofText(TEXT), null, serverOnly).settings().connection(kubeconfig));
        assertEquals("https://explicit.example:6443/", caKept.getMasterUrl());
        assertEquals("kubeconfig CA", decode(caKept.getCaCertData()));
    }

    @Test
    void clusterNamesAreCheckedBeforeTheyAreSaved() {
        assertEquals(List.of(), ClusterChoice.problems(List.of("default", "gpu-farm", "eu.west_1")));
        List<String> problems = ClusterChoice.problems(List.of("prod", " ", "prod", "has space"));
        assertEquals(3, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("Give the cluster a name"), problems::toString);
        assertTrue(problems.get(1).contains("'prod' is used twice"), problems::toString);
        assertTrue(problems.get(2).contains("'has space' may have letters"), problems::toString);
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    private static String kubeconfig(String server, String ca) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: c
                    cluster:
                      server: %s
                      certificate-authority-data: %s
                contexts:
                  - name: c
                    context: {cluster: c, user: u}
                current-context: c
                users:
                  - name: u
                    user: {token: t}
                """.formatted(server, Base64.getEncoder().encodeToString(ca.getBytes(StandardCharsets.UTF_8)));
    }
}
