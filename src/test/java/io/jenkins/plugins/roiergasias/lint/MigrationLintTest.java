package io.jenkins.plugins.roiergasias.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.roiergasias.workflow.CommandMode;
import io.jenkins.plugins.roiergasias.workflow.Diagnostic;
import io.jenkins.plugins.roiergasias.workflow.ParseResult;
import io.jenkins.plugins.roiergasias.workflow.Workflow;
import io.jenkins.plugins.roiergasias.workflow.WorkflowParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which commands get a migration warning in the shell command mode, and which do not. */
class MigrationLintTest {
    static List<String> warnings(String yaml) {
        ParseResult r = WorkflowParser.parse("w.yaml", yaml);
        assertTrue(r.ok(), r.diagnostics().toString());
        return MigrationLint.check(r.workflow(), p -> false).stream().map(Diagnostic::format).toList();
    }

    static String commands(String... commands) {
        StringBuilder y = new StringBuilder("version: 0.1\nenvironment:\n  - greeting: hello\n    spaced: two words\n"
                + "task:\n  - sequential:\n      - execute:\n");
        for (String c : commands) {
            y.append("          - '").append(c.replace("'", "''")).append("'\n");
        }
        return y.toString();
    }

    @Test
    void aFileThatNamesItsModeGetsNoMigrationWarningsAndTheRunsModeCounts() {
        String yaml = commands("ls | wc -l");
        Workflow noKey = WorkflowParser.parse("w.yaml", yaml).workflow();
        Workflow shell = WorkflowParser.parse("w.yaml", "x-roiergasias-commands: shell\n" + yaml).workflow();
        assertEquals(1, MigrationLint.forRun(noKey, null, null).size(), "no key, the default shell mode");
        assertEquals(1, MigrationLint.forRun(noKey, CommandMode.SHELL, null).size(), "no key, shell for the run");
        assertEquals(List.of(), MigrationLint.forRun(noKey, CommandMode.REFERENCE, null), "the run's reference mode");
        assertEquals(List.of(), MigrationLint.forRun(shell, null, null), "written for the shell mode");
        assertEquals(List.of(), MigrationLint.forRun(shell, CommandMode.REFERENCE, null), "the file wins");
    }

    @Test
    void plainCommandsGetNoWarning() {
        assertEquals(List.of(), warnings(commands("python3 train.py --epochs 10", "echo hello", "ls -la /tmp",
                "echo {{env:greeting}}", "python train.py {{env:HOME}}", "mkdir -p out/a=b")));
    }

    @Test
    void everyKindOfDifferenceIsNamedWithItsFix() {
        String[][] cases = {
            {"sh -c exit${IFS}3", "`${IFS}` splits the word here"},
            {"echo \"a b\"", "removes the quotes"},
            {"ls | wc -l", "shell syntax here"},
            {"echo $HOME", "expand here"},
            {"echo a  b", "empty argument"},
            {"echo a ", "empty argument"},
            {" echo a", "exec: no command"},
            {"ls *.txt", "is a pattern"},
            {"cd /tmp", "shell keyword or builtin"},
            {"A=1 env", "sets a variable"},
            {"python train.py {{env:spaced}}", "the value of `{{env:spaced}}` has white space"},
            {"echo a\tb", "a tab separates words"},
            {"echo a\\\\nb", "a backslash"},
            {"printenv", "`PWD`"},
            {"/opt/tool/run x", "does not exist here"},
        };
        for (String[] c : cases) {
            List<String> w = warnings(commands(c[0]));
            assertEquals(1, w.size(), c[0] + ": " + w);
            assertTrue(w.get(0).startsWith("w.yaml:7:9: warning: task[0].sequential[0].execute[0]: `"), w.get(0));
            assertTrue(w.get(0).contains(c[1]), c[0] + ": " + w.get(0));
            assertTrue(w.get(0).endsWith("add `x-roiergasias-commands: reference` (a file written for the shell mode"
                    + " says `x-roiergasias-commands: shell`)"), w.get(0));
        }
        List<String> nl = warnings("version: 0.1\ntask:\n  - sequential:\n      - execute:\n          - \"printf a\\n b\"\n");
        assertEquals(List.of("w.yaml:4:9: warning: task[0].sequential[0].execute[0]: `printf a\\n b` runs differently "
                + "than in the original engine: a line break ends the command here; the original trimmed it off its "
                + "word; to keep the original meaning add `x-roiergasias-commands: reference` (a file written for the shell"
                + " mode says `x-roiergasias-commands: shell`)"), nl);
    }

    @Test
    void aBuiltinIsFlaggedOnlyWhenTheWorkflowChangesPath() {
        String yaml = "version: 0.1\ntask:\n  - sequential:\n      - execute: [\"echo a\"]\n"
                + "      - environment:\n          - PATH: /opt/bin\n      - execute: [\"echo b\", \"python3 x.py\"]\n";
        List<String> w = warnings(yaml);
        assertEquals(1, w.size(), w.toString());
        assertTrue(w.get(0).contains("task[0].sequential[2].execute[0]: `echo b`"), w.get(0));
        assertTrue(w.get(0).contains("does not depend on PATH"), w.get(0));
    }

    @Test
    void nothingInTheReferenceMode() {
        assertEquals(List.of(), warnings("version: 0.1\nx-roiergasias-commands: reference\n"
                + commands("sh -c exit${IFS}3").substring("version: 0.1\n".length())));
    }

    @Test
    void aLongCommandIsShownShortenedNotWhole() {
        String word = "x".repeat(50_000);
        List<String> w = warnings(commands("ls | " + word, "echo *" + word));
        assertEquals(2, w.size(), w.toString());
        for (String line : w) {
            assertTrue(line.length() < 600, "a warning of " + line.length() + " characters");
            assertTrue(line.contains("..."), line);
        }
        assertTrue(w.get(0).contains("`ls | xxx"), w.get(0));
    }
}
