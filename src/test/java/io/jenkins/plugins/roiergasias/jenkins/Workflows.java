package io.jenkins.plugins.roiergasias.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.model.Run;
import hudson.util.Secret;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jvnet.hudson.test.JenkinsRule;

/** Workflows and set-up shared by the plugin's tests. */
final class Workflows {
    /** The multi-node hello-world of SPEC §1. */
    static final String HELLO = """
            version: 0.1
            environment:
              - welcome: "Welcome to the demo workflow!"
            task:
              - node: node1
                sequential:
                  - print:
                      - "Hello"
                      - "{{env:welcome}}"
                  - environment:
                      - greeting: "Warm greetings!"
              - node: node2
                sequential:
                  - execute:
                      - "echo {{env:greeting}}"
            """;

    /** The second segment's second command fails with exit code 3. */
    static final String FAILING = """
            version: 0.1
            task:
              - node: node1
                sequential:
                  - print:
                      - "first"
              - node: node2
                sequential:
                  - execute:
                      - "echo before"
                      - "exit 3"
                  - print:
                      - "never printed"
            """;

    /** The API token of the tests; it must never show in a console or a build directory. */
    static final String TOKEN = "t0k3n-that-must-n0t-leak";

    private Workflows() {}

    /** A Secret text credential in the global store. */
    static void secretText(Jenkins jenkins, String id, String secret) throws IOException {
        CredentialsProvider.lookupStores(jenkins).iterator().next().addCredentials(
                Domain.global(), new StringCredentialsImpl(CredentialsScope.GLOBAL, id, "test", Secret.fromString(secret)));
    }

    /** One cluster, {@code default}, that points every step at the fake cluster with the token credential {@code k8s}. */
    static void useCluster(Jenkins jenkins, FakeCluster cluster) throws IOException {
        secretText(jenkins, "k8s", TOKEN);
        RoiergasiasConfiguration.get().setClusters(List.of(cluster("default", cluster, "k8s")));
    }

    /** A named cluster of the global configuration that points at {@code fake} with the credential {@code credentialsId}. */
    static ClusterConfig cluster(String name, FakeCluster fake, String credentialsId) {
        ClusterConfig c = new ClusterConfig(name);
        c.setServerUrl(fake.url());
        c.setCredentialsId(credentialsId);
        c.setNamespace(FakeCluster.NAMESPACE);
        return c;
    }

    /** The only cluster of the global configuration, whose setters change what the next build uses. */
    static ClusterConfig onlyCluster() {
        List<ClusterConfig> clusters = RoiergasiasConfiguration.get().getClusters();
        assertEquals(1, clusters.size(), "one cluster configured");
        return clusters.get(0);
    }

    /** A Pipeline job {@code p} with a sandboxed script. */
    static WorkflowJob pipeline(JenkinsRule j, String script) throws IOException {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(script, true));
        return p;
    }

    /** The files under {@code dir} whose text contains {@code text}, as in credentials-binding's tests. */
    static Set<String> grep(File dir, String text) throws IOException {
        Set<String> matches = new TreeSet<>();
        try (Stream<Path> files = Files.walk(dir.toPath())) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                try {
                    if (new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(text)) {
                        matches.add(dir.toPath().relativize(f).toString());
                    }
                } catch (IOException e) {
                    // a file removed meanwhile
                }
            }
        }
        return matches;
    }

    /** The page and the REST API say the run ended with an error, and why; never "running". */
    static void assertEndedWith(JenkinsRule j, Run<?, ?> b, String reason) throws Exception {
        RoiergasiasAction a = b.getAction(RoiergasiasAction.class);
        assertNotNull(a, "the build page shows the workflow run");
        assertEquals("error", a.getStatus());
        assertTrue(a.getMessage().contains(reason), a.getMessage());
        JSONObject api = j.getJSON(b.getUrl() + "roiergasias/api/json").getJSONObject();
        assertEquals("error", api.getString("status"));
        assertTrue(api.getString("message").contains(reason), api.toString());
        assertTrue(j.createWebClient().getPage(b).asNormalizedText().contains(reason), "the summary box says why");
    }
}
