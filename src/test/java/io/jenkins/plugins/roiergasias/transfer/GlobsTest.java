package io.jenkins.plugins.roiergasias.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlobsTest {
    @TempDir
    Path workspace;

    @TempDir
    Path outside;

    @Test
    void antStyleGlobsAsArchiveArtifactsTakesThem() {
        Globs g = Globs.parse("src/**, requirements.txt, data/*.csv, **/*.md, out/", "inputs");
        assertTrue(g.matches("src/a/b/c.py"));
        assertTrue(g.matches("requirements.txt"));
        assertTrue(g.matches("data/train.csv"));
        assertFalse(g.matches("data/sub/train.csv"), "* stays within one directory");
        assertTrue(g.matches("README.md"), "** also matches no directory");
        assertTrue(g.matches("docs/x/y.md"));
        assertTrue(g.matches("out/model.bin"));
        assertFalse(g.matches("other.txt"));
        assertTrue(Globs.parse("a?c.txt", "inputs").matches("abc.txt"));
    }

    @Test
    void globsThatLeaveTheWorkspaceAreUsageErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Globs.parse("../x", "inputs"));
        assertTrue(e.getMessage().contains("leaves the directory"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Globs.parse("/etc/passwd", "inputs"));
    }

    @Test
    void anInputsGlobThatMatchesNothingFailsNamingIt() throws IOException {
        Files.writeString(workspace.resolve("train.py"), "print(1)");
        TransferSpec spec = TransferSpec.of("train.py, data/*.csv", null, null, null, null);
        TransferException e = assertThrows(TransferException.class,
                () -> InputFiles.select(workspace, spec, m -> {}));
        assertTrue(e.getMessage().contains("the glob \"data/*.csv\" matches no file"), e.getMessage());
    }

    @Test
    void inputsNeverFollowASymlinkOutOfTheWorkspace() throws IOException {
        Files.writeString(outside.resolve("secret"), "do not send");
        Files.createDirectories(workspace.resolve("data"));
        Files.writeString(workspace.resolve("data/a.csv"), "1,2");
        Files.createSymbolicLink(workspace.resolve("data/secret.csv"), outside.resolve("secret"));
        Files.createSymbolicLink(workspace.resolve("data/alias.csv"), workspace.resolve("data/a.csv"));
        Files.createSymbolicLink(workspace.resolve("linked-dir"), outside);
        List<String> notes = new ArrayList<>();
        TransferSpec spec = TransferSpec.of("data/**, linked-dir/**, **/secret.csv", "data/skip*", null, null, null);
        Files.writeString(workspace.resolve("data/skip.csv"), "excluded");
        IOException e = assertThrows(IOException.class, () -> InputFiles.select(workspace, spec, notes::add));
        assertTrue(e.getMessage().contains("the globs \"linked-dir/**\", \"**/secret.csv\" match no file"),
                "links out of the workspace are not followed: " + e.getMessage());
        List<InputFiles.Entry> files = InputFiles.select(workspace,
                TransferSpec.of("data/**", "data/skip*", null, null, null), notes::add);
        assertEquals(List.of("data/a.csv", "data/alias.csv"), files.stream().map(InputFiles.Entry::name).toList());
        assertEquals(workspace.resolve("data/a.csv").toRealPath(), files.get(1).source(), "sent as a plain file");
        assertTrue(notes.stream().anyMatch(n -> n.contains("data/secret.csv") && n.contains("out of the workspace")),
                notes.toString());
    }

    @Test
    void inputsLargerThanTheLimitFailBeforeAnythingRuns() throws IOException {
        Files.writeString(workspace.resolve("big"), "x".repeat(2000));
        TransferSpec spec = TransferSpec.of("big", null, null, null, 1000L);
        TransferException e = assertThrows(TransferException.class, () -> InputFiles.select(workspace, spec, m -> {}));
        assertTrue(e.getMessage().contains("exceed the limit of 1000 B (maxTransferSize)"), e.getMessage());
    }

    @Test
    void sizesParse() {
        assertEquals(500L << 20, Sizes.parse("500M"));
        assertEquals(2L << 30, Sizes.parse("2GiB"));
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse("lots"));
    }
}
