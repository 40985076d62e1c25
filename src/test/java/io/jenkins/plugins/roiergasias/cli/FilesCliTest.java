package io.jenkins.plugins.roiergasias.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --local --inputs --outputs} on the real process: exit status, stdout, stderr, files. */
class FilesCliTest {
    @TempDir
    Path workspace;

    @TempDir
    Path tmp;

    record Result(int exit, String out, String err) {}

    private Result run(String workflow, String... options) throws Exception {
        Path file = Files.writeString(tmp.resolve("workflow.yaml"), workflow);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", "--local", "-f",
                file.toString(), "--workspace", workspace.toString()));
        cmd.addAll(List.of(options));
        Path out = tmp.resolve("stdout");
        Path err = tmp.resolve("stderr");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the CLI ended");
        } finally {
            p.destroyForcibly();
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    static String sha256(Path f) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(f)) {
            byte[] b = new byte[65536];
            int n;
            while ((n = in.read(b)) > 0) {
                d.update(b, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private void workspaceWithDataAndScript() throws IOException {
        Files.createDirectories(workspace.resolve("data"));
        Files.writeString(workspace.resolve("data/train set ü.csv"), "1,5\n2,8\n3,11\n");
        Path script = Files.writeString(workspace.resolve("prepare.sh"),
                "#!/bin/sh\nmkdir -p out\nhead -c 20971520 /dev/urandom > out/model.bin\n"
                        + "cat \"data/train set ü.csv\" > out/rows.csv\n"
                        + "sha256sum out/model.bin > out/model.sha256\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    static final String TWO_NODES = """
            version: 0.1
            task:
              - node: node1
                sequential:
                  - execute:
                      - "./prepare.sh"
              - node: node2
                sequential:
                  - execute:
                      - "sha256sum -c out/model.sha256"
                      - "wc -l < out/rows.csv > result.txt"
            """;

    @Test
    void inputsReachTheStepsAndOutputsComeBackAfterEachSegment() throws Exception {
        workspaceWithDataAndScript();
        Result r = run(TWO_NODES, "--inputs", "prepare.sh, data/*.csv", "--outputs", "out/**, result.txt");
        assertEquals(0, r.exit(), r.err());
        assertEquals("out/model.bin: OK\n", r.out(), "segment 2 saw segment 1's files");
        assertEquals(20 << 20, Files.size(workspace.resolve("out/model.bin")));
        String expected = Files.readString(workspace.resolve("out/model.sha256")).split(" ")[0];
        assertEquals(expected, sha256(workspace.resolve("out/model.bin")));
        assertEquals("3", Files.readString(workspace.resolve("result.txt")).trim());
        assertEquals("1,5\n2,8\n3,11\n", Files.readString(workspace.resolve("out/rows.csv")),
                "a name with a space and a non-ASCII letter survived");
        assertTrue(r.err().contains("segment 1/2 (node1): outputs: 3 files"), r.err());
        assertTrue(r.err().contains("segment 2/2 (node2): outputs: 1 files"), "unchanged files stay: " + r.err());
    }

    @Test
    void anInputsGlobThatMatchesNothingFailsBeforeAnythingRuns() throws Exception {
        workspaceWithDataAndScript();
        Result r = run("version: 0.1\ntask:\n  - sequential:\n      - execute:\n          - \"touch ran; echo ran\"\n",
                "--inputs", "prepare.sh, models/*.bin", "--outputs", "ran");
        assertEquals(4, r.exit(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().contains("inputs: the glob \"models/*.bin\" matches no file in the workspace"), r.err());
        assertFalse(Files.exists(workspace.resolve("ran")));
    }

    @Test
    void aSegmentThatWritesNothingAnOutputsGlobAsksForIsWarnedAbout() throws Exception {
        Result r = run("version: 0.1\ntask:\n  - sequential:\n      - execute:\n          - \"echo hi > a.txt\"\n",
                "--outputs", "a.txt, reports/*.xml");
        assertEquals(0, r.exit(), r.err());
        assertEquals("hi\n", Files.readString(workspace.resolve("a.txt")));
        assertTrue(r.err().contains("warning: segment 1/1 (any node) wrote no file that the outputs glob"
                + " \"reports/*.xml\" asks for"), r.err());
    }

    @Test
    void aFailingSegmentLeavesTheOutputsOfTheEarlierOnes() throws Exception {
        Result r = run("""
                version: 0.1
                task:
                  - node: node1
                    sequential:
                      - execute:
                          - "echo first > first.txt"
                  - node: node2
                    sequential:
                      - execute:
                          - "exit 3"
                """, "--outputs", "*.txt");
        assertEquals(1, r.exit(), r.err());
        assertEquals("first\n", Files.readString(workspace.resolve("first.txt")));
    }

    @Test
    void theSizeLimitStopsTheRunWithAClearMessage() throws Exception {
        Result r = run("version: 0.1\ntask:\n  - sequential:\n      - execute:\n          - \"head -c 5000 /dev/zero > big\"\n",
                "--outputs", "big", "--max-transfer-size", "4k");
        assertEquals(4, r.exit(), r.err());
        assertTrue(r.err().contains("larger than the limit of 4.0 KiB (maxTransferSize)"), r.err());
        assertFalse(Files.exists(workspace.resolve("big")));
    }

    @Test
    void renderShowsTheJobAsARunWithFilesCreatesItAndAPlainRunUnchanged() throws Exception {
        Path file = Files.writeString(tmp.resolve("wf.yaml"),
                "version: 0.1\ntask:\n  - node: node1\n    sequential:\n      - print: [hi]\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> base = List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "render",
                "-f", file.toString(), "--run-id", "r-abc");
        List<String> withFiles = new ArrayList<>(base);
        withFiles.addAll(List.of("--workspace", workspace.toString(), "--inputs", "data/*.csv", "--outputs", "out/**",
                "--work-dir", "/data"));
        String files = render(withFiles);
        String flat = files.replaceAll("\\s+", " ");
        assertTrue(files.contains("transfer.sh: |"), "the wrapper is in the ConfigMap: " + files);
        assertTrue(flat.contains("- command: - \"/bin/sh\" - \"/roiergasias/transfer.sh\" - \"/data\""
                + " - \"/roiergasias/program.sh\""), "the container runs the wrapper: " + files);
        assertTrue(flat.contains("workingDir: \"/data\""), files);
        assertTrue(flat.contains("- emptyDir: {} name: \"roiergasias-work\""), files);
        assertTrue(flat.contains("- mountPath: \"/data\" name: \"roiergasias-work\""), files);
        String plain = render(base);
        assertFalse(plain.contains("transfer.sh") || plain.contains("roiergasias-work"), plain);
    }

    private String render(List<String> cmd) throws Exception {
        Path out = tmp.resolve("render.out");
        Path err = tmp.resolve("render.err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the CLI ended");
        } finally {
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), Files.readString(err));
        return Files.readString(out);
    }
}
