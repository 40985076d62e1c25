package io.jenkins.plugins.roiergasias.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.roiergasias.local.LocalRunner;
import io.jenkins.plugins.roiergasias.run.Abort;
import io.jenkins.plugins.roiergasias.run.RunListener;
import io.jenkins.plugins.roiergasias.run.StepTails;
import io.jenkins.plugins.roiergasias.segment.Segment;
import io.jenkins.plugins.roiergasias.segment.Segmenter;
import io.jenkins.plugins.roiergasias.workflow.ParseResult;
import io.jenkins.plugins.roiergasias.workflow.StepType;
import io.jenkins.plugins.roiergasias.workflow.WorkflowParser;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The JUnit report of real local runs, validated against the JUnit schema Jenkins' xUnit plugin uses
 * and, suite by suite, against Maven Surefire's (see src/test/resources/junit/README.md).
 */
public class JunitXmlTest {
    private static final RunListener QUIET = (segment, text, newline) -> {};

    record Run(RunReport report, StepTails tails) {}

    static Run runLocally(String yaml) throws Exception {
        ParseResult parsed = WorkflowParser.parse("train.yaml", yaml);
        assertTrue(parsed.ok(), () -> parsed.errors().toString());
        List<Segment> segments = Segmenter.split(parsed.workflow(), false);
        StepTails tails = new StepTails(QUIET);
        RunReport report = new LocalRunner(tails, "/bin/sh", Clock.systemUTC(), null, null).run(segments, new Abort());
        return new Run(report, tails);
    }

    /** Parses a JUnit report after validating it against both schemas. */
    public static Document validated(String xml) throws Exception {
        SchemaFactory sf = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        Schema jenkins = sf.newSchema(resource("junit-10.xsd"));
        Schema surefire = sf.newSchema(resource("surefire-test-report-3.0.xsd"));
        jenkins.newValidator().validate(new StreamSource(new StringReader(xml)));
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        NodeList suites = doc.getElementsByTagName("testsuite");
        for (int i = 0; i < suites.getLength(); i++) {
            surefire.newValidator().validate(new DOMSource(suites.item(i)));
        }
        return doc;
    }

    private static URL resource(String name) {
        return Objects.requireNonNull(JunitXmlTest.class.getResource("/junit/" + name), name);
    }

    private static Element testcase(Document doc, String name) {
        NodeList cases = doc.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element e = (Element) cases.item(i);
            if (e.getAttribute("name").equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no testcase " + name);
    }

    private static Element child(Element e, String tag) {
        NodeList l = e.getElementsByTagName(tag);
        return l.getLength() == 0 ? null : (Element) l.item(0);
    }

    @Test
    void oneSuitePerSegmentOneCasePerStepWithTheFailuresExitCodeAndLastLines() throws Exception {
        Run run = runLocally("""
                version: 0.1
                task:
                  - node: node1
                    sequential:
                      - print: ["preparing"]
                      - execute: ["echo prepared"]
                  - node: node2
                    sequential:
                      - execute:
                          - "echo before the failing command"
                          - "i=1; while [ $i -le 30 ]; do echo line $i; i=$((i+1)); done; echo oops >&2; exit 3"
                      - print: ["never"]
                  - node: node3
                    sequential:
                      - execute: ["echo never either"]
                """);
        assertEquals(RunStatus.FAILED, run.report().status());
        String xml = JunitXml.write(run.report(), "train.yaml", run.tails()::tail);
        Document doc = validated(xml);

        NodeList suites = doc.getElementsByTagName("testsuite");
        assertEquals(3, suites.getLength());
        Element s2 = (Element) suites.item(1);
        assertEquals("train.yaml segment 2 (node2)", s2.getAttribute("name"));
        assertEquals("2", s2.getAttribute("tests"));
        assertEquals("1", s2.getAttribute("failures"));
        assertEquals("1", s2.getAttribute("skipped"));
        Element root = doc.getDocumentElement();
        assertEquals("5", root.getAttribute("tests"));
        assertEquals("1", root.getAttribute("failures"));

        Element ok = testcase(doc, "step 2 (execute: echo prepared)");
        assertEquals("train_yaml.segment 1 (node1)", ok.getAttribute("classname"));
        assertEquals(null, child(ok, "failure"));
        assertEquals(null, child(ok, "skipped"));

        Element failed = testcase(doc, "step 3 (execute: echo before the failing command (+1 more))");
        Element failure = child(failed, "failure");
        assertEquals("exit code 3", failure.getAttribute("type"));
        assertEquals("failed with exit code 3", failure.getAttribute("message"));
        String tail = failure.getTextContent();
        assertTrue(tail.contains("line 30\noops"), tail);
        assertTrue(tail.contains("line 12\n"), tail);
        assertFalse(tail.contains("line 11\n"), "only the last 20 lines: " + tail);
        assertFalse(tail.contains("before the failing command"), tail);

        assertEquals("not run: an earlier step failed",
                child(testcase(doc, "step 4 (print: never)"), "skipped").getAttribute("message"));
        assertEquals("not run: the segment did not start",
                child(testcase(doc, "step 5 (execute: echo never either)"), "skipped").getAttribute("message"));
    }

    @Test
    void theTailOfAHugeStepStaysWithinItsBudgetAndControlCharactersCannotBreakTheFile() throws Exception {
        Run run = runLocally("""
                version: 0.1
                task:
                  - sequential:
                      - execute:
                          - "head -c 3000000 /dev/zero | tr '\\\\0' x; printf '\\\\n\\\\033[31mred\\\\033[0m \\\\001\\\\002 end\\\\n'; exit 7"
                """);
        String xml = JunitXml.write(run.report(), "big.yaml", run.tails()::tail);
        Document doc = validated(xml);
        Element failure = (Element) doc.getElementsByTagName("failure").item(0);
        String tail = failure.getTextContent();
        assertTrue(tail.getBytes(StandardCharsets.UTF_8).length <= StepTails.BYTES, "tail of " + tail.length());
        assertTrue(tail.endsWith("red \uFFFD\uFFFD end\n"), tail.substring(Math.max(0, tail.length() - 40)));
        assertEquals("exit code 7", failure.getAttribute("type"));
    }

    @Test
    void aStepCutShortByAnInfrastructureFailureIsAnErrorWithTheSegmentsMessage() throws Exception {
        Instant t = Instant.parse("2026-01-01T10:00:00Z");
        StepReport done = new StepReport(0, 0, StepType.PRINT, "hi", StepStatus.OK, 0, t, Duration.ofMillis(5));
        StepReport cut = new StepReport(1, 0, StepType.EXECUTE, "python train.py", StepStatus.NOT_RUN, null,
                t.plusMillis(5), null);
        StepReport later = new StepReport(2, 0, StepType.EXECUTE, "python eval.py", StepStatus.NOT_RUN, null, null, null);
        RunReport report = new RunReport(RunStatus.ERROR, "segment 1/1 (gpu): evicted", List.of(new SegmentReport(
                0, "gpu", "r-s1", "r-s1-abc", SegmentStatus.ERROR, t, Duration.ofMillis(1500),
                "the pod was evicted from its node: The node was low on resource: memory.", List.of(done, cut, later))));
        String xml = JunitXml.write(report, "train.yaml", step -> step == 1 ? "epoch 3/10 <ok> & \"going\"\n" : null);
        Document doc = validated(xml);
        Element error = child(testcase(doc, "step 2 (execute: python train.py)"), "error");
        assertEquals("error", error.getAttribute("type"));
        assertEquals("the pod was evicted from its node: The node was low on resource: memory.",
                error.getAttribute("message"));
        assertEquals("epoch 3/10 <ok> & \"going\"\n", error.getTextContent());
        assertTrue(child(testcase(doc, "step 3 (execute: python eval.py)"), "skipped").getAttribute("message")
                .startsWith("not run: the pod was evicted"));
        assertEquals("1.500", ((Element) doc.getElementsByTagName("testsuite").item(0)).getAttribute("time"));
        assertEquals("1", doc.getDocumentElement().getAttribute("errors"));
    }

    /**
     * Earlier attempts of a retried segment: a step that failed and then passed is flaky, one that
     * failed again carries its earlier failures as reruns; an attempt that the cluster cut short is
     * a flaky error on the segment's first step. None counts as a test, failure or error.
     */
    @Test
    void earlierAttemptsOfARetriedSegmentAreFlakyOrRerunFailures() throws Exception {
        Instant t = Instant.parse("2026-01-01T10:00:00Z");
        StepReport print = new StepReport(0, 0, StepType.PRINT, "hi", StepStatus.OK, 0, t, Duration.ofMillis(5));
        StepReport train = new StepReport(1, 0, StepType.EXECUTE, "python train.py", StepStatus.OK, 0, t,
                Duration.ofMillis(5));
        SegmentAttempt evicted = new SegmentAttempt(1, "r-s1-r0", "r-s1-r0-a", SegmentStatus.ERROR, t,
                Duration.ofSeconds(3), "the pod was evicted from its node", null, null);
        SegmentAttempt failed = new SegmentAttempt(2, "r-s1-r1", "r-s1-r1-b", SegmentStatus.FAILED, t,
                Duration.ofSeconds(2), "step 2 failed with exit code 137", 1, 137);
        SegmentReport flaky = new SegmentReport(0, "gpu", "r-s1-r2", "r-s1-r2-c", SegmentStatus.SUCCEEDED, t,
                Duration.ofSeconds(9), null, List.of(print, train), List.of(evicted, failed));
        StepReport eval = new StepReport(2, 1, StepType.EXECUTE, "python eval.py", StepStatus.FAILED, 2, t,
                Duration.ofMillis(5));
        SegmentAttempt failedToo = new SegmentAttempt(1, "r-s2", "r-s2-d", SegmentStatus.FAILED, t,
                Duration.ofSeconds(2), "step 3 failed with exit code 2", 2, 2);
        SegmentReport broken = new SegmentReport(1, "cpu", "r-s2-r1", "r-s2-r1-e", SegmentStatus.FAILED, t,
                Duration.ofSeconds(2), "step 3 failed with exit code 2", List.of(eval), List.of(failedToo));
        RunReport report = new RunReport(RunStatus.FAILED, "segment 2/2 (cpu): step 3 failed with exit code 2",
                List.of(flaky, broken));

        Document doc = validated(JunitXml.write(report, "train.yaml", step -> null));
        Element first = testcase(doc, "step 1 (print: hi)");
        assertNull(child(first, "error"));
        Element flakyError = child(first, "flakyError");
        assertEquals("the pod was evicted from its node", flakyError.getAttribute("message"));
        assertEquals("attempt 1 of 3: error", flakyError.getAttribute("type"));
        Element flakyFailure = child(testcase(doc, "step 2 (execute: python train.py)"), "flakyFailure");
        assertEquals("exit code 137", flakyFailure.getAttribute("type"));
        assertEquals("attempt 2 of 3 failed with exit code 137", flakyFailure.getAttribute("message"));
        Element third = testcase(doc, "step 3 (execute: python eval.py)");
        assertEquals("failed with exit code 2", child(third, "failure").getAttribute("message"));
        assertEquals("attempt 1 of 2 failed with exit code 2", child(third, "rerunFailure").getAttribute("message"));
        assertEquals("3", doc.getDocumentElement().getAttribute("tests"));
        assertEquals("1", doc.getDocumentElement().getAttribute("failures"));
        assertEquals("0", doc.getDocumentElement().getAttribute("errors"));
    }
}
