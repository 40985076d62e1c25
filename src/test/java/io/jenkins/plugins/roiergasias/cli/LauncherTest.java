package io.jenkins.plugins.roiergasias.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The launcher script {@code engine/src/main/launcher/roiergasias} (copied by the build to
 * {@code engine/target/roiergasias}) run as a real process beside a jar of this build: the
 * original's command lines, and the environment the workflow's commands see, which must be the
 * one the launcher was started with, whichever shell runs the script.
 */
class LauncherTest {
    @TempDir
    Path dir;

    private Path launcher;
    private final String javaHome = System.getProperty("java.home");

    record Result(int exit, String stdout, String stderr) {}

    @BeforeEach
    void launcherBesideAJar() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("target"));
        launcher = bin.resolve("roiergasias");
        Path template = Path.of(System.getProperty("roiergasias.project.dir", ".."),
                "engine", "src", "main", "launcher", "roiergasias");
        Files.copy(template, launcher, StandardCopyOption.COPY_ATTRIBUTES);
        assertTrue(launcher.toFile().setExecutable(true));
        // A jar with only a manifest, pointing at this build's classes: what the launcher finds
        // beside itself.
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH,
                Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                        .map(p -> Path.of(p).toAbsolutePath().toUri().toString())
                        .collect(Collectors.joining(" ")));
        try (OutputStream out = new JarOutputStream(Files.newOutputStream(bin.resolve("roiergasias.jar")), m)) {
            // the manifest is all
        }
        Files.writeString(dir.resolve("env.yaml"), """
                version: 0.1
                x-roiergasias-commands: reference
                task:
                  - sequential:
                      - execute:
                          - "/usr/bin/env"
                """, StandardCharsets.UTF_8);
    }

    /** The launcher run by {@code shell}. */
    private Result run(List<String> shell, Map<String, String> environment, Path workDir, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(shell);
        command.add(launcher.toString());
        command.addAll(List.of(args));
        return start(command, environment, workDir);
    }

    private static Result start(List<String> command, Map<String, String> environment, Path workDir)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        pb.environment().clear();
        pb.environment().putAll(environment);
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> text(p.getErrorStream()));
        String out = text(p.getInputStream());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the launcher did not end");
        }
        return new Result(p.exitValue(), out, err.join());
    }

    private static String text(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, String> listing(String stdout) {
        Map<String, String> vars = new TreeMap<>();
        for (String line : stdout.split("\n")) {
            if (!line.isEmpty()) {
                int eq = line.indexOf('=');
                vars.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return vars;
    }

    static Stream<List<String>> shells() {
        Stream<List<String>> shells = Stream.of(List.of("/bin/dash"), List.of("/bin/bash"), List.of("/bin/busybox", "sh"),
                List.of("/usr/bin/busybox", "sh"));
        return shells.filter(s -> Files.isExecutable(Path.of(s.get(0))));
    }

    @ParameterizedTest
    @MethodSource("shells")
    void commandsSeeExactlyTheEnvironmentTheLauncherGotWhicheverShellRunsIt(List<String> shell) throws Exception {
        // env -i: no PWD, SHLVL, _ or PATH, though the shell running the launcher adds some of them.
        Result r = run(shell, Map.of("JAVA_HOME", javaHome), dir, "run", "-f", "env.yaml");
        assertEquals(0, r.exit(), r.stderr());
        assertEquals(Map.of("JAVA_HOME", javaHome), listing(r.stdout()));

        // What was there stays, with the value it had (shells raise SHLVL and rewrite _).
        Map<String, String> given = Map.of("JAVA_HOME", javaHome, "SHLVL", "7", "_", "/x", "PWD", dir.toString(),
                "OLDPWD", "/", "PATH", "/usr/bin:/bin", "FOO", "a b", "dir", "kept");
        r = run(shell, given, dir, "run", "-f", "env.yaml");
        assertEquals(0, r.exit(), r.stderr());
        assertEquals(new TreeMap<>(given), listing(r.stdout()));
    }

    @Test
    void theOriginalsCommandLinesThroughALinkOnPath() throws Exception {
        Path onPath = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(onPath.resolve("roiergasias"), launcher);
        Path work = Files.createDirectories(dir.resolve("work"));
        Files.writeString(work.resolve("w.yaml"), """
                version: 0.1
                task:
                  - node: n1
                    sequential:
                      - print: ["hello ü"]
                      - execute: ["sh -c exit${IFS}3"]
                """, StandardCharsets.UTF_8);
        Files.writeString(work.resolve("bad.yaml"), "version: 0.2\ntask: []\n", StandardCharsets.UTF_8);
        Map<String, String> env = Map.of("JAVA_HOME", javaHome, "PATH", onPath + ":/usr/bin:/bin");
        // as a user types it: the name found through PATH, a link to the launcher
        List<String> roiergasias = List.of("/bin/sh", "-c", "exec roiergasias \"$@\"", "sh");
        Result valid = start(words(roiergasias, "validate", "-f", "w.yaml"), env, work);
        assertEquals(0, valid.exit(), valid.stderr());
        assertTrue(valid.stderr().contains("w.yaml: valid: 1 tasks, 2 steps, 1 segment"), valid.stderr());
        assertEquals(2, start(words(roiergasias, "validate", "-f", "bad.yaml"), env, work).exit());

        Result split = start(words(roiergasias, "split", "-f", "w.yaml"), env, work);
        assertEquals(0, split.exit(), split.stderr());
        assertTrue(split.stdout().contains("node: n1"), split.stdout());

        // run without a cluster option runs here; the ${IFS} trick fails, as in the original
        Result ran = start(words(roiergasias, "run", "-f", "w.yaml", "--commands", "reference"), env, work);
        assertEquals(1, ran.exit(), ran.stderr());
        assertEquals("hello ü\n", ran.stdout());
    }

    private static List<String> words(List<String> command, String... args) {
        List<String> all = new ArrayList<>(command);
        all.addAll(List.of(args));
        return all;
    }
}
