package io.jenkins.plugins.roiergasias.workflow;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.List;
import java.util.Objects;

/**
 * A valid workflow file of format 0.1.
 *
 * @param source the name the file is known by in messages (its path as given)
 * @param version the version exactly as written ({@code 0.1}, {@code 0.10}, ...)
 * @param environment the global environment items, applied in order
 * @param tasks the tasks, in order; never empty
 * @param commands how its commands run when the file says so ({@link CommandMode#KEY}), else null
 */
public record Workflow(
        String source,
        String version,
        List<EnvItem> environment,
        List<Task> tasks,
        @CheckForNull CommandMode commands) {
    public Workflow(String source, String version, List<EnvItem> environment, List<Task> tasks) {
        this(source, version, environment, tasks, null);
    }

    public Workflow {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(version, "version");
        environment = List.copyOf(environment);
        tasks = List.copyOf(tasks);
    }

    /** This workflow with {@code mode} for its commands unless the file chose a mode itself: the file wins. */
    public Workflow withCommandDefault(@CheckForNull CommandMode mode) {
        return commands != null || mode == null ? this : new Workflow(source, version, environment, tasks, mode);
    }

    /** How its commands run: as the file says, else {@link CommandMode#SHELL}. */
    public CommandMode commandMode() {
        return commands == null ? CommandMode.SHELL : commands;
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
