package io.jenkins.plugins.roiergasias.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.RunStatus;
import io.jenkins.plugins.roiergasias.report.StepReport;
import io.jenkins.plugins.roiergasias.report.StepStatus;
import io.jenkins.plugins.roiergasias.run.Abort;
import io.jenkins.plugins.roiergasias.run.RunListener;
import io.jenkins.plugins.roiergasias.segment.Segment;
import io.jenkins.plugins.roiergasias.segment.Segmenter;
import io.jenkins.plugins.roiergasias.workflow.ParseResult;
import io.jenkins.plugins.roiergasias.workflow.WorkflowParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Output without a final line end pushes the step's end marker to the end of a long line: whatever
 * the line's length around the 64 KiB pieces it is cut into (and the pieces of a cut line), the
 * marker is read, the step ends, and neither the marker nor its nonce reaches the output.
 */
public class MarkerAtPieceBoundaryTest {
    /** Every length from 110 below to 10 above each boundary (old pieces of 64 KiB, new of 64 KiB - 128). */
    public static List<Integer> lengthsAroundBoundaries(int below, int above, int... boundaries) {
        List<Integer> lengths = new ArrayList<>();
        for (int b : boundaries) {
            for (int n = b - below; n <= b + above; n++) {
                lengths.add(n);
            }
        }
        return lengths;
    }

    /** A workflow with one step per length, each printing that many bytes without a line end. */
    public static String workflow(List<Integer> lengths) {
        StringBuilder yaml = new StringBuilder("version: 0.1\ntask:\n  - sequential:\n");
        for (int n : lengths) {
            yaml.append("      - execute: [\"head -c ").append(n).append(" /dev/zero | tr '\\\\0' x\"]\n");
        }
        return yaml.toString();
    }

    @Test
    void everyStepEndsWhateverTheLengthOfItsUnterminatedOutput() throws Exception {
        List<Integer> lengths = lengthsAroundBoundaries(110, 10, 65_408, 65_536, 130_816, 131_072, 196_224);
        ParseResult parsed = WorkflowParser.parse("w.yaml", workflow(lengths));
        assertTrue(parsed.ok(), parsed.diagnostics()::toString);
        XCounter listener = new XCounter();
        RunReport report = new LocalRunner(listener).run(Segmenter.split(parsed.workflow(), false), new Abort());

        assertEquals(RunStatus.SUCCEEDED, report.status(), report::message);
        List<StepReport> steps = report.segments().get(0).steps();
        for (int i = 0; i < lengths.size(); i++) {
            assertEquals(StepStatus.OK, steps.get(i).status(), "output of " + lengths.get(i) + " bytes");
        }
        listener.assertOnlyXs(lengths);
    }

    /** Counts the x's of the output and keeps the start of anything else (a marker, a line end). */
    public static final class XCounter implements RunListener {
        private long xs;
        private final StringBuilder other = new StringBuilder();

        @Override
        public void output(Segment segment, String text, boolean newline) {
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == 'x') {
                    xs++;
                } else if (other.length() < 200) {
                    other.append(text.charAt(i));
                }
            }
            if (newline && other.length() < 200) {
                other.append("\\n");
            }
        }

        /** The output is the x's of every step, without a marker or a line end. */
        public void assertOnlyXs(List<Integer> lengths) {
            assertEquals("", other.toString(), "only the x's: no marker, no line end");
            assertEquals(lengths.stream().mapToLong(Integer::longValue).sum(), xs);
        }
    }
}
