package io.jenkins.plugins.roiergasias.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** "Did you mean" for misspelt keys. */
class SuggestionsTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "tasks, task",
        "Task, task",
        "taks, task",
        "TASK, task",
        "Version, version",
        "versoin, version",
        "vesion, version",
        "enviroment, environment",
        "env, environment",
        "Environment, environment",
    })
    void topLevelKeys(String key, String expected) {
        assertEquals(expected, Suggestions.closest(key, Suggestions.TOP_LEVEL_KEYS));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "sequental, sequential",
        "sequencial, sequential",
        "Sequential, sequential",
        "seq, sequential",
        "steps, sequential",
        "parallel, sequential",
        "nodes, node",
        "Node, node",
        "nod, node",
    })
    void taskKeys(String key, String expected) {
        assertEquals(expected, Suggestions.closest(key, Suggestions.TASK_KEYS));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "exec, execute",
        "'execute ', execute",
        "excute, execute",
        "executes, execute",
        "run, execute",
        "shell, execute",
        "bash, execute",
        "command, execute",
        "env, environment",
        "environ, environment",
        "envirnoment, environment",
        "vars, environment",
        "echo, print",
        "prints, print",
        "Print, print",
        "pritn, print",
        "printf, print",
    })
    void stepKeys(String key, String expected) {
        assertEquals(expected, Suggestions.closest(key, Suggestions.STEP_KEYS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"frobnicate", "name", "x", "", "  ", "description", "retry"})
    void noSuggestionForUnrelatedKeys(String key) {
        assertNull(Suggestions.closest(key, Suggestions.STEP_KEYS));
        assertNull(Suggestions.closest(key, Suggestions.TASK_KEYS));
    }

    @Test
    void hugeKeysAreNotCompared() {
        assertNull(Suggestions.closest("print".repeat(100_000), Suggestions.STEP_KEYS));
    }

    @Test
    void distanceCountsTranspositionsAsOneEdit() {
        assertEquals(1, Suggestions.distance("taks", "task", 2));
        assertEquals(1, Suggestions.distance("sequencial", "sequential", 2));
        assertEquals(3, Suggestions.distance("abc", "xyz", 2));
        assertEquals(List.of("print", "execute", "environment"), Suggestions.STEP_KEYS);
    }
}
