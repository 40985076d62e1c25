package io.jenkins.plugins.roiergasias.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.roiergasias.local.LocalRunner;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.RunStatus;
import io.jenkins.plugins.roiergasias.report.StepReport;
import io.jenkins.plugins.roiergasias.report.StepStatus;
import io.jenkins.plugins.roiergasias.segment.Segment;
import io.jenkins.plugins.roiergasias.segment.Segmenter;
import io.jenkins.plugins.roiergasias.workflow.ParseResult;
import io.jenkins.plugins.roiergasias.workflow.WorkflowParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command that has learnt the marker nonce (here: handed to it by a wrapper of the shell, as
 * reading {@code /proc/self/fd/1} can in a pod) and prints forged markers, through the real local
 * runner: markers for a step that has ended, or that is not the one running, are ignored, and the
 * final message never says {@code null}.
 */
class ForgedMarkersTest {
    @TempDir
    Path dir;

    private record Run(RunReport report, String stdout, String progress) {}

    private Run run(String yaml) throws Exception {
        // The wrapper keeps the nonce (the first line of the program's stdin) where commands read it.
        Path wrapper = dir.resolve("sh-wrapper");
        Files.writeString(wrapper, "#!/bin/sh\nIFS= read -r n\nprintf '%s\\n' \"$n\" >" + dir.resolve("nonce")
                + "\nprintf '%s\\n' \"$n\" | exec /bin/sh \"$@\"\n");
        assertTrue(wrapper.toFile().setExecutable(true));
        ParseResult parsed = WorkflowParser.parse("w.yaml", yaml);
        assertTrue(parsed.ok(), parsed.diagnostics()::toString);
        List<Segment> segments = Segmenter.split(parsed.workflow(), false);
        StringBuilder out = new StringBuilder();
        StringBuilder progress = new StringBuilder();
        RunListener listener = new RunListener() {
            @Override
            public void output(Segment segment, String text, boolean newline) {
                out.append(text).append(newline ? "\n" : "");
            }

            @Override
            public void progress(String message) {
                progress.append(message).append('\n');
            }
        };
        RunReport report = new LocalRunner(listener, wrapper.toString(), Clock.systemUTC(), null, dir)
                .run(segments, new Abort());
        return new Run(report, out.toString(), progress.toString());
    }

    private static final String FORGE = "n=$(cat nonce); printf '::roiergasias:%s:%s\\n'";

    @Test
    void aForgedEndOfALaterStepIsIgnored() throws Exception {
        Run r = run("version: 0.1\ntask:\n  - sequential:\n      - execute: [\"true\"]\n"
                + "      - execute: [\"" + FORGE + " $n E:2:7\"]\n      - print: [after]\n");
        assertEquals(RunStatus.SUCCEEDED, r.report().status(), () -> r.report().message() + "\n" + r.progress());
        assertEquals("after\n", r.stdout());
        for (StepReport s : r.report().segments().get(0).steps()) {
            assertEquals(StepStatus.OK, s.status(), s::toString);
        }
        assertNull(r.report().message());
        assertTrue(r.progress().contains("ignored a step marker for step 3"), r.progress());
    }

    @Test
    void aForgedFailureOfAStepThatHasEndedIsIgnored() throws Exception {
        Run r = run("version: 0.1\ntask:\n  - sequential:\n      - execute: [\"true\"]\n"
                + "      - execute: [\"" + FORGE + " $n E:0:5 $n S:0; exit 3\"]\n      - print: [never]\n");
        assertEquals(RunStatus.FAILED, r.report().status());
        List<StepReport> steps = r.report().segments().get(0).steps();
        assertEquals(StepStatus.OK, steps.get(0).status(), steps.get(0)::toString);
        assertEquals(0, steps.get(0).exitCode());
        assertEquals(StepStatus.FAILED, steps.get(1).status());
        assertTrue(r.report().message().startsWith("segment 1/1 (any node): step 2 (execute: n=$(cat nonce);"),
                r.report().message());
        assertTrue(r.report().message().endsWith(") failed with exit code 3"), r.report().message());
        assertFalse(r.stdout().contains("::roiergasias:"), r.stdout());
    }
}
