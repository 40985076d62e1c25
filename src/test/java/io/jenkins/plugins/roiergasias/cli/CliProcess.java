package io.jenkins.plugins.roiergasias.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The command line as a real process (a JVM of its own), for tests. */
public final class CliProcess {
    /** What the process did; {@code heapPeak} is -1 unless it ran under {@link HeapPeak}. */
    public record Result(int exit, String stdout, String stderr, long heapPeak) {}

    private static final String HEAP_PEAK = "heap-peak-bytes=";

    private CliProcess() {}

    /**
     * Runs {@link HeapPeak} (the CLI, reporting its heap peak) with {@code -Xmx256m} and this JVM's
     * environment; stops it by its PID and fails when it has not ended within {@code seconds}.
     *
     * @param stdin what standard input reads, or null for an empty one
     */
    static Result run(Path dir, File stdin, int seconds, String... args) throws IOException, InterruptedException {
        Result r = run(dir, null, stdin, seconds, List.of("-Xmx256m"), HeapPeak.class, args);
        long peak = -1;
        for (String line : r.stderr().split("\n")) {
            if (line.startsWith(HEAP_PEAK)) {
                peak = Long.parseLong(line.substring(HEAP_PEAK.length()).trim());
            }
        }
        return new Result(r.exit(), r.stdout(), r.stderr().replaceAll("(?m)^" + HEAP_PEAK + ".*\n?", ""), peak);
    }

    /** Runs the CLI in {@code dir} with only {@code env} (plus PATH) as its environment; waits at most a minute. */
    public static Result run(Path dir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        return run(dir, env, null, 60, List.of(), Main.class, args);
    }

    private static Result run(Path dir, Map<String, String> env, File stdin, int seconds, List<String> jvmOptions,
            Class<?> main, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "stdout", ".txt");
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(stdin == null ? new File("/dev/null") : stdin));
        if (env != null) {
            pb.environment().clear();
            pb.environment().put("PATH", "/usr/bin:/bin");
            pb.environment().putAll(env);
        }
        Process p = pb.start();
        try {
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                throw new AssertionError(String.join(" ", args) + ": still running after " + seconds + " s; stderr:\n"
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), -1);
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
