package io.jenkins.plugins.roiergasias.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.roiergasias.report.SegmentReport;
import io.jenkins.plugins.roiergasias.report.SegmentStatus;
import io.jenkins.plugins.roiergasias.segment.Segment;
import io.jenkins.plugins.roiergasias.settings.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class DryRunPlanTest {
    private final List<Segment> plan = Fixtures.helloWorld();

    @Test
    void everySegmentNamesTheJobItWouldRunAsAndNoneRan() {
        DryRunPlan p = DryRunPlan.of("demo-1a2b", plan, "kind: Job\n");
        List<SegmentReport> segments = p.report().segments();
        assertEquals(List.of("demo-1a2b-s1", "demo-1a2b-s2"), segments.stream().map(SegmentReport::job).toList());
        assertEquals(List.of("node1", "node2"), segments.stream().map(SegmentReport::node).toList());
        assertTrue(segments.stream().allMatch(s -> s.status() == SegmentStatus.NOT_RUN && s.pod() == null));
        assertEquals(1, segments.get(1).steps().size(), "the steps are listed, not run");
        assertEquals("kind: Job\n", p.objects());
    }

    @Test
    void longYamlIsCutAtALineAndSaysSo() {
        String yaml = "a: 1\n".repeat(10);
        assertSame(yaml, DryRunPlan.cut(yaml, yaml.length()));
        String cut = DryRunPlan.cut(yaml, 12); // inside the third line
        assertEquals("a: 1\na: 1\n# cut after 10 of 50 characters: the console shows every object\n", cut);
    }

    @Test
    void aLineLongerThanTheLimitIsCutWithoutSplittingACharacter() {
        String yaml = "x".repeat(4) + "\uD83D\uDE00" + "y".repeat(10);
        assertEquals("xxxx\n# cut after 4 of 16 characters: the console shows every object\n", DryRunPlan.cut(yaml, 5));
        assertEquals("xxxx\uD83D\uDE00\n# cut after 6 of 16 characters: the console shows every object\n",
                DryRunPlan.cut(yaml, 6));
    }
}
