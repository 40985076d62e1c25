package io.jenkins.plugins.roiergasias.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.roiergasias.workflow.EnvItem;
import io.jenkins.plugins.roiergasias.workflow.EnvVar;
import io.jenkins.plugins.roiergasias.workflow.EnvironmentStep;
import io.jenkins.plugins.roiergasias.workflow.Position;
import io.jenkins.plugins.roiergasias.workflow.PrintStep;
import io.jenkins.plugins.roiergasias.workflow.Step;
import io.jenkins.plugins.roiergasias.workflow.Task;
import io.jenkins.plugins.roiergasias.workflow.Workflow;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmenterTest {
    static Task task(int i, String node, Step... steps) {
        return new Task(i, node, List.of(steps), Position.UNKNOWN);
    }

    static PrintStep print(String s) {
        return new PrintStep(List.of(s), Position.UNKNOWN);
    }

    static EnvironmentStep env(String name, String value, String name2, String value2) {
        return new EnvironmentStep(
                List.of(new EnvItem(List.of(new EnvVar(name, value), new EnvVar(name2, value2)))), Position.UNKNOWN);
    }

    static Workflow workflow(Task... tasks) {
        return new Workflow("w.yaml", "0.1", List.of(new EnvItem(List.of(new EnvVar("G", "g")))), List.of(tasks));
    }

    @Test
    void noNodeMeansOneUnpinnedSegment() {
        List<Segment> s = Segmenter.split(workflow(task(0, null, print("a")), task(1, null, print("b"))), true);
        assertEquals(1, s.size());
        assertNull(s.get(0).node());
        assertEquals(2, s.get(0).stepCount());
    }

    @Test
    void tasksWithoutStepsStartNoJobAndDoNotPinTheWorkflow() {
        // {} and a task with only a node run nothing: no segment waits for node "gone".
        List<Segment> s = Segmenter.split(
                workflow(task(0, null), task(1, "gone"), task(2, null, print("a")), task(3, "n1", print("b"))), false);
        assertEquals(2, s.size());
        assertNull(s.get(0).node());
        assertEquals("n1", s.get(1).node());
        assertEquals(List.of(0, 1), s.stream().map(Segment::firstStep).toList());
        assertEquals(1, Segmenter.split(workflow(task(0, "gone"), task(1, null, print("a"))), false).size());
        assertNull(Segmenter.split(workflow(task(0, "gone"), task(1, null, print("a"))), false).get(0).node());
        assertEquals(0, Segmenter.split(workflow(task(0, "gone"), task(1, null)), false).size());
    }

    @Test
    void everyPinnedTaskIsASegmentWithEnvironmentCarriedInDocumentOrder() {
        Workflow w = workflow(
                task(0, "node1", print("a"), env("B", "{{env:G}}", "A", "1")),
                task(1, "node2", env("C", "c", "D", "{{env:B}}")),
                task(2, "node2", print("{{env:C}}")));
        List<Segment> s = Segmenter.split(w, false);
        assertEquals(List.of("node1", "node2", "node2"), s.stream().map(Segment::node).toList());
        assertEquals(List.of(0, 2, 3), s.stream().map(Segment::firstStep).toList());
        assertEquals(1, s.get(0).environment().size());
        // one carried item per environment step, unresolved, in document order
        assertEquals(List.of("G"), names(s.get(1).environment().get(0)));
        assertEquals(List.of("B", "A"), names(s.get(1).environment().get(1)));
        assertEquals("{{env:G}}", s.get(1).environment().get(1).vars().get(0).value());
        assertEquals(3, s.get(2).environment().size());
        assertEquals(List.of("C", "D"), names(s.get(2).environment().get(2)));
        assertEquals("segment 3/3 (node2)", s.get(2).label());
    }

    @Test
    void unpinnedTasksAmongPinnedOnesBecomeUnpinnedSegments() {
        Workflow w = workflow(task(0, "a", print("1")), task(1, null, print("2")), task(2, null, print("3")),
                task(3, "c", print("4")));
        List<Segment> s = Segmenter.split(w, false);
        assertEquals(3, s.size());
        assertNull(s.get(1).node());
        assertEquals(2, s.get(1).tasks().size());
    }

    @Test
    void mergingJoinsConsecutiveTasksOfTheSameNodeOnly() {
        Workflow w = workflow(task(0, "n1", print("1")), task(1, "n2", print("2")), task(2, "n2", print("3")),
                task(3, "n1", print("4")));
        assertEquals(4, Segmenter.split(w, false).size());
        List<Segment> merged = Segmenter.split(w, true);
        assertEquals(List.of("n1", "n2", "n1"), merged.stream().map(Segment::node).toList());
        assertEquals(2, merged.get(1).stepCount());
    }

    @Test
    void splitYamlIsAWorkflowOfItsOwn() {
        Workflow w = workflow(task(0, "node1", env("B", "x", "A", "1")), task(1, "node2", print("{{env:B}}")));
        String yaml = SegmentYaml.writeAll(Segmenter.split(w, false));
        assertTrue(yaml.startsWith("---\n# segment 1/2 (node1)\nversion: '0.1'\n"), yaml);
        assertTrue(yaml.contains("environment:\n  - G: g\n  - B: x\n    A: '1'\n"), yaml);
    }

    @Test
    void assignmentsOverwrittenBeforeAnyReadAreNotCarried() {
        Workflow w = workflow(
                task(0, "n1", env("A", "1", "B", "{{env:A}}")),
                task(1, "n1", env("D", "{{env:A}}", "A", "2")),
                task(2, "n1", env("A", "3", "C", "c")),
                task(3, "n1", env("A", "4", "C", "{{env:C}}+")),
                task(4, "n1", print("{{env:A}} {{env:B}} {{env:C}} {{env:D}}")));
        List<Segment> s = Segmenter.split(w, false);
        // B reads the A from before its own step (none), D reads A=1, so A=1 stays; A=2 and A=3
        // are overwritten unread; C=c is read by the next C.
        List<List<String>> carried = s.get(4).environment().stream().map(SegmenterTest::names).toList();
        assertEquals(
                List.of(List.of("G"), List.of("A", "B"), List.of("D"), List.of("C"), List.of("A", "C")), carried);
    }

    private static List<String> names(EnvItem item) {
        return item.vars().stream().map(EnvVar::name).toList();
    }

    /**
     * 400 tasks pinned to alternate nodes, each setting a variable of its own to 4 KB: 1.6 MB of
     * values make segments that carry 320 MB together, each one small enough. Refused at the first
     * task whose segment passes the total, before its segment is made.
     */
    @Test
    void theCarriedEnvironmentOfAllSegmentsTogetherIsBounded() {
        String value = "v".repeat(4_000);
        Task[] tasks = new Task[400];
        for (int i = 0; i < tasks.length; i++) {
            tasks[i] = new Task(i, i % 2 == 0 ? "a" : "b", List.of(env("V" + i, value, "W" + i, "")),
                    new Position(3 + i, 5));
        }
        SegmentTooLargeException e = org.junit.jupiter.api.Assertions.assertThrows(
                SegmentTooLargeException.class, () -> Segmenter.split(workflow(tasks), false));
        assertTrue(e.getMessage().matches("w\\.yaml:\\d+:5: error: task\\[\\d+\\]: the segments up to segment \\d+/400,"
                + " which starts with this task, hold \\d+ bytes of commands, print items and environment variables"
                + " together, more than the 16777216 allowed: .*"), e.getMessage());
    }

    @Test
    void aSegmentFitsItsConfigMapOrIsRefusedAtItsFirstTask() {
        Task small = new Task(0, "a", List.of(print("x".repeat(500_000))), new Position(3, 5));
        assertEquals(1, Segmenter.split(workflow(small), false).size());
        Task big = new Task(1, "b", List.of(print("x".repeat(200_000)), env("BIG", "y".repeat(400_000), "Z", "")),
                new Position(9, 5));
        SegmentTooLargeException e = org.junit.jupiter.api.Assertions.assertThrows(
                SegmentTooLargeException.class, () -> Segmenter.split(workflow(small, big), false));
        assertEquals("w.yaml:9:5: error: task[1]: segment 2/2, which starts with this task, holds 600070 bytes of"
                + " commands, print items and environment variables (with those carried from earlier segments), more"
                + " than the 524288 a segment can hold: its ConfigMap holds the text twice (the segment and its"
                + " program) and at most 1 MiB; pass large data in files, not in the workflow", e.getMessage());
    }
}
