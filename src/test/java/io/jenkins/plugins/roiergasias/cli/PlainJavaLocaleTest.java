package io.jenkins.plugins.roiergasias.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar roiergasias.jar} without the launcher in the C locale, where Java 17 decodes
 * arguments and file names as ASCII: a non-ASCII name cannot work, and the message says what to do.
 */
class PlainJavaLocaleTest {
    private static final String HINT = "non-ASCII file names need a UTF-8 locale (e.g. LC_ALL=C.UTF-8) or the"
            + " roiergasias launcher";

    @TempDir
    Path dir;

    @Test
    void aNonAsciiWorkflowFileNameInTheCLocaleSaysThatItNeedsAUtf8Locale() throws Exception {
        Files.writeString(dir.resolve("wü.yaml"), "version: 0.1\ntask:\n  - sequential:\n      - print: [hi]\n",
                StandardCharsets.UTF_8);
        CliProcess.Result r = CliProcess.run(dir, Map.of("LC_ALL", "C"), "validate", "-f", "wü.yaml");
        assertEquals(2, r.exit(), r.stderr());
        assertEquals("", r.stdout());
        assertTrue(r.stderr().contains("this Java decodes arguments and file names as ANSI_X3.4-1968, the locale's"
                + " charset: " + HINT), r.stderr());

        // In a UTF-8 locale the same command line works and says nothing of the kind.
        r = CliProcess.run(dir, Map.of("LC_ALL", "C.UTF-8"), "validate", "-f", "wü.yaml");
        assertEquals(0, r.exit(), r.stderr());
        assertEquals("wü.yaml: valid: 1 tasks, 1 steps, 1 segment\n", r.stderr());
    }

    @Test
    void aNonAsciiWorkspaceFileInTheCLocaleEndsTheRunWithAMessageNotAStackTrace() throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("ws/data"));
        Files.writeString(workspace.resolve("tráin ü.csv"), "1\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("w.yaml"), "version: 0.1\ntask:\n  - sequential:\n      - execute: [\"touch ran\"]\n",
                StandardCharsets.UTF_8);
        CliProcess.Result r = CliProcess.run(dir, Map.of("LC_ALL", "C"), "run", "--local", "-f", "w.yaml",
                "--workspace", "ws", "--inputs", "data/**", "--outputs", "ran");
        assertEquals(4, r.exit(), r.stderr());
        assertEquals("", r.stdout(), "nothing ran");
        assertTrue(r.stderr().contains("roiergasias: inputs: the name of data/tr"), r.stderr());
        assertTrue(r.stderr().contains(HINT), r.stderr());
        assertFalse(r.stderr().contains("\tat ") || r.stderr().contains("Exception"), "stack trace:\n" + r.stderr());
        assertFalse(Files.exists(dir.resolve("ws/ran")));
    }

    /** A run on a cluster: the garbled name would reach the pod; it is refused before any connection. */
    @Test
    void aNonAsciiInputInTheCLocaleIsRefusedBeforeTheClusterIsContacted() throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("ws/data"));
        Files.writeString(workspace.resolve("tráin ü.csv"), "1\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("w.yaml"), "version: 0.1\ntask:\n  - sequential:\n      - execute: [\"ls\"]\n",
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("kc"), "apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server:"
                + " \"https://127.0.0.1:1\"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context:"
                + " {cluster: c, user: u}}]\ncurrent-context: x\n", StandardCharsets.UTF_8);
        CliProcess.Result r = CliProcess.run(dir, Map.of("LC_ALL", "C"), "run", "-f", "w.yaml", "--kubeconfig", "kc",
                "--workspace", "ws", "--inputs", "data/**");
        assertEquals(4, r.exit(), r.stderr());
        assertTrue(r.stderr().contains("roiergasias: inputs: the name of data/tr"), r.stderr());
        assertTrue(r.stderr().contains("cannot be read in this Java's charset ANSI_X3.4-1968: non-ASCII file names"
                + " need a UTF-8 locale (e.g. LC_ALL=C.UTF-8)"), r.stderr());
        assertTrue(r.stderr().contains(HINT), r.stderr());
        assertFalse(r.stderr().contains("Kubernetes API"), "no connection was tried:\n" + r.stderr());
    }
}
