package io.jenkins.plugins.roiergasias.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The command line as a real process (a JVM of its own, with a small heap), for tests. */
final class CliProcess {
    record Result(int exit, String stdout, String stderr, long heapPeak) {}

    private CliProcess() {}

    /** Exit 2 with the expected message, nothing on standard output, and no stack trace. */
    static void assertRefused(Result r, String expected) {
        assertEquals(2, r.exit(), "exit; stderr:\n" + r.stderr());
        assertEquals("", r.stdout(), "nothing may be printed or run");
        assertTrue(r.stderr().contains(expected), "stderr:\n" + r.stderr());
        assertFalse(r.stderr().contains("\tat ") || r.stderr().contains("Exception"), "stack trace:\n" + r.stderr());
    }

    /**
     * Runs {@link HeapPeak} (the CLI, reporting its heap peak) with {@code -Xmx256m}; stops it by its
     * PID and fails when it has not ended within {@code seconds}.
     *
     * @param stdin what standard input reads, or null for an empty one
     */
    static Result run(Path dir, File stdin, int seconds, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), HeapPeak.class.getName()));
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new File("/dev/null"))
                        : ProcessBuilder.Redirect.from(stdin));
        Process p = pb.start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            fail(String.join(" ", args) + ": still running after " + seconds + " s; stderr:\n"
                    + Files.readString(err, StandardCharsets.UTF_8));
        }
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        long peak = -1;
        for (String line : stderr.split("\n")) {
            if (line.startsWith("heap-peak-bytes=")) {
                peak = Long.parseLong(line.substring("heap-peak-bytes=".length()).trim());
            }
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                stderr.replaceAll("(?m)^heap-peak-bytes=.*\n?", ""), peak);
    }
}
