package io.jenkins.plugins.roiergasias.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every kind of error of SPEC §1 "Errors", as the user sees it: the whole line
 * {@code FILE:LINE:COLUMN: error: PATH: message}.
 */
class WorkflowParserErrorsTest {
    /** Every diagnostic of a file called {@code w.yaml}, formatted, in file order. */
    static List<String> lines(String yaml) {
        ParseResult result = WorkflowParser.parse("w.yaml", yaml);
        if (!result.errors().isEmpty()) {
            assertNull(result.workflow(), "a workflow with errors is not a workflow");
        }
        return result.diagnostics().stream().map(Diagnostic::format).toList();
    }

    static void assertLines(String yaml, String... expected) {
        assertEquals(List.of(expected), lines(yaml));
    }

    @Test
    void reportsEveryProblemOfAFileTogether() {
        assertLines(
                """
                version: 0.1
                task:
                  - sequential:
                      - print: "hello"
                      - execute:
                          - 42
                          - echo a: b
                      - environment:
                          - A=1
                    node: [n]
                  - nodes: x
                    sequental: []
                  - {}
                environment:
                  NAME: value
                tasks: []
                """,
                "w.yaml:4:16: error: task[0].sequential[0].print: expected a list of strings, found a string \"hello\";"
                        + " write it as a list: print: [\"hello\"]",
                "w.yaml:6:13: error: task[0].sequential[1].execute[0]: expected a string, found a number (42); quote"
                        + " it: \"42\"",
                "w.yaml:7:13: error: task[0].sequential[1].execute[1]: expected a string, found a mapping; the text"
                        + " contains \": \", so YAML reads it as a mapping: quote the whole item: \"echo a: b\"",
                "w.yaml:9:13: error: task[0].sequential[2].environment[0]: expected a mapping NAME: value, found a"
                        + " string \"A=1\"; write it as A: \"1\"",
                "w.yaml:10:11: error: task[0].node: expected a node name (a string), found a list",
                "w.yaml:11:5: error: task[1].nodes: unknown task key `nodes`; did you mean `node`? (a task has"
                        + " `sequential`, its list of steps, and an optional `node`)",
                "w.yaml:12:5: error: task[1].sequental: unknown task key `sequental`; did you mean `sequential`? (a"
                        + " task has `sequential`, its list of steps, and an optional `node`)",
                "w.yaml:13:5: warning: task[2]: empty task: it runs nothing, as in the original engine; remove it,"
                        + " or give it `sequential` with a list of steps",
                "w.yaml:15:3: error: environment: expected a list of NAME: value mappings, found a mapping; start each"
                        + " variable with \"- \", as in \"- NAME: value\"",
                "w.yaml:16:1: error: tasks: `tasks` is not a key of format 0.1; the tasks go in `task` (singular)");
    }

    // ---- the document ----

    @ParameterizedTest
    @ValueSource(strings = {"", "# only a comment\n", "\n\n   \n", "# a\n# b\n"})
    void emptyFile(String yaml) {
        assertLines(yaml, "w.yaml:1:1: error: the file has no content: expected a workflow starting with"
                + " `version: 0.1` and a `task` list");
    }

    @ParameterizedTest
    @ValueSource(strings = {"null\n", "~\n", "---\n", "--- # nothing\n...\n"})
    void nullDocument(String yaml) {
        List<String> lines = lines(yaml);
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).endsWith(": error: the document is empty (null): expected a mapping with"
                + " `version: 0.1` and a `task` list"), lines.get(0));
    }

    @Test
    void topLevelValueNotAMapping() {
        assertLines("- version: 0.1\n", "w.yaml:1:1: error: expected a mapping with `version: 0.1` and a `task` list"
                + " at the top of the file, found a list");
        assertLines("\"just a string\"\n", "w.yaml:1:1: error: expected a mapping with `version: 0.1` and a `task`"
                + " list at the top of the file, found a string \"just a string\"");
    }

    @Test
    void yamlSyntaxErrors() {
        assertLines(
                "version: 0.1\ntask:\n  - sequential:\n      - print: [\"a\"\n  - x\n",
                "w.yaml:5:3: error: YAML syntax error: expected ',' or ']', but got - (while"
                        + " parsing a flow sequence started at line 4, column 16)");
        assertLines(
                "version: 0.1\ntask:\n  - sequential:\n\t- print: []\n",
                "w.yaml:4:1: error: YAML syntax error: found character '\\t(TAB)' that cannot start any token. (Do not"
                        + " use \\t(TAB) for indentation); indent with spaces, not tabs");
        assertLines(
                "version: 0.1\ntask:\n  - sequential:\n      - execute:\n          - echo a: b: c\n",
                "w.yaml:5:22: error: YAML syntax error: mapping values are not allowed here; quote a value that"
                        + " contains \": \", or check the indentation of this line");
        assertLines("version: 0.1\ntask: *nope\n", "w.yaml:2:7: error: YAML syntax error: found undefined alias nope");
    }

    @Test
    void forbiddenCharactersAreAllReported() {
        assertLines(
                "version: 0.1\ntask:\n  - sequential:\n      - print: [\"a\u0001b\", \"\u007f\"]\n",
                "w.yaml:4:19: error: the file contains U+0001 (a control character), which YAML does not allow;"
                        + " remove it, or write it as the escape \\x01 inside a double-quoted string",
                "w.yaml:4:25: error: the file contains U+007F (a control character), which YAML does not allow;"
                        + " remove it, or write it as the escape \\x7F inside a double-quoted string");
        assertLines(
                "version: 0.1\n# \uD800\n",
                "w.yaml:2:3: error: the file contains U+D800 (an unpaired UTF-16 surrogate: the file is probably not"
                        + " valid UTF-8), which YAML does not allow; remove it");
    }

    @Test
    void binaryInputGivesAFewErrorsAndACount() {
        String binary = "\u0000\u0001\u0002\u0003".repeat(10);
        List<String> lines = lines(binary);
        assertEquals(YamlLoader.MAX_CHARACTER_ERRORS + 1, lines.size());
        assertEquals("w.yaml:1:1: error: the file contains U+0000 (a NUL byte: is this a binary file?), which YAML"
                + " does not allow; remove it, or write it as the escape \\x00 inside a double-quoted string",
                lines.get(0));
        assertEquals("w.yaml:1:40: error: 30 more characters that YAML does not allow, the last one here (is this a"
                + " binary file?)", lines.get(lines.size() - 1));
    }

    @Test
    void replacementCharactersGiveAWarning() {
        ParseResult result = WorkflowParser.parse("w.yaml", "version: 0.1\ntask: [{sequential: [{print: [\"\uFFFD\"]}]}]\n");
        assertTrue(result.ok());
        assertEquals(List.of("w.yaml:2:32: warning: the file contains U+FFFD (the replacement character): it was"
                + " probably not valid UTF-8, and the characters it replaces are lost"),
                result.diagnostics().stream().map(Diagnostic::format).toList());
    }

    @Test
    void duplicateKeysAnywhere() {
        assertLines(
                """
                version: 0.1
                task:
                  - sequential:
                      - print: ["a"]
                        print: ["b"]
                    sequential: []
                environment:
                  - A: "1"
                    A: "2"
                version: "0.1"
                """,
                "w.yaml:5:9: error: task[0].sequential[0].print: duplicate key: `print` is already defined at line 4,"
                        + " column 9 of this mapping; keys must be unique",
                "w.yaml:6:5: error: task[0].sequential: duplicate key: `sequential` is already defined at line 3,"
                        + " column 5 of this mapping; keys must be unique",
                "w.yaml:9:5: error: environment[0].A: duplicate key: `A` is already defined at line 8, column 5 of"
                        + " this mapping; keys must be unique",
                "w.yaml:10:1: error: version: duplicate key: `version` is already defined at line 1, column 1 of this"
                        + " mapping; keys must be unique");
    }

    @Test
    void duplicateKeysInsideIgnoredValuesToo() {
        assertLines(
                "version: 0.1\nextra: {a: 1, a: 2}\ntask: [{sequential: []}]\n",
                "w.yaml:2:1: warning: extra: unknown top-level key `extra` is ignored (a workflow has `version`,"
                        + " `environment` and `task`)",
                "w.yaml:2:15: error: extra.a: duplicate key: `a` is already defined at line 2, column 9 of this mapping;"
                        + " keys must be unique");
    }

    // ---- version ----

    @Test
    void missingVersion() {
        assertLines("task:\n  - sequential: []\n",
                "w.yaml:1:1: error: missing `version`: a workflow starts with `version: 0.1`");
    }

    @Test
    void missingVersionWithANearMiss() {
        assertLines(
                "Version: 0.1\ntask:\n  - sequential: []\n",
                "w.yaml:1:1: error: missing `version`: a workflow starts with `version: 0.1`; did you mean `version`"
                        + " instead of `Version`?");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "0.2     | 1:10 | unsupported version \"0.2\": expected 0.1, the only format this engine reads",
                "1       | 1:10 | unsupported version \"1\": expected 0.1, the only format this engine reads",
                "'v0.1'  | 1:10 | unsupported version \"v0.1\": expected 0.1, the only format this engine reads",
                "0.100   | 1:10 | unsupported version \"0.100\": expected 0.1; write it as 0.1 (the reference engine"
                        + " rounded versions, this one reads them as written)",
                "1e-1    | 1:10 | unsupported version \"1e-1\": expected 0.1; write it as 0.1 (the reference engine"
                        + " rounded versions, this one reads them as written)",
                "0.05    | 1:10 | unsupported version \"0.05\": expected 0.1; write it as 0.1 (the reference engine"
                        + " rounded versions, this one reads them as written)",
                "0.14    | 1:10 | unsupported version \"0.14\": expected 0.1; write it as 0.1 (the reference engine"
                        + " rounded versions, this one reads them as written)",
                "\"0.1 \" | 1:10 | unsupported version \"0.1 \": expected 0.1; write it as 0.1 (the reference engine"
                        + " rounded versions, this one reads them as written)",
                "null    | 1:10 | expected the version 0.1, found null (null); write `version: 0.1`",
                "''      | 1:1  | expected the version 0.1, found nothing; write `version: 0.1`",
                "[0.1]   | 1:10 | expected the version 0.1, found a list",
            })
    void unsupportedVersion(String version, String at, String message) {
        assertLines("version: " + version + "\ntask: [{sequential: []}]\n", "w.yaml:" + at + ": error: version: " + message);
    }

    // ---- task ----

    @Test
    void missingTask() {
        assertLines("version: 0.1\n", "w.yaml:1:1: error: missing `task`: expected a list of tasks, each with a"
                + " `sequential` list of steps");
    }

    @Test
    void missingTaskWithANearMiss() {
        assertLines(
                "version: 0.1\ntasks:\n  - sequential: []\n",
                "w.yaml:2:1: error: missing `task`: expected a list of tasks, each with a `sequential` list of steps;"
                        + " did you mean `task` instead of `tasks`?");
        assertLines(
                "version: 0.1\ntaks:\n  - sequential: []\n",
                "w.yaml:2:1: error: missing `task`: expected a list of tasks, each with a `sequential` list of steps;"
                        + " did you mean `task` instead of `taks`?");
    }

    @Test
    void emptyTask() {
        assertLines("version: 0.1\ntask:\n", "w.yaml:2:1: error: task: expected a list of tasks, each with a"
                + " `sequential` list of steps, found nothing");
        assertLines("version: 0.1\ntask: []\n", "w.yaml:2:7: error: task: expected a list of tasks, each with a"
                + " `sequential` list of steps, found an empty list []");
    }

    @Test
    void taskNotAList() {
        assertLines(
                "version: 0.1\ntask:\n  sequential: []\n",
                "w.yaml:3:3: error: task: expected a list of tasks, each with a `sequential` list of steps, found a"
                        + " mapping; start each task with \"- \" (a dash and a space)");
        assertLines("version: 0.1\ntask: 3\n", "w.yaml:2:7: error: task: expected a list of tasks, each with a"
                + " `sequential` list of steps, found a number (3)");
    }

    @Test
    void taskNotAMapping() {
        assertLines(
                "version: 0.1\ntask:\n  - \"x\"\n  -\n",
                "w.yaml:3:5: error: task[0]: expected a task (a mapping with `sequential` and an optional `node`),"
                        + " found a string \"x\"",
                "w.yaml:4:4: warning: task[1]: empty task: it runs nothing, as in the original engine; remove it, or"
                        + " give it `sequential` with a list of steps");
    }

    @Test
    void tasksWithoutStepsRunNothingWithAWarningAsInTheOriginal() {
        String yaml = "version: 0.1\ntask:\n  - {}\n  - node: n1\n  -\n  - node: n2\n";
        assertLines(yaml,
                "w.yaml:3:5: warning: task[0]: empty task: it runs nothing, as in the original engine; remove it, or"
                        + " give it `sequential` with a list of steps",
                "w.yaml:4:5: warning: task[1]: task has `node` but no steps: it runs nothing, as in the original"
                        + " engine; to run steps on node \"n1\", add `sequential` with a list of steps to this task,"
                        + " indented like `node`, or remove the task",
                "w.yaml:5:4: warning: task[2]: empty task: it runs nothing, as in the original engine; remove it, or"
                        + " give it `sequential` with a list of steps",
                "w.yaml:6:5: warning: task[3]: task has `node` but no steps: it runs nothing, as in the original"
                        + " engine; to run steps on node \"n2\", add `sequential` with a list of steps to this task,"
                        + " indented like `node`, or remove the task");
        ParseResult r = WorkflowParser.parse("w.yaml", yaml);
        assertTrue(r.ok());
        assertEquals(4, r.workflow().tasks().size());
        assertEquals(0, r.workflow().stepCount());
    }

    @Test
    void aNodeOnlyTaskBeforeStepsSaysTheDashSplitTheTask() {
        assertLines(
                "version: 0.1\ntask:\n  - node: gpu\n  - sequential:\n      - print: [x]\n",
                "w.yaml:3:5: warning: task[0]: task has `node` but no steps: it runs nothing, as in the original"
                        + " engine; if the steps of the next task (line 4) should run on node \"gpu\", remove the"
                        + " \"- \" before its `sequential`, so that `node` and `sequential` make one task");
    }

    @Test
    void unknownTaskKeys() {
        assertLines(
                """
                version: 0.1
                task:
                  - parallel:
                      - print: ["y"]
                  - print: ["x"]
                  - sequential: []
                    name: "build"
                """,
                "w.yaml:3:5: error: task[0].parallel: unknown task key `parallel`; did you mean `sequential`? (a task"
                        + " has `sequential`, its list of steps, and an optional `node`)",
                "w.yaml:5:5: error: task[1].print: `print` is a step, not a task key: put it in the task's"
                        + " `sequential` list (\"- sequential:\" then \"- print: ...\")",
                "w.yaml:7:5: error: task[2].name: unknown task key `name` (a task has `sequential`, its list of"
                        + " steps, and an optional `node`)");
    }

    @Test
    void nonStringNode() {
        assertLines(
                """
                version: 0.1
                task:
                  - node: 1
                    sequential: []
                  - node: true
                    sequential: []
                  - node: {name: a}
                    sequential: []
                """,
                "w.yaml:3:11: error: task[0].node: expected a node name (a string), found a number (1); quote it:"
                        + " node: \"1\"",
                "w.yaml:5:11: error: task[1].node: expected a node name (a string), found a boolean (true); quote it:"
                        + " node: \"true\"",
                "w.yaml:7:11: error: task[2].node: expected a node name (a string), found a mapping");
    }

    // ---- steps ----

    @Test
    void stepListNotAList() {
        assertLines(
                "version: 0.1\ntask:\n  - sequential:\n  - sequential:\n      print: [\"x\"]\n  - sequential: x\n",
                "w.yaml:3:5: error: task[0].sequential: expected a list of steps, found nothing; write the steps below"
                        + " it, each starting with \"- \", or `sequential: []` for none",
                "w.yaml:5:7: error: task[1].sequential: expected a list of steps, found a mapping; start each step"
                        + " with \"- \" (a dash and a space)",
                "w.yaml:6:17: error: task[2].sequential: expected a list of steps, found a string \"x\"");
    }

    @Test
    void stepNotAMappingOrEmpty() {
        assertLines(
                "version: 0.1\ntask:\n  - sequential:\n      - print\n      - {}\n      -\n",
                "w.yaml:4:9: error: task[0].sequential[0]: expected a step (a mapping with one of `print`, `execute`"
                        + " or `environment`), found a string \"print\"",
                "w.yaml:5:9: error: task[0].sequential[1]: empty step: expected one of `print`, `execute` or"
                        + " `environment`",
                "w.yaml:6:8: error: task[0].sequential[2]: expected a step (a mapping with one of `print`, `execute`"
                        + " or `environment`), found nothing");
    }

    @Test
    void unknownStepTypesWithHints() {
        assertLines(
                """
                version: 0.1
                task:
                  - sequential:
                      - exec: ["a"]
                      - "execute ": ["a"]
                      - run: ["a"]
                      - env: []
                      - environ: []
                      - echo: ["a"]
                      - prints: ["a"]
                      - shell: ["a"]
                        bash: ["b"]
                      - frobnicate: []
                      - node: n1
                """,
                "w.yaml:4:9: error: task[0].sequential[0].exec: unknown step type `exec`: did you mean `execute`?",
                "w.yaml:5:9: error: task[0].sequential[1][\"execute \"]: unknown step type `execute `: did you mean"
                        + " `execute`?",
                "w.yaml:6:9: error: task[0].sequential[2].run: unknown step type `run`: did you mean `execute`?",
                "w.yaml:7:9: error: task[0].sequential[3].env: unknown step type `env`: did you mean `environment`?",
                "w.yaml:8:9: error: task[0].sequential[4].environ: unknown step type `environ`: did you mean"
                        + " `environment`?",
                "w.yaml:9:9: error: task[0].sequential[5].echo: unknown step type `echo`: did you mean `print`?",
                "w.yaml:10:9: error: task[0].sequential[6].prints: unknown step type `prints`: did you mean `print`?",
                "w.yaml:11:9: error: task[0].sequential[7].shell: unknown step type `shell`: did you mean `execute`?",
                "w.yaml:12:9: error: task[0].sequential[7].bash: unknown step type `bash`: did you mean `execute`?",
                "w.yaml:13:9: error: task[0].sequential[8].frobnicate: unknown step type `frobnicate`: expected one of"
                        + " `print`, `execute` or `environment`",
                "w.yaml:14:9: error: task[0].sequential[9].node: `node` belongs to the task, not to a step: indent it"
                        + " like the task's `sequential`");
    }

    @Test
    void stepWithSeveralTypes() {
        assertLines(
                """
                version: 0.1
                task:
                  - sequential:
                      - print: ["from print"]
                        execute: ["echo from execute"]
                """,
                "w.yaml:5:9: error: task[0].sequential[0].execute: a step has exactly one type, this one has `print`"
                        + " and `execute`: make each a step of its own, starting with \"- \"");
    }

    @Test
    void nonListStepArguments() {
        assertLines(
                """
                version: 0.1
                task:
                  - sequential:
                      - print: "x"
                      - print:
                      - execute: 42
                      - execute:
                          cmd: "ls"
                """,
                "w.yaml:4:16: error: task[0].sequential[0].print: expected a list of strings, found a string \"x\";"
                        + " write it as a list: print: [\"x\"]",
                "w.yaml:5:9: error: task[0].sequential[1].print: expected a list of strings, found nothing; write the"
                        + " items below it, each starting with \"- \", or `print: []` for none",
                "w.yaml:6:18: error: task[0].sequential[2].execute: expected a list of strings, found a number (42);"
                        + " write it as a list: execute: [\"42\"]",
                "w.yaml:8:11: error: task[0].sequential[3].execute: expected a list of strings, found a mapping; start"
                        + " each item with \"- \" and quote items that contain \": \"");
    }

    @Test
    void nonStringItems() {
        assertLines(
                """
                version: 0.1
                task:
                  - sequential:
                      - print:
                          - "fine"
                          - 42
                          - 1.5
                          - true
                          - ~
                          -
                          - [a]
                          - "42"
                      - execute:
                          -
                """,
                "w.yaml:6:13: error: task[0].sequential[0].print[1]: expected a string, found a number (42); quote it:"
                        + " \"42\"",
                "w.yaml:7:13: error: task[0].sequential[0].print[2]: expected a string, found a number (1.5); quote it:"
                        + " \"1.5\"",
                "w.yaml:8:13: error: task[0].sequential[0].print[3]: expected a string, found a boolean (true); quote"
                        + " it: \"true\"",
                "w.yaml:9:13: error: task[0].sequential[0].print[4]: expected a string, found null (~); write \"\" for"
                        + " an empty line",
                "w.yaml:10:12: error: task[0].sequential[0].print[5]: expected a string, found nothing; write \"\" for"
                        + " an empty line",
                "w.yaml:11:13: error: task[0].sequential[0].print[6]: expected a string, found a list",
                "w.yaml:14:12: error: task[0].sequential[1].execute[0]: expected a string, found nothing; write the"
                        + " command, or remove the item");
    }

    // ---- environment ----

    @Test
    void environmentNotAListOfMappings() {
        assertLines(
                """
                version: 0.1
                environment:
                  NAME: value
                task:
                  - sequential:
                      - environment:
                      - environment: "A=1"
                      - environment:
                          - "NAME=value"
                          - ~
                          - [A, B]
                """,
                "w.yaml:3:3: error: environment: expected a list of NAME: value mappings, found a mapping; start each"
                        + " variable with \"- \", as in \"- NAME: value\"",
                "w.yaml:6:9: error: task[0].sequential[0].environment: expected a list of NAME: value mappings, found"
                        + " nothing; write the variables below it, as in \"- NAME: value\"",
                "w.yaml:7:22: error: task[0].sequential[1].environment: expected a list of NAME: value mappings, found"
                        + " a string \"A=1\"",
                "w.yaml:9:13: error: task[0].sequential[2].environment[0]: expected a mapping NAME: value, found a"
                        + " string \"NAME=value\"; write it as NAME: \"value\"",
                "w.yaml:10:13: error: task[0].sequential[2].environment[1]: expected a mapping NAME: value, found null"
                        + " (~)",
                "w.yaml:11:13: error: task[0].sequential[2].environment[2]: expected a mapping NAME: value, found a"
                        + " list");
    }

    @Test
    void emptyGlobalEnvironmentItemsAreIgnoredWithAWarning() {
        ParseResult result = WorkflowParser.parse("w.yaml", "version: 0.1\nenvironment:\n  -\ntask: [{sequential: []}]\n");
        assertTrue(result.ok());
        assertEquals(List.of("w.yaml:3:4: warning: environment[0]: empty environment item: it sets nothing and is"
                + " ignored"), result.diagnostics().stream().map(Diagnostic::format).toList());
    }

    @Test
    void environmentValuesMustBeScalars() {
        assertLines(
                """
                version: 0.1
                environment:
                  - LIST: [1, 2]
                    MAP: {a: 1}
                task:
                  - sequential:
                      - environment:
                          - OK: 8080
                            BAD: [x]
                """,
                "w.yaml:3:11: error: environment[0].LIST: expected a value (a string), found a list; quote it if it is"
                        + " meant as text",
                "w.yaml:4:10: error: environment[0].MAP: expected a value (a string), found a mapping; quote it if it"
                        + " is meant as text",
                "w.yaml:9:18: error: task[0].sequential[0].environment[0].BAD: expected a value (a string), found a"
                        + " list; quote it if it is meant as text");
    }

    @Test
    void environmentNamesTheSystemCannotSet() {
        assertLines(
                """
                version: 0.1
                environment:
                  - "": "x"
                  - ~: "y"
                  - A=B: "z"
                  - "NUL\\0": "n"
                  - V: "nul\\0value"
                task:
                  - sequential:
                      - environment:
                          - X=1: "1"
                """,
                "w.yaml:3:5: error: environment[0]: empty variable name: an environment variable needs a name",
                "w.yaml:4:5: error: environment[1]: empty variable name: an environment variable needs a name",
                "w.yaml:5:5: error: environment[2][\"A=B\"]: variable name \"A=B\" contains \"=\", which no environment"
                        + " variable name can contain; write NAME: value, not NAME=value",
                "w.yaml:6:5: error: environment[3][\"NUL\\u0000\"]: variable name \"NUL\\u0000\" contains a NUL"
                        + " character (\\0), which no environment variable name can contain",
                "w.yaml:7:8: error: environment[4].V: the value contains a NUL character (\\0), which no environment"
                        + " variable can hold",
                "w.yaml:11:13: error: task[0].sequential[0].environment[0][\"X=1\"]: variable name \"X=1\" contains"
                        + " \"=\", which no environment variable name can contain; write NAME: value, not NAME=value");
    }

    // ---- top-level keys ----

    @Test
    void unknownTopLevelKeysAreWarningsWithHints() {
        ParseResult result = WorkflowParser.parse("w.yaml", """
                version: 0.1
                Version: 0.1
                env:
                  - A: "1"
                sequential: []
                description: "a demo"
                task:
                  - sequential: []
                """);
        assertTrue(result.ok());
        assertEquals(
                List.of(
                        "w.yaml:2:1: warning: Version: unknown top-level key `Version` is ignored; did you mean"
                                + " `version`?",
                        "w.yaml:3:1: warning: env: unknown top-level key `env` is ignored; did you mean `environment`?",
                        "w.yaml:5:1: warning: sequential: unknown top-level key `sequential` is ignored: it belongs"
                                + " inside a task of the `task` list",
                        "w.yaml:6:1: warning: description: unknown top-level key `description` is ignored (a workflow"
                                + " has `version`, `environment` and `task`)"),
                result.diagnostics().stream().map(Diagnostic::format).toList());
    }

    @Test
    void extensionKeysAreIgnoredSilently() {
        ParseResult result = WorkflowParser.parse("w.yaml", """
                version: 0.1
                x-defaults: &defaults
                  node: gpu
                task:
                  - <<: *defaults
                    sequential: []
                """);
        assertTrue(result.ok());
        assertEquals(List.of(), result.diagnostics());
        assertEquals("gpu", result.workflow().tasks().get(0).node());
    }

    @Test
    void keysTheReferenceCrashesOnAreErrors() {
        assertLines(
                "version: 0.1\ntasks: \"something\"\nlogger: x\ntask: [{sequential: []}]\n",
                "w.yaml:2:1: error: tasks: `tasks` is not a key of format 0.1; the tasks go in `task` (singular)",
                "w.yaml:3:1: error: logger: `logger` is not a key of format 0.1; remove it");
    }

    @Test
    void topLevelNodeMustBeAScalar() {
        assertLines("version: 0.1\nnode: [a]\ntask: [{sequential: []}]\n", "w.yaml:2:7: error: node: expected a"
                + " string, found a list; a top-level `node` is ignored: pin each task with its own `node`");
    }

    // ---- limits ----

    @Test
    void deepNestingIsACleanError() {
        String deep = "version: 0.1\nx: " + "[".repeat(50_000) + "]".repeat(50_000) + "\ntask: []\n";
        assertLines(deep, "w.yaml:2:103: error: lists and mappings are nested more than 100 levels deep; a workflow"
                + " needs about 7");
        StringBuilder mappings = new StringBuilder("version: 0.1\nx:\n");
        for (int i = 1; i < 200; i++) {
            mappings.append("  ".repeat(i)).append("a:\n");
        }
        List<String> lines = lines(mappings.toString());
        assertEquals(List.of("w.yaml:102:201: error: lists and mappings are nested more than 100 levels deep; a"
                + " workflow needs about 7"), lines);
    }

    @Test
    void aliasBombsAreACleanError() {
        StringBuilder yaml = new StringBuilder("version: 0.1\np: &p [\"x\"" + ", \"x\"".repeat(999) + "]\n");
        yaml.append("s: &s {print: *p}\n");
        yaml.append("q: &q [").append(String.join(", ", java.util.Collections.nCopies(1000, "*s"))).append("]\n");
        yaml.append("t: &t {sequential: *q}\n");
        yaml.append("task: [").append(String.join(", ", java.util.Collections.nCopies(1000, "*t"))).append("]\n");
        ParseResult result = WorkflowParser.parse("w.yaml", yaml.toString());
        assertFalse(result.ok());
        assertEquals(1, result.errors().size());
        assertTrue(result.errors().get(0).message().startsWith("the document expands through YAML aliases to more"
                + " than"), result.errors().get(0).format());
    }

    /**
     * 66 KB: one string of 60,000 characters, a list of 1,000 aliases of it, 30 steps printing that
     * list, 30 tasks of those steps. 900,000 print items of 60 KB: 54 GB once a program is written,
     * in only 2,000 elements, so a count of elements let it through.
     */
    static String aliasChainOfStrings() {
        return "version: 0.1\n"
                + "x-s: &s \"" + "x".repeat(60_000) + "\"\n"
                + "x-p: &p [" + String.join(", ", java.util.Collections.nCopies(1000, "*s")) + "]\n"
                + "x-q: &q [" + String.join(", ", java.util.Collections.nCopies(30, "{print: *p}")) + "]\n"
                + "task: [" + String.join(", ", java.util.Collections.nCopies(30, "{sequential: *q}")) + "]\n";
    }

    @Test
    void anAliasChainOfLongStringsIsRefusedByItsSizeInBytes() {
        String yaml = aliasChainOfStrings();
        assertTrue(yaml.length() < 70_000, "size " + yaml.length());
        // Refused at the string that the aliases repeat.
        assertLines(yaml, "w.yaml:2:6: error: the document expands through YAML"
                + " aliases to more than 4256873 bytes of steps and texts, what it holds itself plus 4194304 bytes"
                + " (4 MiB): it was refused here, before anything was generated from it; use fewer aliases of aliases");
    }

    @Test
    void aFileWithoutAliasesIsNeverRefusedForItsExpansion() {
        String items = String.join(",", java.util.Collections.nCopies(1_500_000, "a"));
        ParseResult result = WorkflowParser.parse("w.yaml", "version: 0.1\ntask: [{sequential: [{print: [" + items
                + "]}]}]\n");
        assertTrue(result.ok(), result.diagnostics().toString());
    }

    @Test
    void recursiveAliasesAndMergesAreCleanErrors() {
        assertLines(
                "version: 0.1\ntask: &t [*t]\n",
                "w.yaml:2:7: error: task[0]: expected a task (a mapping with `sequential` and an optional `node`),"
                        + " found a list");
        assertLines(
                "version: 0.1\ntask:\n  - &y {<<: *y, sequential: []}\n",
                "w.yaml:3:5: error: task[0]: merge keys `<<` nest too deeply or merge a mapping into itself");
        assertLines(
                "version: 0.1\ntask:\n  - <<: [\"x\"]\n    sequential: []\n",
                "w.yaml:3:10: error: task[0]: a merge key `<<` takes a mapping (`<<: *defaults`) or a list of them,"
                        + " found a string \"x\"");
    }

    @Test
    void nullArgumentsNeverThrow() {
        ParseResult result = WorkflowParser.parse(null, null);
        assertEquals(List.of("<workflow>:1:1: error: the file has no content: expected a workflow starting with"
                + " `version: 0.1` and a `task` list"), result.diagnostics().stream().map(Diagnostic::format).toList());
    }
}
