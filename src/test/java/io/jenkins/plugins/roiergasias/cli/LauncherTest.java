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

    /**
     * Locales whose charset is ASCII, where Java 17 could not name a non-ASCII file: the C locale,
     * none at all (env -i), and POSIX with no {@code locale} command on PATH (as on musl).
     */
    static Stream<Map<String, String>> asciiLocales() {
        return Stream.of(Map.of("LC_ALL", "C", "PATH", "/usr/bin:/bin"), Map.of("PATH", "/usr/bin:/bin"),
                Map.of("LC_ALL", "POSIX", "PATH", "no-locale-command"));
    }

    /** {@code locale} with JAVA_HOME; a PATH of {@code no-locale-command} has only {@code tr}, which the launcher uses. */
    private Map<String, String> environment(Map<String, String> locale) throws IOException {
        Map<String, String> env = new TreeMap<>(locale);
        env.put("JAVA_HOME", javaHome);
        if (env.get("PATH").equals("no-locale-command")) {
            Path bin = Files.createDirectories(dir.resolve("no-locale-bin"));
            Files.createSymbolicLink(bin.resolve("tr"), Path.of("/usr/bin/tr").toRealPath());
            env.put("PATH", bin.toString());
        }
        return env;
    }

    @ParameterizedTest
    @MethodSource("asciiLocales")
    void aWorkflowFileWithANonAsciiNameValidatesAndRunsInAnAsciiLocale(Map<String, String> locale) throws Exception {
        Files.writeString(dir.resolve("wü.yaml"), "version: 0.1\ntask:\n  - sequential:\n      - print: [\"hello ü\"]\n",
                StandardCharsets.UTF_8);
        Map<String, String> env = environment(locale);
        Result valid = start(List.of(launcher.toString(), "validate", "-f", "wü.yaml"), env, dir);
        assertEquals(0, valid.exit(), valid.stderr());
        assertEquals("", valid.stdout());
        assertEquals("wü.yaml: valid: 1 tasks, 1 steps, 1 segment\n", valid.stderr());

        Result ran = start(List.of(launcher.toString(), "run", "--local", "-f", "wü.yaml"), env, dir);
        assertEquals(0, ran.exit(), ran.stderr());
        assertEquals("hello ü\n", ran.stdout());
    }

    @ParameterizedTest
    @MethodSource("asciiLocales")
    void filesWithNonAsciiNamesGoInAndComeBackInAnAsciiLocale(Map<String, String> locale) throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("wörk späce"));
        Files.createDirectories(workspace.resolve("dätä"));
        Files.writeString(workspace.resolve("dätä/tráin ü.csv"), "ä,1\n", StandardCharsets.UTF_8);
        Files.writeString(workspace.resolve("dätä/ascii.csv"), "b,2\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("fïles.yaml"), """
                version: 0.1
                x-roiergasias-commands: shell
                task:
                  - sequential:
                      - execute:
                          - 'mkdir -p out/résumé && cat "dätä/tráin ü.csv" dätä/ascii.csv > "out/résumé/ü 1.txt" && ls dätä'
                """, StandardCharsets.UTF_8);
        Map<String, String> env = environment(locale);
        env.put("PATH", env.get("PATH") + ":/usr/bin:/bin"); // the step's mkdir, cat and ls
        Result r = start(List.of(launcher.toString(), "run", "--local", "-f", "fïles.yaml", "--workspace",
                "wörk späce", "--inputs", "dätä/**", "--outputs", "out/**"), env, dir);
        assertEquals(0, r.exit(), r.stderr());
        assertEquals("ascii.csv\ntráin ü.csv\n", r.stdout(), "the inputs kept their names");
        assertEquals("ä,1\nb,2\n", Files.readString(workspace.resolve("out/résumé/ü 1.txt"), StandardCharsets.UTF_8));
        try (Stream<Path> files = Files.walk(workspace)) {
            assertEquals(List.of("dätä/ascii.csv", "dätä/tráin ü.csv", "out/résumé/ü 1.txt"),
                    files.filter(Files::isRegularFile).map(f -> workspace.relativize(f).toString()).sorted().toList(),
                    "no file came back under another name");
        }
    }

    @ParameterizedTest
    @MethodSource("shells")
    void commandsSeeTheCallersLocaleThoughJavaRunsInAUtf8One(List<String> shell) throws Exception {
        // A non-ASCII file name: it is found only if Java runs in a UTF-8 locale.
        Files.writeString(dir.resolve("lócale.yaml"), """
                version: 0.1
                x-roiergasias-commands: shell
                task:
                  - sequential:
                      - execute:
                          - 'echo "LC_ALL=${LC_ALL-unset} LC_CTYPE=${LC_CTYPE-unset} LANG=${LANG-unset}"'
                """, StandardCharsets.UTF_8);
        Map<Map<String, String>, String> expected = Map.of(
                Map.of("LC_ALL", "C"), "LC_ALL=C LC_CTYPE=unset LANG=unset\n",
                Map.of(), "LC_ALL=unset LC_CTYPE=unset LANG=unset\n",
                Map.of("LC_ALL", "", "LC_CTYPE", "POSIX", "LANG", "C"), "LC_ALL= LC_CTYPE=POSIX LANG=C\n");
        for (Map.Entry<Map<String, String>, String> e : expected.entrySet()) {
            Map<String, String> env = new TreeMap<>(e.getKey());
            env.put("JAVA_HOME", javaHome);
            env.put("PATH", "/usr/bin:/bin");
            Result r = run(shell, env, dir, "run", "--local", "-f", "lócale.yaml");
            assertEquals(0, r.exit(), e.getKey() + ": " + r.stderr());
            assertEquals(e.getValue(), r.stdout(), e.getKey().toString());
        }
    }

    @Test
    void envPassesTheCallersLocaleToThePodsInAnAsciiLocale() throws Exception {
        Files.writeString(dir.resolve("pöd.yaml"), "version: 0.1\ntask:\n  - sequential:\n      - print: [hi]\n",
                StandardCharsets.UTF_8);
        List<String> render = List.of(launcher.toString(), "render", "-f", "pöd.yaml", "--run-id", "r-1", "--env",
                "LC_ALL");
        Result r = start(render, Map.of("JAVA_HOME", javaHome, "PATH", "/usr/bin:/bin", "LC_ALL", "C"), dir);
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stdout().replaceAll("\\s+", " ").contains("- name: \"LC_ALL\" value: \"C\""), r.stdout());

        r = start(render, Map.of("JAVA_HOME", javaHome, "PATH", "/usr/bin:/bin"), dir);
        assertEquals(3, r.exit(), r.stderr());
        assertEquals("roiergasias: --env LC_ALL: the variable LC_ALL is not set\nTry 'roiergasias --help'.\n",
                r.stderr());
    }

    @ParameterizedTest
    @MethodSource("shells")
    void theReferenceModesEnvironmentIsTheCallersInAnAsciiLocale(List<String> shell) throws Exception {
        Files.copy(dir.resolve("env.yaml"), dir.resolve("énv.yaml"));
        for (Map<String, String> given : List.of(Map.of("JAVA_HOME", javaHome),
                Map.of("JAVA_HOME", javaHome, "PATH", "/usr/bin:/bin", "LC_ALL", "C", "LC_CTYPE", "POSIX",
                        "LANG", "C", "FOO", "a b"),
                Map.of("JAVA_HOME", javaHome, "LC_ALL", "", "LANG", "POSIX"))) {
            Result r = run(shell, given, dir, "run", "-f", "énv.yaml");
            assertEquals(0, r.exit(), r.stderr());
            assertEquals(new TreeMap<>(given), listing(r.stdout()));
        }
    }

    private static List<String> words(List<String> command, String... args) {
        List<String> all = new ArrayList<>(command);
        all.addAll(List.of(args));
        return all;
    }

    /**
     * C1 alone starts fastest but compiles hot loops poorly: moving 100 MiB through the API server
     * took 2.5 times as long with it (docs/benchmarks.md). So the launcher keeps it for the short
     * commands and a local run without files, and lets Java compile fully for a run on a cluster
     * and for any run that moves files. A stand-in java records the options it got.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "validate -f w.yaml|true",
        "render -f w.yaml|true",
        "run --local -f w.yaml|true",
        "run -f w.yaml --kubeconfig k|false",
        "run --local -f w.yaml --outputs out/**|false",
        "run --local -f w.yaml --inputs=data/**|false",
        "run -f w.yaml --local --inputs data|false"})
    void onlyShortCommandsStartWithC1Only(String args, boolean c1) throws Exception {
        Path home = Files.createDirectories(dir.resolve("fake-jdk/bin"));
        Path java = home.resolve("java");
        Path got = dir.resolve("java-args");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '" + got + "'\n");
        assertTrue(java.toFile().setExecutable(true));
        Result r = run(List.of("/bin/sh"), Map.of("JAVA_HOME", home.getParent().toString()), dir, args.split(" "));
        assertEquals(0, r.exit(), r.stderr());
        List<String> options = Files.readAllLines(got);
        assertEquals(c1, options.contains("-XX:TieredStopAtLevel=1"), options::toString);
        assertTrue(options.contains("-XX:+UseSerialGC"), options::toString);
        assertEquals(List.of(args.split(" ")), options.subList(options.size() - args.split(" ").length, options.size()));
    }
}
