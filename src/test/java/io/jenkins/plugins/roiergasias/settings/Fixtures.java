package io.jenkins.plugins.roiergasias.settings;

import io.jenkins.plugins.roiergasias.segment.Segment;
import io.jenkins.plugins.roiergasias.segment.Segmenter;
import io.jenkins.plugins.roiergasias.workflow.ExecuteStep;
import io.jenkins.plugins.roiergasias.workflow.Position;
import io.jenkins.plugins.roiergasias.workflow.PrintStep;
import io.jenkins.plugins.roiergasias.workflow.Task;
import io.jenkins.plugins.roiergasias.workflow.Workflow;
import java.util.List;

/** The multi-node hello-world, built without the parser: node1 prints, node2 executes. */
public final class Fixtures {
    private Fixtures() {}

    public static List<Segment> helloWorld() {
        Task t0 = new Task(0, "node1", List.of(new PrintStep(List.of("Hello", "World"), new Position(4, 7))),
                new Position(3, 5));
        Task t1 = new Task(1, "node2", List.of(new ExecuteStep(List.of("echo hi", "exit 3"), new Position(9, 7))),
                new Position(8, 5));
        return Segmenter.split(new Workflow("hello.yaml", "0.1", List.of(), List.of(t0, t1)), false);
    }
}
