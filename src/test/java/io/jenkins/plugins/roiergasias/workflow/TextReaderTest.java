package io.jenkins.plugins.roiergasias.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * {@link TextReader} reads as snakeyaml's own reader does (the same events at the same lines,
 * columns and indexes, the same errors), in linear time.
 */
class TextReaderTest {
    private static final List<String> TRICKY = List.of(
            "version: 0.1\r\ntask:\r\n  - sequential:\r\n      - print: [\"a\"]\r\n",
            "version: 0.1\rtask: []\r",
            "\uFEFFversion: 0.1\ntask: [{sequential: [{print: [\"\u00e9\u20ac\uD83D\uDE00 x\"]}]}]\n",
            "a: \"x\u0085y\u2028z\u2029w\"\nb: |\n  line\u0085  two\n",
            "a: 'it''s'\nb: \"\\x41\\u20ac\\U0001F600\"\nc: >\n  folded\n  text\n\nd: plain # comment\n",
            "a: [1, 2\n",
            "a: \"unterminated\n",
            "- &x [a, *x]\n- {? complex : key}\n- !!str 3\n",
            "a:\tb\n",
            "a: b\r",
            "",
            "x: \"" + "y".repeat(5000) + "\"\n" + "z: " + "w ".repeat(3000) + "\n");

    /** Each event with its marks, or the error with its marks: what the parser makes of a text. */
    private static List<String> events(StreamReader reader) {
        List<String> out = new ArrayList<>();
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(Integer.MAX_VALUE);
        Parser parser = new ParserImpl(reader, options);
        try {
            while (!parser.checkEvent(Event.ID.StreamEnd)) {
                Event e = parser.getEvent();
                out.add(e + " " + mark(e.getStartMark()) + "-" + mark(e.getEndMark()));
            }
        } catch (MarkedYAMLException e) {
            out.add("error " + e.getMessage());
        } catch (RuntimeException e) {
            out.add("error " + e.getClass().getSimpleName() + " " + mark(reader.getMark()));
        }
        out.add("end " + mark(reader.getMark()) + " " + reader.getDocumentIndex());
        return out;
    }

    private static String mark(Mark m) {
        return m == null ? "-" : m.getLine() + ":" + m.getColumn() + "@" + m.getIndex();
    }

    private static void assertSameAsSnakeyaml(String text) {
        assertEquals(events(new StreamReader(text)), events(new TextReader(text)), text);
    }

    @Test
    void readsTrickyTextsAsSnakeyamlDoes() {
        TRICKY.forEach(TextReaderTest::assertSameAsSnakeyaml);
    }

    @Test
    void readsGeneratedWorkflowsAsSnakeyamlDoes() {
        for (long seed = 0; seed < 300; seed++) {
            GeneratedWorkflow w = GeneratedWorkflow.random(seed);
            assertSameAsSnakeyaml(w.render(false));
            assertSameAsSnakeyaml(w.render(true));
        }
    }

    @Test
    void readsTheConformanceCasesAsSnakeyamlDoes() throws Exception {
        try (Stream<Path> files = Files.list(io.jenkins.plugins.roiergasias.ConformanceCorpus.cases())) {
            List<Path> yaml = files.filter(p -> p.toString().endsWith(".yaml")).toList();
            assertTrue(yaml.size() > 10, "cases: " + yaml.size());
            for (Path p : yaml) {
                String text = Files.readString(p);
                if (StreamReader.isPrintable(text)) {
                    assertSameAsSnakeyaml(text);
                }
            }
        }
    }

    /** 8 MB in one double-quoted and one plain word took 41 s with snakeyaml's reader. */
    @Test
    void readsEightMegabytesOnOneLineInLinearTime() {
        String word = "a".repeat(8_000_000);
        for (String item : List.of("\"" + word + "\"", word)) {
            String yaml = "version: 0.1\ntask:\n  - sequential:\n      - print: [" + item + "]\n";
            ParseResult result = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> WorkflowParser.parse("w", yaml));
            assertTrue(result.ok(), result.diagnostics().toString());
            assertEquals(8_000_000, ((PrintStep) result.workflow().tasks().get(0).steps().get(0)).items().get(0).length());
        }
    }
}
