package io.jenkins.plugins.roiergasias.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.roiergasias.report.JunitXmlTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** {@code run --junit FILE} on the real process: the file, the exit status, stdout untouched. */
class JunitCliTest {
    @TempDir
    Path dir;

    private static final String FAILING = """
            version: 0.1
            task:
              - node: node1
                sequential:
                  - print: ["hello"]
              - node: node2
                sequential:
                  - execute: ["echo training; echo 'loss is NaN' >&2; exit 2"]
                  - print: ["not reached"]
            """;

    @Test
    void aFailedRunWritesItsStepsAsJunitAndKeepsItsExitStatusAndOutput() throws Exception {
        Files.writeString(dir.resolve("train.yaml"), FAILING);
        CliProcess.Result r = CliProcess.run(dir, Map.of(), "run", "-f", "train.yaml", "--junit", "results.xml");
        assertEquals(1, r.exit(), r.stderr());
        assertEquals("hello\ntraining\nloss is NaN\n", r.stdout());
        Document doc = JunitXmlTest.validated(Files.readString(dir.resolve("results.xml"), StandardCharsets.UTF_8));
        assertEquals("3", doc.getDocumentElement().getAttribute("tests"));
        assertEquals("1", doc.getDocumentElement().getAttribute("failures"));
        Element failure = (Element) doc.getElementsByTagName("failure").item(0);
        Element testcase = (Element) failure.getParentNode();
        assertEquals("step 2 (execute: echo training; echo 'loss is NaN' >&2; exit 2)", testcase.getAttribute("name"));
        assertEquals("train_yaml.segment 2 (node2)", testcase.getAttribute("classname"));
        assertEquals("exit code 2", failure.getAttribute("type"));
        assertEquals("training\nloss is NaN\n", failure.getTextContent());
        assertEquals(1, doc.getElementsByTagName("skipped").getLength());
        try (var files = Files.list(dir)) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    @Test
    void aReportThatCannotBeWrittenFailsASuccessfulRun() throws Exception {
        Files.writeString(dir.resolve("ok.yaml"), "version: 0.1\ntask:\n  - sequential:\n      - print: [\"fine\"]\n");
        CliProcess.Result r = CliProcess.run(dir, Map.of(), "run", "-f", "ok.yaml", "--junit", "missing/dir/r.xml");
        assertEquals(4, r.exit(), r.stderr());
        assertEquals("fine\n", r.stdout());
        assertTrue(r.stderr().contains("cannot write the JUnit report missing/dir/r.xml"), r.stderr());
    }
}
