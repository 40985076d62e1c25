package io.jenkins.plugins.roiergasias.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files that once took the command line down (or would take Jenkins down, which parses and
 * generates on its controller): each ends in a clear error and exit 2, on the real process with a
 * heap of 256 MiB, with no stack trace and no hang.
 */
class HostileInputTest {
    @TempDir
    Path dir;

    /** 66 KB that made split, render and run allocate gigabytes (a 60 KB string, aliases of aliases). */
    @ParameterizedTest
    @ValueSource(strings = {"validate", "split", "render", "run --local"})
    void anAliasChainOfStringsIsRefusedWithItsPosition(String command) throws Exception {
        String yaml = "version: 0.1\n"
                + "x-s: &s \"" + "x".repeat(60_000) + "\"\n"
                + "x-p: &p [" + String.join(", ", Collections.nCopies(1000, "*s")) + "]\n"
                + "x-q: &q [" + String.join(", ", Collections.nCopies(30, "{print: *p}")) + "]\n"
                + "task: [" + String.join(", ", Collections.nCopies(30, "{sequential: *q}")) + "]\n";
        Files.writeString(dir.resolve("bomb.yaml"), yaml);
        String[] args = (command + " -f bomb.yaml").split(" ");
        CliProcess.Result r = CliProcess.run(dir, null, 60, args);
        CliProcess.assertRefused(r, "bomb.yaml:2:6: error: the document expands through YAML aliases to more than");
        System.out.println(command + ": heap peak " + r.heapPeak() / (1024 * 1024) + " MiB");
    }

    @Test
    void aSegmentTooLargeForItsConfigMapIsRefusedBeforeItsProgramIsBuilt() throws Exception {
        Files.writeString(dir.resolve("big.yaml"), "version: 0.1\ntask:\n  - sequential:\n      - print:\n"
                + "          - \"" + "y".repeat(600_000) + "\"\n");
        CliProcess.Result r = CliProcess.run(dir, null, 60, "render", "-f", "big.yaml");
        CliProcess.assertRefused(r, "big.yaml:3:5: error: task[0]: segment 1/1, which starts with this task, holds 600016 bytes");
    }

    /**
     * Under the segment limit in the file, but the program quotes every {@code '} of a command as
     * four characters and escapes every {@code "} of a print item: too large for its ConfigMap.
     */
    @ParameterizedTest
    @ValueSource(strings = {"validate", "split", "render", "run --local"})
    void aProgramTooLargeForItsConfigMapIsRefusedWithItsSegment(String command) throws Exception {
        StringBuilder yaml = new StringBuilder("version: 0.1\ntask:\n  - node: n1\n    sequential:\n"
                + "      - print: [hello]\n  - node: n2\n    sequential:\n      - execute:\n");
        for (int i = 0; i < 4; i++) {
            yaml.append("          - \"echo ").append("'".repeat(100_000)).append(" x\"\n");
        }
        yaml.append("      - print: ['").append("\"".repeat(100_000)).append("']\n");
        Files.writeString(dir.resolve("quotes.yaml"), yaml);
        CliProcess.Result r = CliProcess.run(dir, null, 60, (command + " -f quotes.yaml").split(" "));
        CliProcess.assertRefused(r, "quotes.yaml:6:5: error: task[1]: segment 2/2, which starts with this task,"
                + " becomes a program of 18");
        assertTrue(r.stderr().contains("more than the 1048576 bytes (1 MiB) a ConfigMap holds"), r.stderr());
    }

    @Test
    void devZeroIsRefusedAtTheSizeLimit() throws Exception {
        CliProcess.Result r = CliProcess.run(dir, null, 60, "validate", "-f", "/dev/zero");
        CliProcess.assertRefused(r, "/dev/zero: error: the workflow file is larger than the limit of 1048576 bytes (1 MiB);");
        assertTrue(r.stderr().contains("-Droiergasias.maxWorkflowBytes="), r.stderr());
    }

    @Test
    void endlessStandardInputIsRefusedAtTheSizeLimit() throws Exception {
        CliProcess.Result r = CliProcess.run(dir, new File("/dev/zero"), 60, "split", "-f", "-");
        CliProcess.assertRefused(r, "<stdin>: error: the workflow file is larger than the limit of 1048576 bytes (1 MiB);");
    }

    @Test
    void aFifoWithoutWriterIsRefusedAfterAShortWait() throws Exception {
        Path fifo = dir.resolve("pipe.yaml");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo");
        CliProcess.Result r = CliProcess.run(dir, null, 60, "validate", "-f", fifo.toString());
        CliProcess.assertRefused(r, "pipe.yaml: error: nothing writes to this pipe (waited 5 s for a writer to open it)");
    }

    @Test
    void aFileThatIsNotUtf8IsRefusedWithThePositionOfTheFirstBadByte() throws Exception {
        Files.write(dir.resolve("latin1.yaml"), "version: 0.1\ntask:\n  - sequential:\n      - print: [\"caf\u00e9\"]\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        CliProcess.Result r = CliProcess.run(dir, null, 60, "run", "--local", "-f", "latin1.yaml");
        CliProcess.assertRefused(r, "latin1.yaml:4:21: error: the file is not valid UTF-8: the byte 0xE9 at byte offset 55");
    }

    @Test
    void aDirectoryIsRefused() throws Exception {
        CliProcess.Result r = CliProcess.run(dir, null, 60, "validate", "-f", dir.toString());
        CliProcess.assertRefused(r, ": error: this is a directory, not a workflow file");
    }
}
