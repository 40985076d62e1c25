package io.jenkins.plugins.roiergasias.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code validate} warns about a template inside the script of a nested {@code sh -c} (whose
 * shell parses the value as code), with the safe form; the value really runs as code there, which
 * is why. Templates passed as arguments to the nested shell get no warning.
 */
class NestedShellWarningTest {
    @TempDir
    Path dir;

    private CliProcess.Result validate(String command) throws Exception {
        Files.writeString(dir.resolve("w.yaml"), "version: 0.1\ntask:\n  - sequential:\n      - execute:\n"
                + "          - '" + command.replace("'", "''") + "'\n");
        return CliProcess.run(dir, null, 60, "validate", "-f", "w.yaml");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sh -c 'echo {{env:X}}'", "bash -c \"echo {{env:X}} | wc -c\"",
        "find . -name x -exec sh -c 'cat {{env:X}}' \\;", "/bin/dash -ec 'test -n {{env:X}}'",
        "xargs -n1 sh -c \"echo {{env:X}}\" < /dev/null", "busybox sh -c 'echo {{env:X}}'"})
    void aTemplateInANestedShellScriptIsWarnedAboutWithTheSafeForm(String command) throws Exception {
        CliProcess.Result r = validate(command);
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stderr().contains("w.yaml:4:9: warning: task[0].sequential[0].execute[0]: {{env:X}} stands in"
                + " the script of a nested shell"), r.stderr());
        assertTrue(r.stderr().contains("pass the value as an argument: sh -c '... \"$1\"' sh {{env:X}}"), r.stderr());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sh -c 'echo \"$1\"' sh {{env:X}}", "echo {{env:X}}", "sh script.sh {{env:X}}",
        "bash -c 'echo hi' && echo {{env:X}}", "python3 -c 'print(1)' {{env:X}}"})
    void argumentsOfANestedShellGetNoWarning(String command) throws Exception {
        CliProcess.Result r = validate(command);
        assertEquals(0, r.exit(), r.stderr());
        assertFalse(r.stderr().contains("nested shell"), r.stderr());
    }

    /** Why the warning exists: the inner shell runs the value. */
    @Test
    void theInnerShellRunsTheValueAsCode() throws Exception {
        Files.writeString(dir.resolve("w.yaml"), "version: 0.1\nenvironment:\n  - X: \"$(touch pwned)\"\ntask:\n"
                + "  - sequential:\n      - execute: [\"sh -c 'echo {{env:X}}'\", \"sh -c 'echo \\\"$1\\\"' sh {{env:X}}\"]\n");
        CliProcess.Result r = CliProcess.run(dir, null, 60, "run", "-f", "w.yaml");
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(Files.exists(dir.resolve("pwned")), "the nested shell ran the value");
        assertTrue(r.stdout().endsWith("\n$(touch pwned)\n"), "the safe form prints it: " + r.stdout());
    }
}
