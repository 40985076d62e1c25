package io.jenkins.plugins.roiergasias.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.roiergasias.local.LocalRunner;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.RunStatus;
import io.jenkins.plugins.roiergasias.report.StepReport;
import io.jenkins.plugins.roiergasias.run.Abort;
import io.jenkins.plugins.roiergasias.run.RunListener;
import io.jenkins.plugins.roiergasias.segment.Segment;
import io.jenkins.plugins.roiergasias.segment.Segmenter;
import io.jenkins.plugins.roiergasias.workflow.CommandMode;
import io.jenkins.plugins.roiergasias.workflow.EnvItem;
import io.jenkins.plugins.roiergasias.workflow.Position;
import io.jenkins.plugins.roiergasias.workflow.Step;
import io.jenkins.plugins.roiergasias.workflow.Task;
import io.jenkins.plugins.roiergasias.workflow.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reference command mode under real dash, bash and busybox sh: commands split on single
 * spaces and run without a shell, with the environment the original engine gave them.
 */
class ReferenceCommandsTest {
    @TempDir
    Path dir;

    static List<String> shells() {
        return Shells.all().toList();
    }

    record Outcome(String stdout, List<String> messages, RunReport report) {
        StepReport failed() {
            return report.segments().get(0).failedStep();
        }
    }

    Outcome run(String shell, Map<String, String> environment, List<EnvItem> env, Step... steps) throws Exception {
        StringBuilder out = new StringBuilder();
        List<String> messages = new ArrayList<>();
        RunListener listener = new RunListener() {
            @Override
            public void output(Segment segment, String text, boolean newline) {
                out.append(text).append(newline ? "\n" : "");
            }

            @Override
            public void progress(String message) {
                messages.add(message);
            }
        };
        Workflow w = new Workflow("test.yaml", "0.1", env,
                List.of(new Task(0, null, List.of(steps), Position.UNKNOWN)), CommandMode.REFERENCE);
        RunReport report = new LocalRunner(listener, shell, Clock.systemUTC(), environment, dir)
                .run(Segmenter.split(w, false), new Abort());
        return new Outcome(out.toString(), messages, report);
    }

    Outcome run(String shell, List<EnvItem> env, Step... steps) throws Exception {
        return run(shell, Map.of("PATH", "/usr/bin:/bin", "HOME", "/home/test"), env, steps);
    }

    @ParameterizedTest
    @MethodSource("shells")
    void splitsOnSingleSpacesAndTrimsEachWordAsTheOriginal(String shell) throws Exception {
        Outcome o = run(shell, List.of(),
                ProgramGeneratorTest.exec(
                        "printf [%s] a  b ",
                        "printf |%s| \"a b\" 'c' $HOME ${IFS} *.none a|b >x ;",
                        "printf <%s>\n tab\tinside \ttrimmed\t nl\n \u00a0nbsp\u2003 \u00e9t\u00e9",
                        "printf \n"));
        assertEquals("[a][][b][]"
                + "|\"a||b\"||'c'||$HOME||${IFS}||*.none||a|b||>x||;|"
                + "<tab\tinside><trimmed><nl><nbsp><\u00e9t\u00e9>", o.stdout());
        assertEquals(RunStatus.SUCCEEDED, o.report().status(), o.messages().toString());
        assertFalse(Files.exists(dir.resolve("x")), "> is an argument, not a redirect");
    }

    @ParameterizedTest
    @MethodSource("shells")
    void theShellTrickOfTheOriginalFailsAsThere(String shell) throws Exception {
        Outcome o = run(shell, List.of(), ProgramGeneratorTest.exec("sh -c echo${IFS}before", "sh -c exit${IFS}3",
                "sh -c echo${IFS}never"));
        assertEquals("before\n", o.stdout());
        assertEquals(3, o.failed().exitCode());
    }

    @ParameterizedTest
    @MethodSource("shells")
    void programsComeFromThePathTheWorkflowSetNeverFromShellBuiltins(String shell) throws Exception {
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Path echo = bin.resolve("echo");
        Files.writeString(echo, "#!/bin/sh\nprintf 'my echo:'; printf ' %s' \"$@\"; printf '\\n'\n");
        Files.setPosixFilePermissions(echo, PosixFilePermissions.fromString("rwxr-xr-x"));
        Outcome o = run(shell, List.of(),
                ProgramGeneratorTest.env("PATH", bin + ":/usr/bin:/bin"),
                ProgramGeneratorTest.exec("echo a b"),
                ProgramGeneratorTest.env("PATH", dir.resolve("nothing").toString()),
                ProgramGeneratorTest.exec("echo unreachable"));
        assertEquals("my echo: a b\n", o.stdout());
        assertEquals(127, o.failed().exitCode());
        assertEquals(List.of("segment 1/1 (any node): step 4: exec: \"echo\": executable file not found in $PATH"),
                o.messages());
    }

    @ParameterizedTest
    @MethodSource("shells")
    void missingOrEmptyProgramsFailWithTheOriginalsMessage(String shell) throws Exception {
        Path plain = Files.writeString(dir.resolve("not-executable"), "echo should not run\n");
        for (String[] c : List.of(
                new String[] {"/no/such/prog arg", "fork/exec /no/such/prog: no such file or directory", "127"},
                new String[] {" echo x", "exec: no command", "127"},
                new String[] {"", "exec: no command", "127"},
                new String[] {plain + " x", "fork/exec " + plain + ": permission denied", "126"},
                new String[] {dir + " x", "fork/exec " + dir + ": permission denied", "126"},
                new String[] {"echo\thi", "exec: \"echo\thi\": executable file not found in $PATH", "127"})) {
            Outcome o = run(shell, List.of(), ProgramGeneratorTest.exec(c[0]));
            assertEquals("", o.stdout(), c[0]);
            assertEquals(Integer.parseInt(c[2]), o.failed().exitCode(), c[0]);
            assertEquals(List.of("segment 1/1 (any node): step 1: " + c[1]), o.messages(), c[0]);
        }
    }

    @ParameterizedTest
    @MethodSource("shells")
    void valuesAddWordsButNeverCode(String shell) throws Exception {
        String evil = "a  b;$(touch pwned) `touch pwned2` '\"";
        Outcome o = run(shell, List.of(ProgramGeneratorTest.item("EVIL", evil)),
                ProgramGeneratorTest.exec("printf [%s] {{env:EVIL}}"));
        assertEquals("[a][][b;$(touch][pwned)][`touch][pwned2`]['\"]", o.stdout());
        assertFalse(Files.exists(dir.resolve("pwned")));
        assertFalse(Files.exists(dir.resolve("pwned2")));
    }

    @ParameterizedTest
    @MethodSource("shells")
    void templatesAreReplacedTextuallyOneAfterTheOtherAsTheOriginalDid(String shell) throws Exception {
        // Go's ResolveEnvironmentVariablesInList replaces every occurrence of each template in turn,
        // in the text the earlier replacements made.
        // A's value is the text {{env:B}} (made from L, since values are resolved when set).
        Outcome o = run(shell,
                List.of(ProgramGeneratorTest.item("L", "{{"), ProgramGeneratorTest.item("A", "{{env:L}}env:B}}", "B", "b")),
                ProgramGeneratorTest.exec("printf [%s] {{env:A}} {{env:B}} {{env:UNSET}}"));
        assertEquals("[b][b][]", o.stdout());
    }

    @ParameterizedTest
    @MethodSource("shells")
    void stdoutAndStderrReachTheLogInTheOrderWritten(String shell) throws Exception {
        Outcome o = run(shell, List.of(),
                ProgramGeneratorTest.exec("sh -c echo${IFS}1;echo${IFS}2>&2;echo${IFS}3;echo${IFS}4>&2"));
        assertEquals("1\n2\n3\n4\n", o.stdout());
    }

    @ParameterizedTest
    @MethodSource("shells")
    void commandsSeeTheStartingEnvironmentPlusTheWorkflowsVariablesAndNothingElse(String shell) throws Exception {
        Map<String, String> start = Map.of("PATH", "/usr/bin:/bin", "HOME", "/home/test", "PWD", "/given",
                "odd-name", "kept", "SHLVL", "7");
        Outcome o = run(shell, start, List.of(ProgramGeneratorTest.item("input-data-file", "in.csv", "HOME", "/h2")),
                ProgramGeneratorTest.exec("env"));
        List<String> lines = new ArrayList<>(Arrays.asList(o.stdout().split("\n")));
        lines.sort(null);
        assertEquals(List.of("HOME=/h2", "PATH=/usr/bin:/bin", "PWD=/given", "SHLVL=7", "input-data-file=in.csv",
                "odd-name=kept"), lines);

        Outcome bare = run(shell, Map.of("PATH", "/usr/bin:/bin"), List.of(), ProgramGeneratorTest.exec("env"));
        assertEquals("PATH=/usr/bin:/bin\n", bare.stdout(), "no PWD, SHLVL or _ of the shell");
        assertTrue(bare.messages().isEmpty());
    }
}
