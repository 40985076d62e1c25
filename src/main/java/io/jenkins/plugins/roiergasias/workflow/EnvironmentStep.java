package io.jenkins.plugins.roiergasias.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code environment}: every value of every item is resolved first, then all are set, so the
 * items of one step do not see each other and every later step does.
 */
public record EnvironmentStep(List<EnvItem> items, Position position) implements Step {
    public EnvironmentStep {
        items = List.copyOf(items);
        Objects.requireNonNull(position, "position");
    }

    @Override
    public StepType type() {
        return StepType.ENVIRONMENT;
    }

    /** Every variable of the step, in document order. */
    public List<EnvVar> vars() {
        List<EnvVar> all = new ArrayList<>();
        for (EnvItem item : items) {
            all.addAll(item.vars());
        }
        return all;
    }

    @Override
    public List<String> texts() {
        return vars().stream().map(v -> v.name() + "=" + v.value()).toList();
    }
}
