package io.jenkins.plugins.roiergasias.workflow;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.List;

/**
 * What reading a workflow file gave: the workflow when it has no errors, and every diagnostic
 * (errors and warnings) in file order.
 */
public record ParseResult(@CheckForNull Workflow workflow, List<Diagnostic> diagnostics) {
    public ParseResult {
        diagnostics = List.copyOf(diagnostics);
        if (workflow != null && diagnostics.stream().anyMatch(d -> d.severity() == Severity.ERROR)) {
            throw new IllegalArgumentException("a workflow with errors is not a workflow");
        }
    }

    public boolean ok() {
        return workflow != null;
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(d -> d.severity() == Severity.ERROR).toList();
    }

    public List<Diagnostic> warnings() {
        return diagnostics.stream().filter(d -> d.severity() == Severity.WARNING).toList();
    }
}
