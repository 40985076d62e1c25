package io.jenkins.plugins.roiergasias.workflow;

import java.util.List;
import java.util.Objects;

/**
 * One list item of an {@code environment} list: a map of variables applied together. All its
 * values are resolved before any of them is set, so the variables of one item never see each
 * other; a later item sees them.
 */
public record EnvItem(List<EnvVar> vars, Position position) {
    public EnvItem {
        vars = List.copyOf(vars);
        Objects.requireNonNull(position, "position");
    }

    public EnvItem(List<EnvVar> vars) {
        this(vars, Position.UNKNOWN);
    }
}
