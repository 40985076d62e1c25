package io.jenkins.plugins.roiergasias.kubernetes.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.roiergasias.program.ProgramGenerator;
import io.jenkins.plugins.roiergasias.segment.Segment;
import io.jenkins.plugins.roiergasias.segment.SegmentYaml;
import io.jenkins.plugins.roiergasias.workflow.Diagnostic;
import io.jenkins.plugins.roiergasias.workflow.ParseResult;
import io.jenkins.plugins.roiergasias.workflow.Position;
import io.jenkins.plugins.roiergasias.workflow.PrintStep;
import io.jenkins.plugins.roiergasias.workflow.Task;
import io.jenkins.plugins.roiergasias.workflow.WorkflowParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Text from a workflow or a job template never becomes YAML structure or shell code: a node name
 * that is not a label value is refused with its position, and what is written anyway (a segment
 * built without the validator) is quoted where it is pasted.
 */
class HostileTextTest {
    /** Closes the comment line of the program header, then runs a command; or adds a YAML document. */
    private static final List<String> HOSTILE = List.of(
            "x\")\ntouch pwned\n#",
            "x'\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: evil\nspec:\n  hostPID: true\n#",
            "x\rtouch pwned\u0085---\u2028kind: Pod\u2029#");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"GPU node", "x\\\")\\ntouch pwned", "-leading", "trailing.", "ü", "a/b",
        "x0123456789012345678901234567890123456789012345678901234567890123"})
    void aNodeThatIsNotALabelValueIsAPositionedError(String node) {
        ParseResult r = WorkflowParser.parse("w.yaml", "version: 0.1\ntask:\n  - sequential: []\n  - node: \""
                + node + "\"\n    sequential: []\n");
        assertFalse(r.ok(), "a node Kubernetes refuses in a nodeSelector must not validate");
        List<String> errors = r.errors().stream().map(Diagnostic::format).toList();
        assertEquals(1, errors.size(), errors::toString);
        assertTrue(errors.get(0).startsWith("w.yaml:4:11: error: task[1].node: node \""), errors.get(0));
        assertTrue(errors.get(0).contains("is not a valid Kubernetes label value"), errors.get(0));
        assertFalse(errors.get(0).contains("\n"), errors.get(0));
    }

    @Test
    void labelValuesAndNoNodeStayValid() {
        ParseResult r = WorkflowParser.parse("w.yaml", "version: 0.1\ntask:\n  - node: \"\"\n    sequential: []\n"
                + "  - node: a.b_C-9\n    sequential: []\n  - node: \"" + "x".repeat(63) + "\"\n    sequential: []\n");
        assertTrue(r.ok(), r.diagnostics()::toString);
        assertTrue(r.warnings().isEmpty(), r.warnings()::toString);
    }

    private static Segment segment(String node) {
        Task task = new Task(0, node, List.of(new PrintStep(List.of("hello"), Position.UNKNOWN)), Position.UNKNOWN);
        return new Segment(0, 1, node, "0.1", List.of(), List.of(task), 0);
    }

    @Test
    void theProgramHeaderRunsNothingWhateverTheNode() throws Exception {
        for (String node : HOSTILE) {
            Path program = dir.resolve("program.sh");
            Files.writeString(program, ProgramGenerator.generate(segment(node)));
            Process p = new ProcessBuilder("/bin/sh", program.toString(), dir.resolve("status").toString())
                    .directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "program still running");
            assertEquals(0, p.exitValue(), out);
            assertFalse(Files.exists(dir.resolve("pwned")), "the node ran as a command; output:\n" + out);
            assertTrue(out.contains("hello\n"), out);
        }
    }

    @Test
    void splitPrintsOneDocumentPerSegmentWhateverTheNode() {
        for (String node : HOSTILE) {
            List<Object> docs = new ArrayList<>();
            new Yaml(new LoaderOptions()).loadAll(SegmentYaml.write(segment(node))).forEach(docs::add);
            assertEquals(1, docs.size(), () -> SegmentYaml.write(segment(node)));
            Object task = ((List<?>) ((Map<?, ?>) docs.get(0)).get("task")).get(0);
            assertEquals(node, ((Map<?, ?>) task).get("node"));
        }
    }

    @Test
    void renderPrintsOneConfigMapAndOneJobWhateverTheNodeOrTheTemplate() {
        for (String node : HOSTILE) {
            // A template value the runner replaces is quoted in the render's comments.
            String template = "kind: Job\nmetadata:\n  name: " + yamlString(node) + "\n";
            String yaml = JobRenderer.renderYaml("run-abcdefgh", List.of(segment(node)),
                    JobOptions.defaults().withJobTemplate(template), "ci");
            List<String> kinds = new ArrayList<>();
            new Yaml(new LoaderOptions()).loadAll(yaml).forEach(d -> kinds.add(String.valueOf(((Map<?, ?>) d).get("kind"))));
            assertEquals(List.of("ConfigMap", "Job"), kinds, yaml);
            assertTrue(yaml.contains("replaced by run-abcdefgh-s1"), yaml);
        }
    }

    /** The text as a YAML double-quoted scalar. */
    private static String yamlString(String text) {
        StringBuilder b = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                b.append('\\').appendCodePoint(c);
            } else if (c < 0x20 || c >= 0x7f) {
                b.append(String.format("\\u%04X", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.append('"').toString();
    }
}
