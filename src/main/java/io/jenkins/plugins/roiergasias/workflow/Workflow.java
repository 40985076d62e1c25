package io.jenkins.plugins.roiergasias.workflow;

import java.util.List;
import java.util.Objects;

/**
 * A valid workflow file of format 0.1.
 *
 * @param source the name the file is known by in messages (its path as given)
 * @param version the version exactly as written ({@code 0.1}, {@code 0.10}, ...)
 * @param environment the global environment items, applied in order
 * @param tasks the tasks, in order; never empty
 */
public record Workflow(String source, String version, List<EnvItem> environment, List<Task> tasks) {
    public Workflow {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(version, "version");
        environment = List.copyOf(environment);
        tasks = List.copyOf(tasks);
    }

    /** Number of steps over all tasks. */
    public int stepCount() {
        int n = 0;
        for (Task t : tasks) {
            n += t.steps().size();
        }
        return n;
    }
}
