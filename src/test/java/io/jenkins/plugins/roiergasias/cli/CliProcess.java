package io.jenkins.plugins.roiergasias.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The command line as a real process of its own: {@code java -jar engine/target/roiergasias.jar}, or
 * {@code java -cp <this test's class path> ...Main} where the jar is not built yet (unit tests run
 * before {@code package}). Its output is collected as bytes; signals are sent to its PID with
 * {@code kill}. It starts through {@code env --default-signal}, so that SIGINT reaches it as in a
 * terminal even when the test itself was started with SIGINT ignored (a background job of a shell).
 * The static {@code run} methods run it to its end in one call.
 */
public final class CliProcess implements AutoCloseable {
    private final Process process;
    private final Collector out;
    private final Collector err;

    /** What the process did; {@code heapPeak} is -1 unless it ran under {@link HeapPeak}. */
    public record Result(int exit, String stdout, String stderr, long heapPeak) {}

    private static final String HEAP_PEAK = "heap-peak-bytes=";

    /** Exit 2 with the expected message, nothing on standard output, and no stack trace. */
    static void assertRefused(Result r, String expected) {
        assertEquals(2, r.exit(), "exit; stderr:\n" + r.stderr());
        assertEquals("", r.stdout(), "nothing may be printed or run");
        assertTrue(r.stderr().contains(expected), "stderr:\n" + r.stderr());
        assertFalse(r.stderr().contains("\tat ") || r.stderr().contains("Exception"), "stack trace:\n" + r.stderr());
    }

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
    private CliProcess(Process process) {
        this.process = process;
        this.out = new Collector(process.getInputStream());
        this.err = new Collector(process.getErrorStream());
    }

    /** Starts the CLI from the test's class path (the classes under test, as compiled). */
    public static CliProcess fromClasspath(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        return start(dir, command);
    }

    /**
     * Starts {@code java -jar engine/target/roiergasias.jar}; fails when the jar is missing or older
     * than the compiled classes (run {@code mvn -f engine/pom.xml -DskipTests package} first).
     */
    public static CliProcess fromJar(Path dir, String... args) throws IOException {
        Path engine = Path.of(System.getProperty("roiergasias.project.dir", "..")).resolve("engine");
        Path jar = engine.resolve("target/roiergasias.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run 'mvn -f engine/pom.xml -DskipTests package' first");
        }
        long built = Files.getLastModifiedTime(jar).toMillis();
        try (Stream<Path> classes = Files.walk(engine.resolve("target/classes"))) {
            Path newer = classes.filter(p -> p.toString().endsWith(".class"))
                    .filter(p -> modified(p) > built)
                    .findFirst()
                    .orElse(null);
            if (newer != null) {
                throw new IllegalStateException(jar + " is older than " + newer
                        + ": run 'mvn -f engine/pom.xml -DskipTests package' first, so that the jar under test is current");
            }
        }
        List<String> command = new ArrayList<>(List.of(java(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        return start(dir, command);
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static CliProcess start(Path dir, List<String> command) throws IOException {
        List<String> full = new ArrayList<>(List.of("/usr/bin/env", "--default-signal=INT,TERM,HUP"));
        full.addAll(command);
        return new CliProcess(new ProcessBuilder(full).directory(dir.toFile()).start());
    }

    public long pid() {
        return process.pid();
    }

    /** Sends a signal by name ({@code INT}, {@code TERM}) to the process. */
    public void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -s " + name + " " + process.pid() + " failed");
        }
    }

    /** Waits until standard output contains {@code text}; false when the time is up or the process ended first. */
    public boolean awaitStdout(String text, Duration max) throws InterruptedException {
        return out.await(text, max, process);
    }

    /** Waits until standard error contains {@code text}; false when the time is up or the process ended first. */
    public boolean awaitStderr(String text, Duration max) throws InterruptedException {
        return err.await(text, max, process);
    }

    /** The exit status, or fails when the process is still running after {@code max}. */
    public int exitStatus(Duration max) throws InterruptedException {
        if (!process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the process " + process.pid() + " still runs after " + max.toSeconds() + " s;"
                    + " stderr so far:\n" + stderr());
        }
        out.join();
        err.join();
        return process.exitValue();
    }

    public String stdout() {
        return out.text();
    }

    public String stderr() {
        return err.text();
    }

    /** Kills the process (by its PID) if it still runs. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Reads one stream to its end on a thread of its own. */
    private static final class Collector {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Thread thread;

        Collector(InputStream in) {
            thread = new Thread(() -> {
                byte[] buffer = new byte[8192];
                try (in) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        synchronized (this) {
                            bytes.write(buffer, 0, n);
                            notifyAll();
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
                synchronized (this) {
                    notifyAll();
                }
            }, "cli-process-reader");
            thread.setDaemon(true);
            thread.start();
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        synchronized boolean await(String text, Duration max, Process process) throws InterruptedException {
            long end = System.nanoTime() + max.toNanos();
            while (!text().contains(text)) {
                long left = end - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !thread.isAlive())) {
                    return false;
                }
                wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 100)));
            }
            return true;
        }

        void join() throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
    }
}
