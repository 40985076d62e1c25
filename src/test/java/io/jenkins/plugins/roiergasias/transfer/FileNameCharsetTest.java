package io.jenkins.plugins.roiergasias.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workspace file whose name is not valid UTF-8 (written by a tool in a Latin-1 locale) would reach
 * the pod under a name with U+FFFD in it, which is no file the workflow knows: it is refused before
 * anything runs, naming it. (The same for every non-ASCII name when Java decodes names as ASCII:
 * PlainJavaLocaleTest, on the real process.)
 */
class FileNameCharsetTest {
    @TempDir
    Path workspace;

    @Test
    void anInputWhoseNameIsNotUtf8IsRefusedBeforeAnythingRuns() throws Exception {
        Files.createDirectories(workspace.resolve("data"));
        Files.writeString(workspace.resolve("data/good ü.csv"), "1\n");
        // the shell writes the raw byte 0xE1 (á in Latin-1) into the name
        Process p = new ProcessBuilder("/bin/sh", "-c", "printf '1\\n' > \"data/lat$(printf '\\341').csv\"")
                .directory(workspace.toFile()).start();
        assertEquals(0, p.waitFor());
        TransferSpec spec = TransferSpec.of("data/**", null, null, null, null);
        TransferException e = assertThrows(TransferException.class, () -> InputFiles.select(workspace, spec, m -> {}));
        assertTrue(e.getMessage().startsWith("inputs: the name of data/lat\uFFFD.csv is not valid UTF-8"), e.getMessage());

        // the other input alone goes
        TransferSpec good = TransferSpec.of("data/good*", null, null, null, null);
        assertEquals(List.of("data/good ü.csv"),
                InputFiles.select(workspace, good, m -> {}).stream().map(InputFiles.Entry::name).toList());
    }
}
