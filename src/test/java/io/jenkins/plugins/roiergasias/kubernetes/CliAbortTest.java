package io.jenkins.plugins.roiergasias.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.roiergasias.cli.CliProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code roiergasias run --kubeconfig} as a real process, stopped by a real signal while a segment
 * runs, against the mock API server: the process ends only after the Job, its pod and its ConfigMap
 * are gone, with exit status 4 and the abort message.
 */
@Timeout(120)
class CliAbortTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"INT", "TERM"})
    void aSignalDeletesTheRunningJobBeforeTheProcessEnds(String signal) throws Exception {
        Path workflow = dir.resolve("wf.yaml");
        Files.writeString(workflow, """
                version: 0.1
                task:
                  - sequential:
                      - print: ["started"]
                      - execute: ["sleep 60"]
                """, StandardCharsets.UTF_8);
        String runId = "sig-" + signal.toLowerCase(java.util.Locale.ROOT) + "-abcdefgh";
        try (FakeCluster cluster = new FakeCluster()) {
            Path config = dir.resolve("kubeconfig");
            Files.writeString(config, ConnectionTest.kubeconfig(cluster.url(), FakeCluster.RUNNER_TOKEN,
                    FakeCluster.NAMESPACE));
            stopWithSignal(cluster, workflow, config, runId, signal);
        }
    }

    private void stopWithSignal(FakeCluster cluster, Path workflow, Path config, String runId, String signal)
            throws Exception {
        try (CliProcess cli = CliProcess.fromClasspath(dir, "run", "-f", workflow.toString(), "--kubeconfig",
                config.toString(), "--run-id", runId)) {
            assertTrue(cli.awaitStdout("started\n", Duration.ofSeconds(60)), cli::stderr);
            long before = System.nanoTime();
            cli.signal(signal);
            int status = cli.exitStatus(Duration.ofSeconds(60));
            System.out.printf("SIG%s to exit: %d ms%n", signal, (System.nanoTime() - before) / 1_000_000);

            assertEquals(4, status, cli::stderr);
            assertTrue(cli.stderr().contains("roiergasias: aborted: segment 1/1 (any node): aborted: interrupted"
                    + " (Ctrl-C or SIGTERM); Job " + runId + "-s1, its pods and its ConfigMap were deleted"), cli::stderr);
            assertEquals("started\n", cli.stdout());
        }
        // Nothing to wait for: the process ended after it saw the objects gone.
        assertEquals(List.of(), cluster.objects());
        assertEquals(0, cluster.runnerRequests().stream()
                .filter(r -> r.path().contains("/configmaps") && r.path().contains("watch=true")).count(),
                () -> "the Role grants no watch on configmaps: " + cluster.runnerRequests());
    }
}
