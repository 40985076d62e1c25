package io.jenkins.plugins.roiergasias.workflow;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The parser accepts every conformance case the reference engine accepts and rejects, with a
 * line and column, every case the reference rejects (by a validation error or a panic), except
 * the deliberate differences listed in {@code conformance-differences.properties}.
 */
class ConformanceTest {
    private static final Properties DIFFERENCES = ConformanceCases.differences();

    @TestFactory
    Stream<DynamicTest> verdictMatchesTheReference() {
        return ConformanceCases.all().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    private static void check(ConformanceCases.Case c) {
        ParseResult result = WorkflowParser.parse(c.name() + ".yaml", c.text());
        String reason = DIFFERENCES.getProperty(c.name() + ".validate");
        boolean referenceRejects = c.referenceRejects();
        boolean weReject = reason == null ? referenceRejects : !referenceRejects;
        String diagnostics = result.diagnostics().stream().map(Diagnostic::format).collect(Collectors.joining("\n"));
        if (weReject) {
            assertFalse(result.ok(), () -> c.name() + ": the reference "
                    + (reason == null ? "rejects it" : "accepts it, but we must reject it: " + reason)
                    + "; we accepted it");
            assertAll(result.errors().stream().map(d -> () -> {
                assertTrue(d.position().line() >= 1 && d.position().column() >= 1, d::format);
                assertTrue(d.format().startsWith(c.name() + ".yaml:" + d.position().line() + ":"), d::format);
            }));
            assertFalse(result.errors().isEmpty(), c.name());
        } else {
            assertTrue(result.ok(), () -> c.name() + ": the reference "
                    + (reason == null ? "accepts it" : "rejects it, but we must accept it: " + reason)
                    + "; we rejected it:\n" + diagnostics);
            assertNotNull(result.workflow());
        }
    }

    @Test
    void everyDifferenceHasAReason() {
        assertFalse(DIFFERENCES.isEmpty());
        DIFFERENCES.stringPropertyNames().forEach(k -> {
            assertTrue(k.matches("[a-z0-9_]+\\.(validate|run|shell-run|split)"), () -> "not CASE.COMMAND: " + k);
            assertFalse(DIFFERENCES.getProperty(k).isBlank(), () -> k + " needs a reason");
        });
    }
}
