package io.jenkins.plugins.roiergasias.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every case of the reference engine's observed behaviour ({@link io.jenkins.plugins.roiergasias.ConformanceCorpus}),
 * run through our CLI as the reference was run: {@code run -f NAME.yaml} in the cases directory,
 * with only PATH and HOME in the environment.
 *
 * <ul>
 *   <li>A case the reference ran successfully: {@code run --local} exits 0 and its stdout equals
 *       the reference's, apart from the deliberate differences listed with their reasons in
 *       {@code conformance-differences.properties}.
 *   <li>A case the reference rejected or panicked on: exit 2, each error with line:column, no stack
 *       trace, nothing run.
 *   <li>A case that failed at run time in the reference (a command failed): exit 1.
 * </ul>
 */
class ConformanceTest {
    private static final Pattern LOCATED_ERROR = Pattern.compile("(?m)^[^:\\n]+:\\d+:\\d+: error: .+$");

    @TempDir
    Path home;

    static Path casesDir() {
        return io.jenkins.plugins.roiergasias.ConformanceCorpus.cases();
    }

    static Properties differences() throws IOException {
        Properties p = new Properties();
        try (InputStream in = ConformanceTest.class.getResourceAsStream("/conformance-differences.properties")) {
            if (in != null) {
                p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            }
        }
        return p;
    }

    record Result(int exit, String stdout, String stderr) {}

    Result cli(Path dir, String... args) {
        return cli("/bin/sh", dir, args);
    }

    Result cli(String shell, Path dir, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Main main = new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]));
        main.localEnvironment = Map.of("PATH", "/usr/bin:/bin", "HOME", home.toString());
        main.localWorkDir = dir;
        main.localShell = shell;
        int exit = main.execute(List.of(args));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The names of the cases (NAME of NAME.yaml), sorted. */
    static List<String> caseNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length()))
                    .sorted()
                    .toList();
            assertFalse(names.isEmpty(), "no conformance cases in " + dir);
            return names;
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCase() throws IOException {
        Path dir = casesDir();
        Properties differences = differences();
        return caseNames(dir).stream().map(name -> DynamicTest.dynamicTest(name, () -> check(dir, name, differences)));
    }

    /**
     * In the reference command mode every case the reference ran prints what the reference printed
     * and exits as it did, under dash, bash and busybox sh; environment listings may differ in order.
     * Only the {@code .run} entries of the differences (not {@code .shell-run}) still apply.
     */
    @TestFactory
    Stream<DynamicTest> everyCaseInTheReferenceCommandMode() throws IOException {
        Path dir = casesDir();
        Properties differences = differences();
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : caseNames(dir)) {
            Path yaml = dir.resolve(name + ".yaml");
            int refExit = Integer.parseInt(Files.readString(dir.resolve(name + ".run.rc")).trim());
            String refStderr = Files.readString(dir.resolve(name + ".run.stderr.norm"), StandardCharsets.UTF_8);
            boolean refRan = refExit != 2 && !refStderr.contains("validation error")
                    && !refStderr.contains("error parsing yaml") && !refStderr.contains("error creating new workflow");
            if (!refRan || differences.containsKey(name + ".validate") || differences.containsKey(name + ".run")) {
                continue;
            }
            for (String shell : io.jenkins.plugins.roiergasias.program.Shells.all().toList()) {
                tests.add(DynamicTest.dynamicTest(name + " (" + shell + ")", () -> {
                    Result r = cli(shell, dir, "run", "--local", "--commands", "reference", "-f",
                            dir.resolve(name + ".yaml").toString());
                    String stdout = r.stdout().replace(home.toString(), "@HOME@");
                    String refStdout = Files.readString(dir.resolve(name + ".run.stdout"), StandardCharsets.UTF_8);
                    assertEquals(refExit == 0 ? 0 : 1, r.exit(), name + ": exit code; stderr:\n" + r.stderr());
                    if (!refStdout.equals(stdout) && Files.readString(yaml).contains("env")) {
                        assertEquals(sortedLines(refStdout), sortedLines(stdout), name + ": environment listing");
                    } else {
                        assertEquals(refStdout, stdout, name + ": stdout differs from the reference");
                    }
                }));
            }
        }
        return tests.stream();
    }

    /**
     * In the shell command mode, {@code validate} warns about the command responsible for each case
     * whose output differs from the reference's ({@code .shell-run}, whose reason names it).
     */
    @TestFactory
    Stream<DynamicTest> validateWarnsAboutEveryCommandThatRunsDifferentlyInTheShellMode() throws IOException {
        Path dir = casesDir();
        Properties differences = differences();
        Pattern responsible = Pattern.compile("^\\((task\\[\\d+]\\.sequential\\[\\d+]\\.execute\\[\\d+])\\)");
        List<DynamicTest> tests = new ArrayList<>();
        for (String key : differences.stringPropertyNames().stream().sorted().toList()) {
            if (!key.endsWith(".shell-run")) {
                continue;
            }
            String name = key.substring(0, key.length() - ".shell-run".length());
            tests.add(DynamicTest.dynamicTest(name, () -> {
                java.util.regex.Matcher m = responsible.matcher(differences.getProperty(key));
                assertTrue(m.find(), key + ": the reason must start with the responsible command's path");
                Result r = cli(dir, "validate", "-f", dir.resolve(name + ".yaml").toString());
                assertEquals(0, r.exit(), r.stderr());
                assertTrue(r.stderr().contains(": warning: " + m.group(1) + ": `"),
                        name + ": no migration warning about " + m.group(1) + ":\n" + r.stderr());
            }));
        }
        assertFalse(tests.isEmpty(), "no shell-run differences");
        return tests.stream();
    }

    /** {@code run -f FILE} without a cluster option runs here, as the original command line did. */
    @org.junit.jupiter.api.Test
    void runWithoutAClusterOptionRunsOnThisMachine() throws IOException {
        Path dir = casesDir();
        Result r = cli(dir, "run", "-f", dir.resolve("env_global.yaml").toString());
        assertEquals(0, r.exit(), r.stderr());
        assertEquals(Files.readString(dir.resolve("env_global.run.stdout"), StandardCharsets.UTF_8),
                r.stdout().replace(home.toString(), "@HOME@"));
    }

    private static List<String> sortedLines(String text) {
        return text.lines().sorted().toList();
    }

    private void check(Path dir, String name, Properties differences) throws IOException {
        int refExit = Integer.parseInt(Files.readString(dir.resolve(name + ".run.rc")).trim());
        String refStdout = Files.readString(dir.resolve(name + ".run.stdout"), StandardCharsets.UTF_8);
        String refStderr = Files.readString(dir.resolve(name + ".run.stderr.norm"), StandardCharsets.UTF_8);
        Result r = cli(dir, "run", "--local", "-f", dir.resolve(name + ".yaml").toString());
        String stdout = r.stdout().replace(home.toString(), "@HOME@");
        assertFalse(r.stderr().contains("\tat "), name + ": stack trace on stderr:\n" + r.stderr());
        boolean refInvalid = refExit == 2 || refStderr.contains("validation error")
                || refStderr.contains("error parsing yaml") || refStderr.contains("error creating new workflow");
        // A ".validate" entry says we deliberately accept what the reference rejected, or the reverse.
        boolean weReject = refInvalid ^ differences.containsKey(name + ".validate");
        if (weReject) {
            assertEquals(2, r.exit(), name + ": must be rejected before anything runs; stderr:\n" + r.stderr());
            assertEquals("", r.stdout(), name + ": nothing may run");
            assertTrue(LOCATED_ERROR.matcher(r.stderr()).find(), name + ": no FILE:LINE:COLUMN error:\n" + r.stderr());
            return;
        }
        if (differences.containsKey(name + ".run") || differences.containsKey(name + ".shell-run")) {
            // The output deliberately differs; it must still be a clean run or a clean step failure.
            assertTrue(r.exit() == 0 || r.exit() == 1, name + ": exit " + r.exit() + "; stderr:\n" + r.stderr());
            return;
        }
        assertEquals(refExit == 0 ? 0 : 1, r.exit(), name + ": exit code; stderr:\n" + r.stderr());
        assertEquals(refStdout, stdout, name + ": stdout differs from the reference");
    }
}
