package io.jenkins.plugins.roiergasias.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the parser builds from valid workflow files. */
class WorkflowParserTest {
    static Workflow valid(String yaml) {
        ParseResult result = WorkflowParser.parse("w.yaml", yaml);
        assertTrue(result.ok(), () -> result.diagnostics().stream().map(Diagnostic::format)
                .collect(Collectors.joining("\n")));
        return result.workflow();
    }

    private static List<String> vars(List<EnvItem> items) {
        return items.stream()
                .flatMap(i -> i.vars().stream())
                .map(v -> v.name() + "=" + v.value())
                .toList();
    }

    @Test
    void readsTheSpecExample() {
        Workflow w = valid("""
                version: 0.1
                environment:                  # optional; a list of maps NAME: "value"
                  - welcome: "Welcome to the demo workflow!"
                task:
                  - node: node1
                    sequential:
                      - print:
                          - "Hello"
                          - "{{env:welcome}}"
                      - environment:
                          - greeting: "Warm greetings!"
                  - node: node2
                    sequential:
                      - execute:
                          - "echo {{env:greeting}}"
                """);
        assertEquals("w.yaml", w.source());
        assertEquals("0.1", w.version());
        assertEquals(List.of("welcome=Welcome to the demo workflow!"), vars(w.environment()));
        assertEquals(new Position(3, 5), w.environment().get(0).position());
        assertEquals(new Position(3, 5), w.environment().get(0).vars().get(0).position());
        assertEquals(2, w.tasks().size());

        Task first = w.tasks().get(0);
        assertEquals(0, first.index());
        assertEquals("node1", first.node());
        assertEquals(new Position(5, 5), first.position());
        PrintStep print = assertInstanceOf(PrintStep.class, first.steps().get(0));
        assertEquals(List.of("Hello", "{{env:welcome}}"), print.items());
        assertEquals(new Position(7, 9), print.position());
        EnvironmentStep env = assertInstanceOf(EnvironmentStep.class, first.steps().get(1));
        assertEquals(List.of("greeting=Warm greetings!"), vars(env.items()));
        assertEquals(new Position(10, 9), env.position());
        assertEquals(new Position(11, 13), env.items().get(0).vars().get(0).position());

        Task second = w.tasks().get(1);
        assertEquals(1, second.index());
        assertEquals("node2", second.node());
        ExecuteStep exec = assertInstanceOf(ExecuteStep.class, second.steps().get(0));
        assertEquals(List.of("echo {{env:greeting}}"), exec.commands());
        assertEquals(3, w.stepCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.1", "\"0.1\"", "'0.1'", "0.10", "'0.10'", "\"0.10\"", "!!str 0.1"})
    void acceptsVersionZeroPointOneAsWritten(String version) {
        Workflow w = valid("version: " + version + "\ntask: [{sequential: []}]\n");
        assertEquals(version.replaceAll("[\"']|!!str ", ""), w.version());
    }

    @Test
    void keepsScalarEnvironmentValuesAsTheirSourceText() {
        Workflow w = valid("""
                version: 0.1
                environment:
                  - INT: 42
                    FLOAT: 1.50
                    BOOL: true
                    HEX: 0x1F
                    TILDE: ~
                    EMPTY:
                    NULL_WORD: null
                    QUOTED: "~"
                    YES: yes
                    DATE: 2024-01-31
                task:
                  - sequential:
                      - environment:
                          - PORT: 8080
                            OFF: off
                            NOTHING: ~
                """);
        assertEquals(
                List.of("INT=42", "FLOAT=1.50", "BOOL=true", "HEX=0x1F", "TILDE=", "EMPTY=", "NULL_WORD=", "QUOTED=~",
                        "YES=yes", "DATE=2024-01-31"),
                vars(w.environment()));
        EnvironmentStep step = (EnvironmentStep) w.tasks().get(0).steps().get(0);
        assertEquals(List.of("PORT=8080", "OFF=off", "NOTHING="), vars(step.items()));
    }

    @Test
    void keepsEnvironmentItemsAndVariablesInDocumentOrder() {
        Workflow w = valid("""
                version: 0.1
                environment:
                  - Z: "1"
                    A: "2"
                    M: "3"
                  - input-data-file: "x.csv"
                  - {}
                task: [{sequential: []}]
                """);
        assertEquals(3, w.environment().size());
        assertEquals(List.of("Z=1", "A=2", "M=3", "input-data-file=x.csv"), vars(w.environment()));
        assertEquals(List.of(), w.environment().get(2).vars());
    }

    @Test
    void environmentMayBeEmptyOrNull() {
        assertEquals(List.of(), valid("version: 0.1\nenvironment:\ntask: [{sequential: []}]\n").environment());
        assertEquals(List.of(), valid("version: 0.1\nenvironment: []\ntask: [{sequential: []}]\n").environment());
    }

    @Test
    void anEmptyOrNullNodeIsNotPinned() {
        Workflow w = valid("""
                version: 0.1
                task:
                  - node: ""
                    sequential: []
                  - node:
                    sequential: []
                  - node: ~
                    sequential: []
                  - node: "yes"
                    sequential: []
                  - node: yes
                    sequential: []
                """);
        assertNull(w.tasks().get(0).node());
        assertNull(w.tasks().get(1).node());
        assertNull(w.tasks().get(2).node());
        assertEquals("yes", w.tasks().get(3).node());
        assertEquals("yes", w.tasks().get(4).node(), "yes is a string for the reference's YAML library");
    }

    @Test
    void emptyListsAreAllowed() {
        Workflow w = valid("""
                version: 0.1
                task:
                  - sequential:
                      - print: []
                      - execute: []
                      - environment: []
                  - sequential: []
                """);
        assertEquals(3, w.tasks().get(0).steps().size());
        assertEquals(List.of(), w.tasks().get(1).steps());
    }

    @Test
    void stringsKeepTheirExactText() {
        Workflow w = valid("""
                version: 0.1
                task:
                  - sequential:
                      - print:
                          - ""
                          - "  leading and trailing  "
                          - 'it''s'
                          - "tab\\there"
                          - |
                            block
                            scalar
                          - >-
                            folded
                            text
                          - "plain words: no"
                          - "42"
                          - yes
                          - 2024-01-31
                          - 1e400
                          - "{{env:A}}"
                """);
        PrintStep print = (PrintStep) w.tasks().get(0).steps().get(0);
        assertEquals(
                List.of("", "  leading and trailing  ", "it's", "tab\there", "block\nscalar\n", "folded text",
                        "plain words: no", "42", "yes", "2024-01-31", "1e400", "{{env:A}}"),
                print.items());
    }

    @Test
    void aliasesAndMergeKeysWork() {
        Workflow w = valid("""
                version: 0.1
                defaults: &defaults
                  node: "n1"
                greet: &greet
                  print: ["hi"]
                task:
                  - <<: *defaults
                    sequential:
                      - *greet
                      - print: &two ["a", "b"]
                  - <<: *defaults
                    node: "n2"
                    sequential:
                      - execute: *two
                      - environment:
                          - <<: {A: "merged", B: "overridden"}
                            B: "explicit"
                """);
        assertEquals("n1", w.tasks().get(0).node());
        assertEquals("n2", w.tasks().get(1).node(), "explicit keys win over merged ones");
        assertEquals(List.of("hi"), ((PrintStep) w.tasks().get(0).steps().get(0)).items());
        assertEquals(new Position(5, 3), w.tasks().get(0).steps().get(0).position(), "the anchored step's position");
        assertEquals(List.of("a", "b"), ((ExecuteStep) w.tasks().get(1).steps().get(0)).commands());
        EnvironmentStep env = (EnvironmentStep) w.tasks().get(1).steps().get(1);
        assertEquals(List.of("A=merged", "B=explicit"), vars(env.items()));
    }

    @Test
    void onlyTheFirstDocumentCounts() {
        Workflow w = valid("""
                version: 0.1
                task: [{sequential: [{print: ["first"]}]}]
                ---
                version: 9
                task: nonsense
                """);
        assertEquals("0.1", w.version());
    }

    @Test
    void topLevelNodeIsAcceptedSilently() {
        ParseResult result = WorkflowParser.parse("w.yaml", "version: 0.1\nnode: n1\ntask: [{sequential: []}]\n");
        assertTrue(result.ok());
        assertEquals(List.of(), result.diagnostics());
    }

    @Test
    void windowsLineEndingsAndAByteOrderMarkAreFine() {
        Workflow w = valid("\uFEFFversion: 0.1\r\ntask:\r\n  - sequential:\r\n      - print: [\"x\"]\r\n");
        assertEquals(new Position(4, 9), w.tasks().get(0).steps().get(0).position());
    }

    @Test
    void warningsDoNotStopTheWorkflow() {
        ParseResult result = WorkflowParser.parse("w.yaml", """
                version: 0.1
                Task: ignored
                environment:
                  - "{{env:PREFIX}}_NAME": "x"
                task:
                  - node: "a-label"
                    sequential: []
                """);
        assertTrue(result.ok());
        assertEquals(
                List.of(
                        "w.yaml:2:1: warning: Task: unknown top-level key `Task` is ignored; did you mean `task`?",
                        "w.yaml:4:5: warning: environment[0][\"{{env:PREFIX}}_NAME\"]: templates are not resolved in"
                                + " variable names: this sets a variable literally named \"{{env:PREFIX}}_NAME\""),
                result.warnings().stream().map(Diagnostic::format).toList());
    }

    @Test
    void readsOneHundredThousandSteps() {
        StringBuilder yaml = new StringBuilder("version: 0.1\ntask:\n");
        for (int t = 0; t < 100; t++) {
            yaml.append("  - node: n").append(t).append("\n    sequential:\n");
            for (int s = 0; s < 1000; s++) {
                yaml.append("      - print: [\"task ").append(t).append(" step ").append(s).append("\"]\n");
            }
        }
        Workflow w = valid(yaml.toString());
        assertEquals(100_000, w.stepCount());
        assertEquals(new Position(100 * 1002 + 2, 9), w.tasks().get(99).steps().get(999).position());
    }
}
