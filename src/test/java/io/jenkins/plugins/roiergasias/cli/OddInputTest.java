package io.jenkins.plugins.roiergasias.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Text a shell cannot carry, escapes that name no character and values larger than Linux passes to
 * a command: each is a positioned error and exit 2 before anything runs, or runs correctly; never
 * exit 4. On the real command line.
 */
class OddInputTest {
    /** Linux refuses a single argument or environment string of this many bytes or more (MAX_ARG_STRLEN). */
    private static final int ARGUMENT_LIMIT = 128 * 1024;

    @TempDir
    Path dir;

    private CliProcess.Result run(String yaml, String... args) throws Exception {
        Files.writeString(dir.resolve("w.yaml"), yaml);
        return CliProcess.run(dir, null, 60, args);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "print|w.yaml:4:17: error: task[0].sequential[0].print[0]: the text contains a NUL character (\\0),",
        "execute|w.yaml:4:19: error: task[0].sequential[0].execute[0]: the command contains a NUL character (\\0),"})
    void aNulInAPrintOrExecuteItemIsAPositionedError(String type, String expected) throws Exception {
        CliProcess.Result r = run("version: 0.1\ntask:\n  - sequential:\n      - " + type + ": [\"echo a\\0b\"]\n",
                "run", "-f", "w.yaml");
        CliProcess.assertRefused(r, expected);
    }

    @ParameterizedTest
    @CsvSource({"UFFFFFFFF", "U80000000", "U00110000"})
    void anEscapeBeyondUnicodeSaysSo(String escape) throws Exception {
        CliProcess.Result r = run("version: 0.1\ntask:\n  - sequential:\n      - print: [\"a\\" + escape + "\"]\n",
                "validate", "-f", "w.yaml");
        CliProcess.assertRefused(r, "w.yaml:4:19: error: YAML syntax error: the escape \\" + escape
                + " in a double-quoted string names no Unicode character (the largest is \\U0010FFFF)");
    }

    /** Half of a surrogate pair is no character: no shell, log or YAML writer can carry it. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "validate|print|\\uD800|w.yaml:4:17",
        "run --local|execute|\\uDFFF|w.yaml:4:19",
        "render|environment|\\uD83D|w.yaml:4:27"})
    void halfOfASurrogatePairIsAPositionedError(String command, String type, String escape, String at)
            throws Exception {
        String item = type.equals("environment") ? "[{A: \"a" + escape + "b\"}]" : "[\"a" + escape + "b\"]";
        Files.writeString(dir.resolve("w.yaml"), "version: 0.1\ntask:\n  - sequential:\n      - " + type + ": "
                + item + "\n      - print: [hi]\n");
        CliProcess.Result r = CliProcess.run(dir, null, 60, (command + " -f w.yaml").split(" "));
        CliProcess.assertRefused(r, at + ": error: the escape " + escape
                + " in a double-quoted string is half of a UTF-16 surrogate pair and names no character");
    }

    /** Templates whose quoting cannot be read with certainty are refused before anything runs, not changed. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "validate|'echo \\\\{{env:A}}'|a backslash right before the template {{env:A}}",
        "run --local|'cat <<E\n{{env:A}}\nE'|a here-document (<<) is read with other rules"})
    void aTemplateInAnUncertainContextIsAPositionedError(String command, String item, String expected) throws Exception {
        Files.writeString(dir.resolve("w.yaml"), "version: 0.1\ntask:\n  - sequential:\n      - print: [hi]\n"
                + "      - execute: [\"true\", \"" + item + "\"]\n");
        CliProcess.Result r = CliProcess.run(dir, null, 60, (command + " -f w.yaml").split(" "));
        CliProcess.assertRefused(r, "w.yaml:5:9: error: task[0].sequential[1].execute[1]: ");
        assertTrue(r.stderr().contains(expected), r.stderr());
    }

    @Test
    void aCommandLongerThanLinuxPassesToTheShellIsAPositionedError() throws Exception {
        CliProcess.Result r = run("version: 0.1\ntask:\n  - sequential:\n      - execute:\n          - \"echo "
                + "x".repeat(ARGUMENT_LIMIT) + "\"\n", "run", "-f", "w.yaml");
        CliProcess.assertRefused(r, "w.yaml:5:13: error: task[0].sequential[0].execute[0]: the command holds 131077 bytes; it is"
                + " passed to /bin/sh as one argument, and Linux refuses an argument of 131072 bytes (128 KiB) or more");
    }

    @Test
    void anEnvironmentValueLongerThanLinuxPassesToACommandIsAPositionedError() throws Exception {
        CliProcess.Result r = run("version: 0.1\ntask:\n  - sequential:\n      - environment:\n          - BIG: \""
                + "x".repeat(ARGUMENT_LIMIT) + "{{env:HOME}}\"\n      - execute: [\"true\"]\n", "run", "-f", "w.yaml");
        CliProcess.assertRefused(r, "w.yaml:5:18: error: task[0].sequential[0].environment[0].BIG: the value holds at least 131072"
                + " bytes; Linux refuses to start a command with an environment variable of 131072 bytes (128 KiB) or"
                + " more (BIG=value), so every later command would fail");
    }

    @Test
    void longValuesThatNoLaterCommandGetsArePrinted() throws Exception {
        String big = "y".repeat(ARGUMENT_LIMIT + 10_000);
        CliProcess.Result r = run("version: 0.1\ntask:\n  - sequential:\n      - execute: [\"echo before\"]\n"
                + "      - environment:\n          - MORE: \"" + big + "\"\n"
                + "      - print: [\"" + big + "\", \"{{env:MORE}}\"]\n", "run", "-f", "w.yaml");
        assertEquals(0, r.exit(), "stderr:\n" + r.stderr());
        assertEquals("before\n" + big + "\n" + big + "\n", r.stdout());

        r = run("version: 0.1\nenvironment:\n  - BIG: \"" + big + "\"\ntask:\n  - sequential:\n"
                + "      - print: [\"{{env:BIG}}{{env:BIG}}\"]\n", "run", "-f", "w.yaml");
        assertEquals(0, r.exit(), "stderr:\n" + r.stderr());
        assertEquals(big + big + "\n", r.stdout());
    }

    @Test
    void aValueThatGrowsPastTheLimitWhileRunningFailsItsStepNotTheRun() throws Exception {
        String half = "z".repeat(ARGUMENT_LIMIT / 2 + 10);
        CliProcess.Result r = run("version: 0.1\nenvironment:\n  - A: \"" + half + "\"\ntask:\n  - sequential:\n"
                + "      - environment:\n          - X: \"{{env:A}}{{env:A}}\"\n"
                + "      - execute: [\"echo {{env:X}}\"]\n", "run", "-f", "w.yaml");
        assertEquals(1, r.exit(), "stderr:\n" + r.stderr());
        assertTrue(r.stdout().contains("Argument list too long"), "the shell's message: " + r.stdout());
        assertTrue(r.stderr().contains("step 2 (execute: echo {{env:X}}) failed with exit code 126"), r.stderr());
    }
}
