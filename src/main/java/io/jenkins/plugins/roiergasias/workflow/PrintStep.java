package io.jenkins.plugins.roiergasias.workflow;

import java.util.List;
import java.util.Objects;

/** {@code print}: each item on its own line, templates resolved. */
public record PrintStep(List<String> items, Position position) implements Step {
    public PrintStep {
        items = List.copyOf(items);
        Objects.requireNonNull(position, "position");
    }

    @Override
    public StepType type() {
        return StepType.PRINT;
    }

    @Override
    public List<String> texts() {
        return items;
    }
}
