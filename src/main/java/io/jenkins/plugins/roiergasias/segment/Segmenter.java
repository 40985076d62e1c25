package io.jenkins.plugins.roiergasias.segment;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.roiergasias.workflow.EnvItem;
import io.jenkins.plugins.roiergasias.workflow.EnvironmentStep;
import io.jenkins.plugins.roiergasias.workflow.Step;
import io.jenkins.plugins.roiergasias.workflow.Task;
import io.jenkins.plugins.roiergasias.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Cuts a workflow into segments.
 *
 * <ul>
 *   <li>No task pinned: the whole workflow is one unpinned segment (reference behaviour).
 *   <li>Otherwise every pinned task is its own segment (reference behaviour), and each run of
 *       consecutive unpinned tasks is one unpinned segment (the reference ignored every node then).
 *   <li>With {@code mergeSameNode}, consecutive tasks pinned to the same node share one segment.
 *   <li>Tasks without steps ({@code {}}, only a {@code node}, {@code sequential: []}) run nothing and
 *       are left out, so they neither start a Job nor decide whether the workflow is pinned.
 * </ul>
 *
 * <p>Each {@code environment} step of an earlier segment is carried into every later segment as one
 * extra global item holding all the step's variables, unresolved, in document order. One item per
 * step (rather than one per variable, as the reference did) keeps the rule that the variables of a
 * step do not see each other, so a split workflow prints what the unsplit one prints. Variables
 * that a later item sets again before anything reads them are left out (see
 * {@link CarriedEnvironment}), so that the carried environment does not grow with every step.
 */
public final class Segmenter {
    private Segmenter() {}

    public static List<Segment> split(Workflow workflow, boolean mergeSameNode) {
        List<List<Task>> groups = group(workflow.tasks(), mergeSameNode);
        List<Segment> segments = new ArrayList<>(groups.size());
        CarriedEnvironment carried = new CarriedEnvironment(workflow.environment());
        int firstStep = 0;
        for (List<Task> group : groups) {
            Segment segment = new Segment(
                    segments.size(),
                    groups.size(),
                    group.get(0).node(),
                    workflow.version(),
                    segments.isEmpty() ? workflow.environment() : carried.items(),
                    group,
                    firstStep,
                    workflow.commandMode());
            segments.add(segment);
            firstStep += segment.stepCount();
            for (Task task : group) {
                for (Step step : task.steps()) {
                    if (step instanceof EnvironmentStep env && !env.vars().isEmpty()) {
                        carried.add(new EnvItem(env.vars(), env.position()));
                    }
                }
            }
        }
        return segments;
    }

    private static List<List<Task>> group(List<Task> all, boolean mergeSameNode) {
        // A task without steps runs nothing: no Job (and no pod waiting for a node it names).
        List<Task> tasks = all.stream().filter(t -> !t.steps().isEmpty()).toList();
        List<List<Task>> groups = new ArrayList<>();
        if (tasks.isEmpty()) {
            return groups;
        }
        if (tasks.stream().noneMatch(Task::pinned)) {
            groups.add(tasks);
            return groups;
        }
        List<Task> current = null;
        for (Task task : tasks) {
            if (current != null && belongTogether(current.get(current.size() - 1), task, mergeSameNode)) {
                current.add(task);
            } else {
                current = new ArrayList<>();
                current.add(task);
                groups.add(current);
            }
        }
        return groups;
    }

    private static boolean belongTogether(Task previous, Task next, boolean mergeSameNode) {
        @CheckForNull String a = previous.node();
        @CheckForNull String b = next.node();
        if (a == null || b == null) {
            return a == null && b == null;
        }
        return mergeSameNode && Objects.equals(a, b);
    }
}
