package io.jenkins.plugins.roiergasias.workflow;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.List;
import java.util.Objects;

/**
 * A {@code sequential} task: steps run in order, optionally pinned to the nodes labelled with
 * {@code node}.
 *
 * @param index 0-based position of the task in the workflow's {@code task} list
 * @param node the node name, or {@code null} when the task is not pinned (an empty string in the
 *     file counts as not pinned, as in the reference engine)
 */
public record Task(int index, @CheckForNull String node, List<Step> steps, Position position) {
    public Task {
        steps = List.copyOf(steps);
        Objects.requireNonNull(position, "position");
        if (node != null && node.isEmpty()) {
            node = null;
        }
    }

    public boolean pinned() {
        return node != null;
    }
}
