package io.jenkins.plugins.roiergasias.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jenkins.plugins.roiergasias.kubernetes.jobs.JobOptions;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.RunIds;
import io.jenkins.plugins.roiergasias.kubernetes.transfer.PodTransfer;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.RunStatus;
import io.jenkins.plugins.roiergasias.run.Abort;
import io.jenkins.plugins.roiergasias.transfer.TransferSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pod's effective security on the real cluster (Kubernetes 1.20 has no Pod Security admission,
 * so the test reads what the kernel says inside the pod), under a ServiceAccount bound to the
 * published Role: no capabilities, no new privileges, seccomp filtering; the work directory is
 * writable and files go in and out, for the default pod (the image's user, root for busybox) and
 * for the documented fully "restricted" template (user 65534).
 */
@Tag("e2e")
class PodSecurityEndToEndTest {
    static final String WORKFLOW = """
            version: 0.1
            task:
              - node: node1
                sequential:
                  - execute:
                      - "id -u > uid.txt"
                      - "grep -E '^(CapEff|CapBnd|NoNewPrivs|Seccomp):' /proc/self/status | tr -s '\\\\t ' ' ' > status.txt"
                      - "cp in.txt out.txt && echo written >> out.txt"
            """;

    /** The documented template for a fully "restricted" pod (docs/kubernetes.md, "The pod's security"). */
    static String restrictedTemplate() throws java.io.IOException {
        try (var in = PodSecurityEndToEndTest.class.getResourceAsStream("/kubernetes/restricted-pod.yaml")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static TestCluster cluster;

    @TempDir
    Path workspace;

    @BeforeAll
    static void connect() throws Exception {
        cluster = TestCluster.fromEnvironment();
    }

    @AfterAll
    static void disconnect() {
        cluster.admin.close();
    }

    private void runAndCheck(JobOptions options, String expectedUid) throws Exception {
        String ns = cluster.newNamespace("podsec");
        try {
            String kubeconfig = Tokens.serviceAccountWith(cluster, ns, "roiergasias", FilesEndToEndTest.publishedRole(cluster));
            Files.writeString(workspace.resolve("in.txt"), "data\n");
            TransferSpec spec = TransferSpec.of("in.txt", null, "uid.txt, status.txt, out.txt", null, null);
            Console console = new Console();
            RunReport report = cluster.runner(kubeconfig, ns, options, console, c -> {})
                    .files(PodTransfer.prepare(workspace, spec, console::progress))
                    .run(RunIds.create("podsec"), EndToEndTest.segments(WORKFLOW), new Abort());
            assertEquals(RunStatus.SUCCEEDED, report.status(), () -> report.message() + "\n" + console.progress);
            assertEquals(expectedUid, Files.readString(workspace.resolve("uid.txt")).trim());
            assertEquals(List.of("CapBnd: 0000000000000000", "CapEff: 0000000000000000", "NoNewPrivs: 1", "Seccomp: 2"),
                    Files.readAllLines(workspace.resolve("status.txt")).stream().sorted().toList());
            assertEquals("data\nwritten\n", Files.readString(workspace.resolve("out.txt")));
            assertEquals(List.of(), cluster.leftoversAfter(ns, Duration.ofSeconds(30)));
        } finally {
            cluster.deleteNamespace(ns);
        }
    }

    @Test
    void theDefaultPodHasNoCapabilitiesNoNewPrivilegesAndSeccompAndStillMovesFiles() throws Exception {
        runAndCheck(cluster.options(), "0");
    }

    @Test
    void theRestrictedTemplateRunsAsNobodyAndTheWorkDirectoryStaysWritable() throws Exception {
        runAndCheck(cluster.options().withJobTemplate(restrictedTemplate()), "65534");
    }
}
