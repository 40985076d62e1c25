package io.jenkins.plugins.roiergasias.workflow;

import java.util.List;

/** One step of a {@code sequential} task. */
public sealed interface Step permits PrintStep, ExecuteStep, EnvironmentStep {
    StepType type();

    Position position();

    /** The raw texts of the step's items (print lines, commands, or NAME=value pairs), for reports. */
    List<String> texts();

    /** A short human summary: type and the first words of the first item. */
    default String summary() {
        List<String> texts = texts();
        String first = texts.isEmpty() ? "" : Whitespace.RUNS.matcher(texts.get(0).strip()).replaceAll(" ");
        if (first.length() > 60) {
            first = first.substring(0, 57) + "...";
        }
        String more = texts.size() > 1 ? " (+" + (texts.size() - 1) + " more)" : "";
        return first + more;
    }
}

/** Compiled once: summaries are made for every step of every report. */
final class Whitespace {
    static final java.util.regex.Pattern RUNS = java.util.regex.Pattern.compile("\\s+");

    private Whitespace() {}
}
