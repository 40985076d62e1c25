package io.jenkins.plugins.roiergasias.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jenkins.plugins.roiergasias.cli.CliProcess;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.Names;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.RunIds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --env}, {@code --secret-env} and {@code --job-template NODE=FILE} through the real CLI
 * process on the real two-node cluster, with the token of a ServiceAccount bound to exactly the Role
 * of this tree's {@code docs/rbac.yaml} (made in a namespace of the test's own, so that the test does
 * not depend on the version of the Role another tree applied to the shared namespace).
 */
@Tag("e2e")
class PassedEnvEndToEndTest {
    private static final String SECRET = "s3cr3t-" + java.util.UUID.randomUUID();
    private static final Duration GC = Duration.ofSeconds(30);

    private static TestCluster cluster;
    private String ns;

    @TempDir
    Path dir;

    @BeforeAll
    static void connect() throws Exception {
        cluster = TestCluster.fromEnvironment();
    }

    @AfterAll
    static void disconnect() {
        cluster.admin.close();
    }

    @AfterEach
    void removeNamespace() {
        if (ns != null) {
            cluster.deleteNamespace(ns);
        }
    }

    /** The Role of docs/rbac.yaml, its first document, as users apply it. */
    private static Role publishedRole() throws Exception {
        Path rbac = Path.of(System.getProperty("roiergasias.project.dir", ".."), "docs", "rbac.yaml");
        String first = Files.readString(rbac, StandardCharsets.UTF_8).split("\n---\n")[0];
        return Serialization.unmarshal(first, Role.class);
    }

    @Test
    void passedAndSecretVariablesReachThePodsAndANodeTemplateOnlyItsNode() throws Exception {
        ns = cluster.newNamespace("passenv");
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, Tokens.serviceAccountWith(cluster, ns, "roiergasias", publishedRole()));
        Files.writeString(dir.resolve("node2.yaml"), """
                spec:
                  containers:
                    - name: roiergasias
                      env:
                        - {name: ACCELERATOR, value: "the node2 template"}
                """);
        Files.writeString(dir.resolve("wf.yaml"), """
                version: 0.1
                task:
                  - node: node1
                    sequential:
                      - execute:
                          - "sleep 4"
                          - "echo \\"node1: build {{env:BUILD_NUMBER}}, accelerator ${ACCELERATOR:-none}\\""
                  - node: node2
                    sequential:
                      - execute:
                          - "echo \\"node2: build $BUILD_NUMBER, accelerator $ACCELERATOR\\""
                          - "case \\"$API_TOKEN\\" in s3cr3t-*) echo \\"token of ${#API_TOKEN} characters\\";; esac"
                """);
        String runId = RunIds.create("penv");
        CompletableFuture<CliProcess.Result> run = CompletableFuture.supplyAsync(() -> {
            try {
                return CliProcess.run(dir, Map.of("API_TOKEN", SECRET, "HOME", dir.toString()), "run", "-f", "wf.yaml",
                        "--kubeconfig", kubeconfig.toString(), "--image", cluster.image, "--run-id", runId,
                        "--env", "BUILD_NUMBER=42", "--secret-env", "API_TOKEN", "--job-template", "node2=node2.yaml");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (ClusterLog log = new ClusterLog(cluster, ns)) {
            // While the run goes on: the value is in the segment's Secret, owned by its Job, and nowhere else.
            String seen = awaitSecretAndJob(runId, Duration.ofSeconds(120));
            assertEquals("owned by its Job", seen);
            String everythingElse = Serialization.asJson(cluster.admin.configMaps().inNamespace(ns).list())
                    + Serialization.asJson(cluster.admin.batch().v1().jobs().inNamespace(ns).list())
                    + Serialization.asJson(cluster.admin.pods().inNamespace(ns).list());
            assertFalse(everythingElse.contains(SECRET), "the secret value is in a ConfigMap, Job or pod");
            assertTrue(everythingElse.contains("secretKeyRef"), "no Job refers to the Secret");

            CliProcess.Result r = run.get(5, TimeUnit.MINUTES);
            assertEquals(0, r.exit(), r.stderr());
            assertEquals("node1: build 42, accelerator none\nnode2: build 42, accelerator the node2 template\n"
                    + "token of " + SECRET.length() + " characters\n", r.stdout());
            assertFalse(r.stderr().contains(SECRET), r.stderr());
            assertEquals(Map.of("1", "node1", "2", "node2"), log.nodeOfSegment);
        }
        assertEquals(List.of(), cluster.leftoversAfter(ns, GC));
        assertEquals(List.of(), secretsOf(runId), "a Secret of the run is left");
        assertEquals(List.of(), managedSecrets());
    }

    @Test
    void withoutTheSecretsRuleOnlyARunThatPassesASecretIsRefusedAndBeforeItCreatesAnything() throws Exception {
        ns = cluster.newNamespace("nosecrets");
        Role role = publishedRole();
        role.setRules(role.getRules().stream().filter(r -> !r.getResources().contains("secrets")).toList());
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, Tokens.serviceAccountWith(cluster, ns, "roiergasias", role));
        Files.writeString(dir.resolve("wf.yaml"), """
                version: 0.1
                task:
                  - node: node1
                    sequential:
                      - execute: ["echo build $BUILD_NUMBER"]
                """);
        Map<String, String> env = Map.of("API_TOKEN", SECRET, "HOME", dir.toString());
        String[] common = {"run", "-f", "wf.yaml", "--kubeconfig", kubeconfig.toString(), "--image", cluster.image,
            "--env", "BUILD_NUMBER=42"};

        CliProcess.Result refused = CliProcess.run(dir, env, concat(common, "--secret-env", "API_TOKEN"));
        assertEquals(4, refused.exit(), refused.stderr());
        assertTrue(refused.stderr().contains("nothing was created: forbidden: ")
                && refused.stderr().contains("may not create secrets in namespace \"" + ns + "\""), refused.stderr());
        assertEquals("", refused.stdout());
        assertEquals(List.of(), cluster.leftovers(ns));
        assertEquals(List.of(), managedSecrets());

        CliProcess.Result plain = CliProcess.run(dir, env, common);
        assertEquals(0, plain.exit(), plain.stderr());
        assertEquals("build 42\n", plain.stdout());
        assertEquals(List.of(), cluster.leftoversAfter(ns, GC));
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Waits until a Secret and a Job of the run exist together; says whether the Job owns the Secret. */
    private String awaitSecretAndJob(String runId, Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < end) {
            var secrets = cluster.admin.secrets().inNamespace(ns).withLabel(Names.RUN_LABEL, runId).list().getItems();
            for (var secret : secrets) {
                var job = cluster.admin.batch().v1().jobs().inNamespace(ns).withName(secret.getMetadata().getName()).get();
                var owners = secret.getMetadata().getOwnerReferences();
                if (job != null && owners != null && !owners.isEmpty()) {
                    return owners.size() == 1 && owners.get(0).getUid().equals(job.getMetadata().getUid())
                            ? "owned by its Job" : "owners " + owners;
                }
            }
            TimeUnit.MILLISECONDS.sleep(100); // poll the API server until the deadline
        }
        throw new AssertionError("no Secret and Job of run " + runId + " within " + max);
    }

    private List<String> managedSecrets() {
        return cluster.admin.secrets().inNamespace(ns).withLabel(Names.MANAGED_BY, Names.MANAGER).list().getItems()
                .stream()
                .map(s -> s.getMetadata().getName())
                .toList();
    }

    private List<String> secretsOf(String runId) {
        return cluster.admin.secrets().inNamespace(ns).withLabel(Names.RUN_LABEL, runId).list().getItems().stream()
                .map(s -> s.getMetadata().getName())
                .toList();
    }
}
