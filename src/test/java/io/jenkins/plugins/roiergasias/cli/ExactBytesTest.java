package io.jenkins.plugins.roiergasias.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line writes the bytes the workflow produced, whatever the locale: the CLI runs as a
 * separate process with an empty environment ({@code env -i}: a C locale, where Java's own charset
 * for stdout, arguments and child processes is ASCII).
 */
class ExactBytesTest {
    @TempDir
    Path dir;

    /** Runs the CLI with an empty environment; stdout's bytes, after checking the exit code. */
    private byte[] runCli(int expectedExit, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().clear();
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the CLI did not end");
        }
        assertEquals(expectedExit, p.exitValue(), () -> "stderr: " + new String(err.join(), StandardCharsets.UTF_8));
        return out;
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void nonAsciiPrintAndCommandOutputAndInvalidUtf8ReachStdoutUnchangedInAnEmptyEnvironment() throws Exception {
        Files.writeString(dir.resolve("w.yaml"), """
                version: 0.1
                environment:
                  - greeting: "grüße"
                task:
                  - sequential:
                      - print:
                          - "héllo → ✓ {{env:greeting}}"
                      - execute:
                          - "echo wörld 日本"
                          - "printf '\\\\377\\\\376 \\\\303\\\\n'"
                          - "printf 'open \\\\342\\\\206'"
                      - print:
                          - "end 🎉"
                """, StandardCharsets.UTF_8);
        byte[] expected = concat(
                utf8("héllo → ✓ grüße\n"),
                utf8("wörld 日本\n"),
                new byte[] {(byte) 0xFF, (byte) 0xFE, ' ', (byte) 0xC3, '\n'},
                utf8("open "), new byte[] {(byte) 0xE2, (byte) 0x86},
                utf8("end 🎉\n"));
        assertArrayEquals(expected, runCli(0, "run", "-f", "w.yaml"));
    }

    @Test
    void referenceModeCommandsKeepTheirBytesToo() throws Exception {
        Files.writeString(dir.resolve("r.yaml"), """
                version: 0.1
                x-roiergasias-commands: reference
                task:
                  - sequential:
                      - execute:
                          - "/bin/echo ünïcödé"
                """, StandardCharsets.UTF_8);
        assertArrayEquals(utf8("ünïcödé\n"), runCli(0, "run", "-f", "r.yaml"));
    }
}
