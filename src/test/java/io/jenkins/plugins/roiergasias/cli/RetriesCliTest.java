package io.jenkins.plugins.roiergasias.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --retries} and {@code --retry-on} on the real process: usage errors before anything runs. */
class RetriesCliTest {
    @TempDir
    Path dir;

    private CliProcess.Result run(String... args) throws Exception {
        Files.writeString(dir.resolve("w.yaml"), "version: 0.1\ntask:\n  - sequential:\n      - print: [\"ran\"]\n");
        return CliProcess.run(dir, Map.of(), args);
    }

    @Test
    void retriesAreForClusterRunsAndTheirValuesAreCheckedBeforeAnythingRuns() throws Exception {
        CliProcess.Result local = run("run", "-f", "w.yaml", "--retries", "2");
        assertEquals(3, local.exit(), local.stderr());
        assertEquals("", local.stdout(), "nothing ran");
        assertTrue(local.stderr().contains("--retries and --retry-on retry segments on a cluster: give --kubeconfig"),
                local.stderr());

        Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\nkind: Config\n");
        CliProcess.Result on = run("run", "-f", "w.yaml", "--kubeconfig", "kubeconfig", "--retries", "1",
                "--retry-on", "sometimes");
        assertEquals(3, on.exit(), on.stderr());
        assertTrue(on.stderr().contains("--retry-on must be infrastructure or any, not 'sometimes'"), on.stderr());

        CliProcess.Result many = run("run", "-f", "w.yaml", "--kubeconfig", "kubeconfig", "--retries", "11");
        assertEquals(3, many.exit(), many.stderr());
        assertTrue(many.stderr().contains("--retries must be between 0 and 10, not 11"), many.stderr());
    }
}
