package io.jenkins.plugins.roiergasias.workflow;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The diagnostics of one parse, and the work budget that keeps alias-heavy documents from
 * expanding without bound.
 *
 * <p>A node reached through several aliases is checked once per alias; its problems are reported
 * once, under the first path that reached it.
 */
final class Problems {
    static final Position START = new Position(1, 1);
    /** More diagnostics than anyone reads; the count of the rest is reported. */
    static final int MAX_DIAGNOSTICS = 10_000;

    /**
     * What one element (a task, a step, an item, a variable) costs in the budget besides its text:
     * about what it takes in memory and in a generated program.
     */
    static final int ELEMENT_BYTES = 16;

    private final String source;
    private long budget;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final Set<Seen> seen = new HashSet<>();
    private long spent;
    private int dropped;
    private boolean errors;

    private record Seen(Severity severity, Position position, String message) {}

    /** Thrown when reading the document would take more work than its size justifies. */
    static final class BudgetExceeded extends RuntimeException {
        private final transient Node node;

        BudgetExceeded(Node node) {
            super(null, null, false, false);
            this.node = node;
        }

        Node node() {
            return node;
        }
    }

    /**
     * @param budget how many bytes reading may produce: texts (in UTF-8) plus {@link #ELEMENT_BYTES}
     *     per element (task, step, item, variable, merged key); aliases can make a small file expand
     *     to gigabytes. {@link #budget(long)} sets it once the document is composed.
     */
    Problems(String source, long budget) {
        this.source = source;
        this.budget = budget;
    }

    static Position position(Node node) {
        return YamlLoader.position(node.getStartMark());
    }

    void error(Node node, String path, String message) {
        add(Severity.ERROR, position(node), path, message);
    }

    void warning(Node node, String path, String message) {
        add(Severity.WARNING, position(node), path, message);
    }

    void error(Node node, Path path, String message) {
        add(Severity.ERROR, position(node), path.toString(), message);
    }

    void warning(Node node, Path path, String message) {
        add(Severity.WARNING, position(node), path.toString(), message);
    }

    void error(Position position, String path, String message) {
        add(Severity.ERROR, position, path, message);
    }

    void warning(Position position, String path, String message) {
        add(Severity.WARNING, position, path, message);
    }

    private void add(Severity severity, Position position, String path, String message) {
        errors |= severity == Severity.ERROR;
        if (!seen.add(new Seen(severity, position, message))) {
            return;
        }
        if (diagnostics.size() >= MAX_DIAGNOSTICS) {
            dropped++;
            return;
        }
        diagnostics.add(new Diagnostic(severity, source, position, path, message));
        spend(null);
    }

    /** Sets the budget, in bytes. */
    void budget(long bytes) {
        budget = bytes;
    }

    long budget() {
        return budget;
    }

    /** Counts one element at {@code node}; throws {@link BudgetExceeded} past the budget. */
    void spend(@CheckForNull Node node) {
        charge(node, ELEMENT_BYTES);
    }

    /** Counts one element with its text at {@code node}; throws {@link BudgetExceeded} past the budget. */
    void spend(Node node, String text) {
        charge(node, ELEMENT_BYTES + WorkflowText.utf8Length(text));
    }

    private void charge(@CheckForNull Node node, long bytes) {
        spent += bytes;
        if (spent > budget && node != null) {
            throw new BudgetExceeded(node);
        }
    }

    /** Forgets every diagnostic and all work spent, to check one more part of a document. */
    void reset() {
        diagnostics.clear();
        seen.clear();
        spent = 0;
        dropped = 0;
        errors = false;
    }

    /** Whether nothing at all was reported (not even a warning). */
    boolean clean() {
        return diagnostics.isEmpty() && dropped == 0 && !errors;
    }

    /** The bytes of work spent so far. */
    long spent() {
        return spent;
    }

    /**
     * Counts {@code work} bytes of work at once, if the budget allows them all; otherwise
     * counts nothing and returns false (the work is then done again, one element at a time, to
     * find the element that exceeds the budget).
     */
    boolean spendAll(long work) {
        if (spent + work > budget) {
            return false;
        }
        spent += work;
        return true;
    }

    boolean hasErrors() {
        return errors;
    }

    /** The result: the workflow only when there are no errors; diagnostics in file order. */
    ParseResult result(@CheckForNull Workflow workflow) {
        List<Diagnostic> sorted = new ArrayList<>(diagnostics);
        sorted.sort(Comparator.comparingInt((Diagnostic d) -> d.position().line())
                .thenComparingInt(d -> d.position().column()));
        if (dropped > 0) {
            Position end = sorted.get(sorted.size() - 1).position();
            sorted.add(new Diagnostic(
                    errors ? Severity.ERROR : Severity.WARNING,
                    source,
                    end,
                    "",
                    dropped + " more problems not shown (only the first " + MAX_DIAGNOSTICS + " are listed)"));
        }
        return new ParseResult(errors ? null : workflow, sorted);
    }
}
