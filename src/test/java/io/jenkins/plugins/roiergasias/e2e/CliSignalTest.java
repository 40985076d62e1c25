package io.jenkins.plugins.roiergasias.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.roiergasias.cli.CliProcess;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.Names;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.RunIds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ctrl-C and SIGTERM on the real command line ({@code java -jar engine/target/roiergasias.jar run}),
 * under the restricted ServiceAccount of docs/rbac.yaml, on the real cluster: the process ends only
 * after the running Job, its pod and its ConfigMap are gone, with exit status 4 and the abort
 * message. What is left is checked with the admin credential.
 */
@Tag("e2e")
class CliSignalTest {
    private static TestCluster cluster;

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

    @ParameterizedTest
    @ValueSource(strings = {"INT", "TERM"})
    void aSignalDeletesTheRunningJobBeforeTheProcessEnds(String signal) throws Exception {
        Path workflow = dir.resolve("wf.yaml");
        Files.writeString(workflow, """
                version: 0.1
                task:
                  - node: node2
                    sequential:
                      - print: ["started"]
                      - execute: ["sleep 600"]
                """, StandardCharsets.UTF_8);
        String kubeconfig = System.getenv("RESTRICTED_KUBECONFIG");
        String ns = Config.fromKubeconfig(cluster.restrictedKubeconfig).getNamespace();
        String runId = RunIds.create("sig" + signal.toLowerCase(Locale.ROOT));
        try (CliProcess cli = CliProcess.fromJar(dir, "run", "-f", workflow.toString(), "--kubeconfig", kubeconfig,
                "--image", cluster.image, "--run-id", runId)) {
            assertTrue(cli.awaitStdout("started\n", Duration.ofSeconds(120)), cli::stderr);
            long before = System.nanoTime();
            cli.signal(signal);
            int status = cli.exitStatus(Duration.ofSeconds(120));
            long millis = (System.nanoTime() - before) / 1_000_000;

            assertEquals(4, status, cli::stderr);
            assertTrue(cli.stderr().contains("roiergasias: aborted: segment 1/1 (node2): aborted: interrupted"
                    + " (Ctrl-C or SIGTERM); Job " + runId + "-s1, its pods and its ConfigMap were deleted"),
                    cli::stderr);
            assertEquals("started\n", cli.stdout());
            System.out.printf("e2e: SIG%s to exit of the CLI with Job, pod and ConfigMap gone: %d ms%n", signal, millis);
        }
        assertEquals(List.of(), leftoversOfRun(cluster.admin, ns, runId, Duration.ofSeconds(5)));
    }

    /**
     * SIGTERM while the outputs come back from the pod: the process ends only after the Job, its pod
     * and its ConfigMap are gone, with exit status 4, and the workspace holds no part of the file
     * (written aside and renamed only when whole).
     */
    @Test
    void aSignalDuringTheTransferOfTheOutputsLeavesNothingInTheClusterOrTheWorkspace() throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("ws"));
        String runId = RunIds.create("sigfiles");
        try (CliProcess cli = runWithFiles("""
                version: 0.1
                task:
                  - node: node1
                    sequential:
                      - execute: ["head -c 314572800 /dev/zero > big.bin"]
                """, workspace, runId, "--outputs")) {
            long end = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (partFiles(workspace).isEmpty()) {
                assertTrue(System.nanoTime() < end, () -> "the outputs never started to come back: " + cli.stderr());
                TimeUnit.MILLISECONDS.sleep(10); // polling the workspace for the file being written aside
            }
            terminatedAndNothingLeft(cli, runId, "node1");
        }
        assertEquals(List.of(), partFiles(workspace), "no part of the file is left");
        assertFalse(Files.exists(workspace.resolve("big.bin")), "the file is there whole or not at all");
    }

    /**
     * SIGTERM while the inputs are on their way into the pod (1 GiB, progress shown every 5 s): the
     * process ends only after the Job, its pod and its ConfigMap are gone, with exit status 4; no step
     * ran.
     */
    @Test
    void aSignalDuringTheTransferOfTheInputsLeavesNothingInTheCluster() throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("ws"));
        try (var big = java.nio.channels.FileChannel.open(workspace.resolve("big.bin"),
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            big.write(java.nio.ByteBuffer.allocate(1), (1L << 30) - 1); // 1 GiB, sparse
        }
        String runId = RunIds.create("siginputs");
        try (CliProcess cli = runWithFiles("""
                version: 0.1
                task:
                  - node: node2
                    sequential:
                      - print: ["a step ran"]
                """, workspace, runId, "--inputs")) {
            assertTrue(cli.awaitStderr(" of 1.0 GiB (", Duration.ofSeconds(180)), cli::stderr); // a progress line
            assertFalse(cli.stderr().contains("inputs: 1 files"), "the transfer was still going on: " + cli.stderr());
            terminatedAndNothingLeft(cli, runId, "node2");
            assertEquals("", cli.stdout(), "no step ran");
        }
    }

    /** The real jar running {@code yaml} under the restricted account, moving big.bin by {@code option}. */
    private CliProcess runWithFiles(String yaml, Path workspace, String runId, String option) throws IOException {
        Path workflow = dir.resolve("wf.yaml");
        Files.writeString(workflow, yaml, StandardCharsets.UTF_8);
        return CliProcess.fromJar(dir, "run", "-f", workflow.toString(), "--kubeconfig",
                System.getenv("RESTRICTED_KUBECONFIG"), "--image", cluster.image, "--run-id", runId, "--workspace",
                workspace.toString(), option, "big.bin");
    }

    /** SIGTERM: exit status 4 with the abort message, and no Job, pod or ConfigMap of the run left. */
    private static void terminatedAndNothingLeft(CliProcess cli, String runId, String node) throws Exception {
        cli.signal("TERM");
        assertEquals(4, cli.exitStatus(Duration.ofSeconds(120)), cli::stderr);
        assertTrue(cli.stderr().contains("roiergasias: aborted: segment 1/1 (" + node + "): aborted: interrupted"),
                cli::stderr);
        String ns = Config.fromKubeconfig(cluster.restrictedKubeconfig).getNamespace();
        assertEquals(List.of(), leftoversOfRun(cluster.admin, ns, runId, Duration.ofSeconds(5)));
    }

    private static List<Path> partFiles(Path workspace) throws IOException {
        try (var files = Files.list(workspace)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".roiergasias-part")).toList();
        }
    }

    /** The Jobs, pods and ConfigMaps of one run, seen by the admin, re-listed until none is left or the time is up. */
    static List<String> leftoversOfRun(KubernetesClient admin, String ns, String runId, Duration max)
            throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (true) {
            List<String> left = new ArrayList<>();
            admin.batch().v1().jobs().inNamespace(ns).withLabel(Names.RUN_LABEL, runId).list().getItems()
                    .forEach(j -> left.add("job/" + j.getMetadata().getName()));
            admin.pods().inNamespace(ns).withLabel(Names.RUN_LABEL, runId).list().getItems()
                    .forEach(p -> left.add("pod/" + p.getMetadata().getName()));
            admin.configMaps().inNamespace(ns).withLabel(Names.RUN_LABEL, runId).list().getItems()
                    .forEach(c -> left.add("configmap/" + c.getMetadata().getName()));
            if (left.isEmpty() || System.nanoTime() > end) {
                return left;
            }
            TimeUnit.MILLISECONDS.sleep(200); // re-list until the deadline
        }
    }
}
