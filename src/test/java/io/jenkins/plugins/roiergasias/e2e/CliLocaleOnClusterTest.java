package io.jenkins.plugins.roiergasias.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.Config;
import io.jenkins.plugins.roiergasias.cli.CliProcess;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.RunIds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real command line without the launcher in the C locale, where Java cannot write a
 * non-ASCII file name, under the restricted ServiceAccount: an output with such a name fails the
 * segment at once with the reason, instead of leaving the pod waiting for its outputs to be taken
 * (before: the copying thread died and the run hung until the pod's wait ran out, 600 s).
 */
@Tag("e2e")
class CliLocaleOnClusterTest {
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

    @Test
    void anOutputThisJavaCannotNameFailsTheSegmentAtOnceAndLeavesNothing() throws Exception {
        Files.writeString(dir.resolve("w.yaml"), """
                x-roiergasias-commands: shell
                version: 0.1
                task:
                  - node: node1
                    sequential:
                      - execute: ["mkdir -p out && echo hi > out/ü.txt"]
                """, StandardCharsets.UTF_8);
        String runId = RunIds.create("locale");
        String ns = Config.fromKubeconfig(cluster.restrictedKubeconfig).getNamespace();
        long start = System.nanoTime();
        CliProcess.Result r = CliProcess.run(dir, Map.of("LC_ALL", "C"), "run", "-f", "w.yaml", "--kubeconfig",
                System.getenv("RESTRICTED_KUBECONFIG"), "--image", cluster.image, "--run-id", runId, "--outputs",
                "out/**");
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertEquals(4, r.exit(), r.stderr());
        assertTrue(r.stderr().contains("refused the file \"out/") && r.stderr().contains("cannot be read in this Java's"
                + " charset ANSI_X3.4-1968: non-ASCII file names need a UTF-8 locale"), r.stderr());
        assertFalse(r.stderr().contains("\tat ") || r.stderr().contains("Exception in thread"), r.stderr());
        System.out.printf("e2e: an output Java cannot name failed the run in %d s%n", seconds);
        assertEquals(List.of(), CliSignalTest.leftoversOfRun(cluster.admin, ns, runId, Duration.ofSeconds(30)));
    }
}
