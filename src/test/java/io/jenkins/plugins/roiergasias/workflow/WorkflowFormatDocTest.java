package io.jenkins.plugins.roiergasias.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The examples of {@code docs/workflow-format.md} are true: a YAML example followed by a text
 * block prints exactly those lines, and a complete workflow shown alone has no problem at all.
 */
class WorkflowFormatDocTest {
    private static final Pattern BLOCK = Pattern.compile("```(\\w*)\\n(.*?)```", Pattern.DOTALL);

    private record Block(String kind, String text, int end, int nextStart) {}

    @TestFactory
    Stream<DynamicTest> examplesPrintWhatTheDocumentSays() throws IOException {
        String projectDir = System.getProperty("roiergasias.project.dir", "..");
        String doc = Files.readString(Path.of(projectDir, "docs", "workflow-format.md"), StandardCharsets.UTF_8);
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(doc);
        while (m.find()) {
            blocks.add(new Block(m.group(1), m.group(2), m.end(), m.start()));
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            Block block = blocks.get(i);
            if (!block.kind().equals("yaml")) {
                continue;
            }
            Block next = i + 1 < blocks.size() ? blocks.get(i + 1) : null;
            boolean followedByOutput = next != null
                    && next.kind().equals("text")
                    && doc.substring(block.end(), next.nextStart()).isBlank();
            String yaml = block.text();
            int line = (int) doc.substring(0, block.end()).lines().count() - (int) yaml.lines().count();
            if (followedByOutput) {
                tests.add(DynamicTest.dynamicTest("example at line " + line, () -> assertEquals(
                        next.text().lines().toList(),
                        WorkflowParserErrorsTest.lines(yaml),
                        yaml)));
            } else if (yaml.lines().filter(l -> !l.startsWith("#")).findFirst().orElse("").startsWith("version:")) {
                tests.add(DynamicTest.dynamicTest("workflow at line " + line, () -> assertEquals(
                        List.of(), WorkflowParserErrorsTest.lines(yaml), yaml)));
            }
        }
        assertTrue(tests.size() > 30, "the examples were not found");
        return tests.stream();
    }
}
