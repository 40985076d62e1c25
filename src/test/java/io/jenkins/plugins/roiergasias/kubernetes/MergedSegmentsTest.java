package io.jenkins.plugins.roiergasias.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jenkins.plugins.roiergasias.kubernetes.jobs.JobOptions;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.RunStatus;
import io.jenkins.plugins.roiergasias.report.StepReport;
import io.jenkins.plugins.roiergasias.run.Abort;
import io.jenkins.plugins.roiergasias.segment.Segment;
import io.jenkins.plugins.roiergasias.segment.Segmenter;
import io.jenkins.plugins.roiergasias.workflow.ParseResult;
import io.jenkins.plugins.roiergasias.workflow.WorkflowParser;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Merging consecutive tasks on the same node into one Job changes the number of Jobs, not the output. */
@Timeout(120)
class MergedSegmentsTest {
    private static final String WORKFLOW = """
            version: 0.1
            environment:
              - greeting: "hello"
            task:
              - node: node1
                sequential:
                  - print: ["{{env:greeting}} from the first task"]
                  - environment:
                      - carried: "set in task 1 ({{env:greeting}})"
              - node: node1
                sequential:
                  - execute: ["echo \\"task 2 sees: $carried\\"", "printf 'no newline'"]
                  - environment:
                      - greeting: "changed in task 2"
              - node: node2
                sequential:
                  - print: ["{{env:greeting}}", "{{env:carried}}"]
              - node: node2
                sequential:
                  - execute: ["echo last; exit 5"]
                  - print: ["never"]
            """;

    private record Result(List<String> output, List<String> steps, RunStatus status, long jobs) {}

    private static Result run(boolean merge) throws Exception {
        ParseResult parsed = WorkflowParser.parse("merge.yaml", WORKFLOW);
        List<Segment> segments = Segmenter.split(parsed.workflow(), merge);
        try (FakeCluster cluster = new FakeCluster()) {
            Recorder recorder = new Recorder();
            RunReport report = new KubernetesRunner(cluster.settings(), JobOptions.defaults(), recorder, c -> {})
                    .run(merge ? "m-abcdefgh" : "u-abcdefgh", segments, new Abort());
            List<String> steps = report.segments().stream().flatMap(s -> s.steps().stream())
                    .map(MergedSegmentsTest::describe).toList();
            return new Result(recorder.lines(), steps, report.status(), cluster.runnerRequests("POST", "/jobs"));
        }
    }

    private static String describe(StepReport s) {
        return s.type().key() + " " + s.status() + (s.exitCode() == null ? "" : " " + s.exitCode());
    }

    @Test
    void mergedOutputAndResultsEqualUnmerged() throws Exception {
        Result unmerged = run(false);
        Result merged = run(true);

        assertEquals(List.of("hello from the first task", "task 2 sees: set in task 1 (hello)", "no newlinechanged in task 2",
                "set in task 1 (hello)", "last"), unmerged.output());
        assertEquals(unmerged.output(), merged.output());
        assertEquals(unmerged.steps(), merged.steps());
        assertEquals(RunStatus.FAILED, merged.status());
        assertEquals(unmerged.status(), merged.status());
        assertEquals(4, unmerged.jobs());
        assertEquals(2, merged.jobs());
    }
}
