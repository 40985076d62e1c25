package io.jenkins.plugins.roiergasias.segment;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.roiergasias.workflow.CommandMode;
import io.jenkins.plugins.roiergasias.workflow.EnvItem;
import io.jenkins.plugins.roiergasias.workflow.Step;
import io.jenkins.plugins.roiergasias.workflow.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A piece of a workflow that runs as one unit (one Kubernetes Job, or one {@code /bin/sh} locally).
 *
 * @param index 0-based position among the workflow's segments
 * @param count how many segments the workflow has
 * @param node the node the segment is pinned to, or {@code null} when it may run anywhere
 * @param version the workflow's version, as written
 * @param environment the global environment of the segment: the workflow's own items, then one
 *     item per {@code environment} step of the earlier segments, unresolved, in document order
 * @param tasks the tasks of the segment, consecutive in the workflow
 * @param firstStep the workflow-wide index of the segment's first step; steps are numbered in
 *     document order over all tasks
 * @param commands how the segment's {@code execute} commands run
 */
public record Segment(
        int index,
        int count,
        @CheckForNull String node,
        String version,
        List<EnvItem> environment,
        List<Task> tasks,
        int firstStep,
        CommandMode commands) {
    public Segment(
            int index,
            int count,
            @CheckForNull String node,
            String version,
            List<EnvItem> environment,
            List<Task> tasks,
            int firstStep) {
        this(index, count, node, version, environment, tasks, firstStep, CommandMode.SHELL);
    }

    public Segment {
        Objects.requireNonNull(commands, "commands");
        Objects.requireNonNull(version, "version");
        environment = List.copyOf(environment);
        tasks = List.copyOf(tasks);
    }

    /** The segment's steps in order; step {@code i} of this list has workflow index {@code firstStep + i}. */
    public List<Step> steps() {
        List<Step> steps = new ArrayList<>();
        for (Task t : tasks) {
            steps.addAll(t.steps());
        }
        return steps;
    }

    public int stepCount() {
        int n = 0;
        for (Task t : tasks) {
            n += t.steps().size();
        }
        return n;
    }

    /** 1-based label for people, e.g. {@code segment 2/3 (node2)}. */
    public String label() {
        return "segment " + (index + 1) + "/" + count + " (" + (node == null ? "any node" : node) + ")";
    }
}
