package io.jenkins.plugins.roiergasias.workflow;

import java.util.List;
import java.util.Objects;

/** {@code execute}: each command runs with {@code /bin/sh -c}; a non-zero exit fails the step. */
public record ExecuteStep(List<String> commands, Position position) implements Step {
    public ExecuteStep {
        commands = List.copyOf(commands);
        Objects.requireNonNull(position, "position");
    }

    @Override
    public StepType type() {
        return StepType.EXECUTE;
    }

    @Override
    public List<String> texts() {
        return commands;
    }
}
