package io.jenkins.plugins.roiergasias.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceFileTest {
    @TempDir
    Path dir;

    @Test
    void plainRelativePathsAreRead() throws IOException {
        Path ws = Files.createDirectories(dir.resolve("ws"));
        Files.createDirectories(ws.resolve("ci"));
        Files.writeString(ws.resolve("ci/w.yaml"), "version: 0.1\n");
        Files.createSymbolicLink(ws.resolve("link.yaml"), ws.resolve("ci/w.yaml")); // a link that stays inside
        for (String p : new String[] {"ci/w.yaml", "./ci/w.yaml", "link.yaml"}) {
            try (InputStream in = WorkspaceFile.open(ws, p)) {
                assertEquals("version: 0.1\n", new String(in.readAllBytes(), StandardCharsets.UTF_8), p);
            }
        }
        assertNull(WorkspaceFile.problem("a/b..c/w.yaml"));
    }

    @Test
    void absolutePathsAndDotDotAreRefusedBeforeAnythingIsRead() throws IOException {
        Path ws = Files.createDirectories(dir.resolve("ws"));
        Files.writeString(dir.resolve("secret.txt"), "root:x:0:0");
        for (String p : new String[] {"/etc/passwd", dir.resolve("secret.txt").toString(), "../secret.txt",
                "ci/../../secret.txt", "..\\secret.txt", "C:\\Windows\\win.ini", "~/.ssh/id_rsa", "", "a\0b"}) {
            WorkspaceFile.Refused e = assertThrows(WorkspaceFile.Refused.class, () -> WorkspaceFile.open(ws, p), p);
            assertTrue(!e.getMessage().contains("root:x"), e.getMessage());
        }
    }

    @Test
    void aSymbolicLinkOutOfTheWorkspaceIsRefused() throws IOException {
        Path ws = Files.createDirectories(dir.resolve("ws"));
        Path outside = Files.writeString(dir.resolve("secret.txt"), "root:x:0:0");
        Files.createSymbolicLink(ws.resolve("w.yaml"), outside);
        Files.createSymbolicLink(ws.resolve("up"), dir);
        Files.createSymbolicLink(ws.resolve("dangling.yaml"), dir.resolve("nothing-here"));
        for (String p : new String[] {"w.yaml", "up/secret.txt", "dangling.yaml"}) {
            WorkspaceFile.Refused e = assertThrows(WorkspaceFile.Refused.class, () -> WorkspaceFile.open(ws, p), p);
            assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
            assertTrue(!e.getMessage().contains("root:x"), e.getMessage());
        }
    }

    @Test
    void devicesPipesAndDirectoriesAreNotOpened() throws Exception {
        Path ws = Files.createDirectories(dir.resolve("ws"));
        Files.createDirectories(ws.resolve("d"));
        Process mkfifo = new ProcessBuilder("mkfifo", ws.resolve("fifo").toString()).start();
        assertEquals(0, mkfifo.waitFor());
        for (String p : new String[] {"d", "fifo"}) { // opening a FIFO without a writer would block forever
            WorkspaceFile.Refused e = assertThrows(WorkspaceFile.Refused.class, () -> WorkspaceFile.open(ws, p), p);
            assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
        }
        assertThrows(NoSuchFileException.class, () -> WorkspaceFile.open(ws, "missing.yaml"));
    }
}
