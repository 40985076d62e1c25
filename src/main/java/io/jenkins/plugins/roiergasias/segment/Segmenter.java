package io.jenkins.plugins.roiergasias.segment;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.roiergasias.workflow.EnvItem;
import io.jenkins.plugins.roiergasias.workflow.EnvVar;
import io.jenkins.plugins.roiergasias.workflow.EnvironmentStep;
import io.jenkins.plugins.roiergasias.workflow.Step;
import io.jenkins.plugins.roiergasias.workflow.Task;
import io.jenkins.plugins.roiergasias.workflow.Workflow;
import io.jenkins.plugins.roiergasias.workflow.WorkflowText;
import java.util.ArrayList;
import java.util.Collection;
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
    /**
     * The most text one segment may hold: commands, print items, variable names and values (its
     * own and the carried ones, in UTF-8, plus 16 bytes each). Its ConfigMap holds that text twice
     * (the segment's YAML and its program) and can hold at most 1 MiB in all.
     */
    public static final long MAX_SEGMENT_BYTES = 512 * 1024;
    /**
     * The most text all segments together may hold: the environment steps of earlier segments are
     * carried into every later one, so many segments could otherwise hold far more than the file.
     */
    public static final long MAX_TOTAL_BYTES = 16L * 1024 * 1024;
    private static final int ELEMENT_BYTES = 16;

    private Segmenter() {}

    /**
     * @throws SegmentTooLargeException when a segment would hold more than {@link #MAX_SEGMENT_BYTES}
     *     or all together more than {@link #MAX_TOTAL_BYTES}; checked before the segment is made,
     *     so nothing large is built
     */
    public static List<Segment> split(Workflow workflow, boolean mergeSameNode) {
        List<List<Task>> groups = group(workflow.tasks(), mergeSameNode);
        List<Segment> segments = new ArrayList<>(groups.size());
        CarriedEnvironment carried = new CarriedEnvironment(workflow.environment());
        int firstStep = 0;
        long total = 0;
        for (List<Task> group : groups) {
            long size = (segments.isEmpty() ? bytes(workflow.environment()) : carried.bytes()) + bytes(group);
            total += size;
            if (size > MAX_SEGMENT_BYTES || total > MAX_TOTAL_BYTES) {
                throw tooLarge(workflow, group.get(0), segments.size(), groups.size(), size, total);
            }
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

    private static SegmentTooLargeException tooLarge(
            Workflow workflow, Task first, int index, int count, long size, long total) {
        String segment = "segment " + (index + 1) + "/" + count;
        String message = size > MAX_SEGMENT_BYTES
                ? segment + ", which starts with this task, holds " + size + " bytes of commands, print items and"
                        + " environment variables (with those carried from earlier segments), more than the "
                        + MAX_SEGMENT_BYTES + " a segment can hold: its ConfigMap holds the text twice (the segment"
                        + " and its program) and at most 1 MiB; pass large data in files, not in the workflow"
                : "the segments up to " + segment + ", which starts with this task, hold " + total + " bytes of"
                        + " commands, print items and environment variables together, more than the " + MAX_TOTAL_BYTES
                        + " allowed: the environment steps of earlier segments are carried into every later one;"
                        + " pass large data in files, or pin fewer tasks to different nodes";
        return SegmentTooLargeException.at(workflow.source(), first, message);
    }

    /** What environment items cost in a segment: names and values in UTF-8, plus 16 bytes each. */
    static long bytes(List<EnvItem> items) {
        long n = 0;
        for (EnvItem item : items) {
            for (EnvVar v : item.vars()) {
                n += ELEMENT_BYTES + WorkflowText.utf8Length(v.name()) + WorkflowText.utf8Length(v.value());
            }
        }
        return n;
    }

    private static long bytes(Collection<Task> tasks) {
        long n = 0;
        for (Task task : tasks) {
            for (Step step : task.steps()) {
                if (step instanceof EnvironmentStep env) {
                    n += bytes(env.items());
                } else {
                    for (String text : step.texts()) {
                        n += ELEMENT_BYTES + WorkflowText.utf8Length(text);
                    }
                }
            }
        }
        return n;
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
