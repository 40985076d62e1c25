package io.jenkins.plugins.roiergasias.workflow;

import java.util.Objects;

/**
 * One {@code NAME: "value"} entry of an environment item. The value is kept raw: its templates
 * are resolved when the item is applied, never earlier.
 */
public record EnvVar(String name, String value, Position position) {
    public EnvVar {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(position, "position");
    }

    public EnvVar(String name, String value) {
        this(name, value, Position.UNKNOWN);
    }
}
