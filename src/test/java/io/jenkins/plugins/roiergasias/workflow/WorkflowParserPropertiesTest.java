package io.jenkins.plugins.roiergasias.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.roiergasias.lint.MigrationLint;
import io.jenkins.plugins.roiergasias.lint.NestedShellLint;
import io.jenkins.plugins.roiergasias.program.ProgramSize;
import io.jenkins.plugins.roiergasias.program.UnsupportedCommandException;
import io.jenkins.plugins.roiergasias.segment.SegmentTooLargeException;
import io.jenkins.plugins.roiergasias.segment.Segmenter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Whatever the input, parsing ends in a clean result: a workflow, or errors that each have a line,
 * a column and a message, never an exception. And every valid workflow, however it is written,
 * parses to the model it describes. Together more than 10,000 generated inputs.
 */
class WorkflowParserPropertiesTest {
    private static final Pattern KNOWN_KEY =
            Pattern.compile("\\b(version|environment|task|node|sequential|print|execute)\\b");
    private static final List<String> TYPOS = List.of("tasks", "Task", "taks", "sequental", "exec", "execute ", "env",
            "environ", "echo", "prints", "Version", "nodes", "", "<<", "logger", "\"task\"", "? task");
    private static final List<String> VALUES = List.of("42", "true", "~", "", "[a, b]", "{a: b}", "[]", "{}", "\"x\"",
            "- x", "&a x", "*a", "!!int 3", "|\n  block", ">-", "0.1", "null", "'q'", "{{env:A}}", "!!binary AAA=",
            "!custom x", "[[[", "}", "\"unterminated", "1e-1", "- - -", "<<: *a", ": :", "? x");
    private static final String NOISE_CHARS = "-:[]{}&*!|>'\"#%@`,? \t\n\r abcxyz019_.="
            + "\u0000\u0001\u007f\u0085\u00a0\u2028\u2029\ufeff\ufffd\ufffe\ud800\udc00é€😀";

    // ---- the invariant ----

    static ParseResult parseCleanly(String text) {
        ParseResult result = WorkflowParser.parse("p.yaml", text);
        assertNotNull(result);
        assertEquals(result.ok(), result.errors().isEmpty(), () -> describe(result));
        int lines = lineCount(text);
        Position previous = new Position(1, 0);
        for (Diagnostic d : result.diagnostics()) {
            assertTrue(d.position().line() >= 1 && d.position().column() >= 1, d::format);
            assertTrue(d.position().line() <= lines + 1, () -> d.format() + " is after the last line " + lines);
            assertFalse(d.message().isBlank(), d::format);
            assertFalse(d.message().contains("internal error"), d::format);
            assertTrue(d.format().startsWith("p.yaml:" + d.position().line() + ":" + d.position().column() + ": "));
            assertFalse(d.format().contains("\n") || d.format().contains("\r"), d::format);
            assertTrue(
                    d.position().line() > previous.line()
                            || d.position().line() == previous.line() && d.position().column() >= previous.column(),
                    () -> "not in file order: " + describe(result));
            previous = d.position();
        }
        if (result.ok()) {
            Workflow w = result.workflow();
            assertFalse(w.tasks().isEmpty());
            assertTrue(w.version().equals("0.1") || w.version().equals("0.10"), w.version());
            afterValidation(w);
        } else {
            assertNull(result.workflow());
        }
        return result;
    }

    /**
     * What validate, split, render and run do with a valid workflow before anything runs: the lints,
     * the segments (both ways of cutting), their YAML and programs. A workflow that passed validation
     * must never make one of them throw anything but their own positioned refusals.
     */
    private static void afterValidation(Workflow w) {
        MigrationLint.forRun(w, null, null);
        NestedShellLint.check(w);
        for (boolean merge : new boolean[] {false, true}) {
            try {
                ProgramSize.check(w.source(), Segmenter.split(w, merge));
            } catch (SegmentTooLargeException | UnsupportedCommandException e) {
                assertTrue(e.getMessage().startsWith(w.source() + ":"), e.getMessage());
            }
        }
    }

    // ---- escapes in double-quoted strings ----

    /**
     * Any text written with escapes in a double-quoted string, in every place a string goes: half
     * surrogate pairs, controls, NUL, characters beyond the BMP. A lone surrogate once passed
     * validation and crashed the YAML writer of the segments.
     */
    @Property(tries = 1000)
    void escapedTextAnywhereGivesACleanResult(@ForAll("escaped") String text, @ForAll @IntRange(min = 0, max = 4) int place) {
        String yaml = switch (place) {
            case 0 -> "version: 0.1\ntask:\n  - sequential:\n      - print: [" + text + "]\n";
            case 1 -> "version: 0.1\ntask:\n  - sequential:\n      - execute: [" + text + "]\n";
            case 2 -> "version: 0.1\nenvironment:\n  - A: " + text + "\ntask:\n  - sequential:\n      - print: [hi]\n";
            case 3 -> "version: 0.1\ntask:\n  - node: " + text + "\n    sequential:\n      - print: [hi]\n";
            default -> "version: 0.1\ntask:\n  - sequential:\n      - environment:\n          - " + text + ": x\n";
        };
        parseCleanly(yaml);
    }

    @Provide
    Arbitrary<String> escaped() {
        Arbitrary<Character> odd = Arbitraries.oneOf(Arbitraries.chars().range('\uD800', '\uDFFF'),
                Arbitraries.chars().range('\u0000', '\u001F'), Arbitraries.chars().range(' ', '~'),
                Arbitraries.of('\u0085', '\u2028', '\uFEFF', '\uFFFE', '\uFFFF', '\u00E9'));
        return odd.list().ofMaxSize(12).map(cs -> {
            StringBuilder b = new StringBuilder("\"");
            for (char c : cs) {
                b.append(c >= ' ' && c <= '~' && c != '"' && c != '\\' ? String.valueOf(c)
                        : String.format("\\u%04X", (int) c));
            }
            return b.append('"').toString();
        });
    }

    /** Lines as snakeyaml counts them: LF, CR, CRLF, NEL, LS and PS end a line. */
    private static int lineCount(String text) {
        int lines = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029'
                    || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
                lines++;
            }
        }
        return lines;
    }

    private static String describe(ParseResult result) {
        return String.join("\n", result.diagnostics().stream().map(Diagnostic::format).toList());
    }

    // ---- valid workflows ----

    @Property(tries = 2000, edgeCases = EdgeCasesMode.FIRST)
    void everyValidWorkflowParsesToItsModel(@ForAll("workflows") GeneratedWorkflow workflow, @ForAll boolean flow) {
        String text = workflow.render(flow);
        ParseResult result = parseCleanly(text);
        assertTrue(result.ok(), () -> text + "\n" + describe(result));
        assertEquals(workflow.expected(), GeneratedWorkflow.actual(result.workflow()), text);
    }

    // ---- broken workflows ----

    @Property(tries = 5000, edgeCases = EdgeCasesMode.NONE)
    void mutatedWorkflowsGiveACleanResult(
            @ForAll long seed, @ForAll boolean flow, @ForAll("mutations") List<Mutation> mutations) {
        GeneratedWorkflow workflow = GeneratedWorkflow.random(seed);
        String text = workflow.render(flow);
        assertEquals(workflow.expected(), GeneratedWorkflow.actual(WorkflowParser.parse("p.yaml", text).workflow()));
        for (Mutation m : mutations) {
            text = m.apply(text);
        }
        ParseResult first = parseCleanly(text);
        assertEquals(first.diagnostics(), WorkflowParser.parse("p.yaml", text).diagnostics(), "deterministic");
    }

    @Property(tries = 2000)
    void anyTextGivesACleanResult(@ForAll("noise") String text) {
        parseCleanly(text);
    }

    @Property(tries = 500)
    void deepNestingGivesACleanResult(
            @ForAll @IntRange(min = 1, max = 20_000) int depth, @ForAll @IntRange(min = 0, max = 4) int shape,
            @ForAll boolean closed) {
        String text = switch (shape) {
            case 0 -> "version: 0.1\ntask: " + "[".repeat(depth) + (closed ? "]".repeat(depth) : "") + "\n";
            case 1 -> "version: 0.1\nx: " + "{a: ".repeat(depth) + "1" + (closed ? "}".repeat(depth) : "") + "\n";
            case 2 -> "version: 0.1\ntask:\n" + "- ".repeat(depth) + "x\n";
            case 3 -> {
                StringBuilder b = new StringBuilder("version: 0.1\ntask:\n  - sequential:\n      - print:\n");
                int levels = Math.min(depth, 400);
                for (int i = 0; i < levels; i++) {
                    b.append("  ".repeat(i + 5)).append("a:\n");
                }
                yield b.toString();
            }
            default -> "version: 0.1\ntask: [{sequential: [{print: " + "[".repeat(depth) + "x"
                    + (closed ? "]".repeat(depth) : "") + "}]}]\n";
        };
        ParseResult result = parseCleanly(text);
        assertFalse(result.ok() && depth > YamlLoader.MAX_NESTING_DEPTH);
    }

    @Property(tries = 500)
    void aliasesAndAnchorsGiveACleanResult(
            @ForAll @IntRange(min = 1, max = 9) int levels,
            @ForAll @IntRange(min = 1, max = 12) int fanOut,
            @ForAll @IntRange(min = 0, max = 5) int place) {
        StringBuilder y = new StringBuilder("version: 0.1\n");
        y.append("a0: &a0 ").append(place == 4 ? "{print: [\"x\"]}" : "[\"x\"]").append('\n');
        for (int i = 1; i < levels; i++) {
            y.append("a").append(i).append(": &a").append(i).append(" [")
                    .append(String.join(", ", Collections.nCopies(fanOut, "*a" + (i - 1)))).append("]\n");
        }
        String top = "*a" + (levels - 1);
        y.append(switch (place) {
            case 0 -> "task: [{sequential: [{print: " + top + "}]}]\n";
            case 1 -> "task: " + top + "\n";
            case 2 -> "task: [{sequential: " + top + "}]\n";
            case 3 -> "environment: " + top + "\ntask: [{sequential: []}]\n";
            case 4 -> "task: [{sequential: [" + String.join(", ", Collections.nCopies(fanOut, "*a0")) + "]}]\n";
            default -> "m: &m {sequential: []}\ntask: [{<<: [" + String.join(", ", Collections.nCopies(fanOut, "*m"))
                    + "]}]\n";
        });
        parseCleanly(y.toString());
    }

    @Property(tries = 50)
    void hugeScalarsGiveACleanResult(
            @ForAll @IntRange(min = 1, max = 1_000_000) int size, @ForAll @IntRange(min = 0, max = 3) int where) {
        String big = "x".repeat(size);
        String text = switch (where) {
            case 0 -> "version: 0.1\ntask: [{sequential: [{print: [\"" + big + "\"]}]}]\n";
            case 1 -> "version: 0.1\n" + big + ": 1\ntask: [{sequential: []}]\n";
            case 2 -> "version: 0.1\nenvironment:\n  - A: |\n" + ("      " + "y".repeat(80) + "\n").repeat(size / 87 + 1)
                    + "task: [{sequential: []}]\n";
            default -> "version: " + big + "\ntask: [{sequential: []}]\n";
        };
        ParseResult result = parseCleanly(text);
        if (where != 1) { // a long key is fine up to YAML's 1024 characters for implicit keys
            assertEquals(where != 3, result.ok(), () -> describe(result));
        }
    }

    // ---- generators ----

    @Provide
    Arbitrary<GeneratedWorkflow> workflows() {
        Arbitrary<String> version = Arbitraries.of("0.1", "\"0.1\"", "0.10", "'0.10'", "'0.1'");
        Arbitrary<List<List<GeneratedWorkflow.Var>>> environment = envItems().list().ofMaxSize(3);
        Arbitrary<List<List<GeneratedWorkflow.Var>>> global = Arbitraries.oneOf(
                Arbitraries.just(null), Arbitraries.just(List.of()), environment);
        return Combinators.combine(version, global, tasks().list().ofMinSize(1).ofMaxSize(4), Arbitraries.longs())
                .as(GeneratedWorkflow::new);
    }

    private Arbitrary<GeneratedWorkflow.GenTask> tasks() {
        Arbitrary<String> node = Arbitraries.oneOf(
                Arbitraries.just(null),
                Arbitraries.just(""),
                Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-', '.').ofMinLength(1).ofMaxLength(12)
                        .map(s -> "n" + s + "1"));
        return Combinators.combine(node, steps().list().ofMaxSize(5)).as(GeneratedWorkflow.GenTask::new);
    }

    private Arbitrary<GeneratedWorkflow.GenStep> steps() {
        Arbitrary<List<String>> texts = texts().list().ofMaxSize(4);
        return Arbitraries.oneOf(
                texts.map(t -> new GeneratedWorkflow.GenStep("print", t, List.of())),
                texts.map(t -> new GeneratedWorkflow.GenStep("execute", t, List.of())),
                envItems().list().ofMaxSize(3).map(i -> new GeneratedWorkflow.GenStep("environment", List.of(), i)));
    }

    private Arbitrary<List<GeneratedWorkflow.Var>> envItems() {
        Arbitrary<String> name = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('A', 'Z').withChars('_').ofMinLength(1).ofMaxLength(3)
                        .flatMap(first -> Arbitraries.strings().withCharRange('A', 'Z').withCharRange('a', 'z')
                                .numeric().withChars('_', '-').ofMaxLength(8).map(rest -> first + rest)),
                Arbitraries.of("grüße", "a.b", "with space", "{{env:X}}_N", "yes", "42", "input-data-file"));
        Arbitrary<String[]> value = Arbitraries.oneOf(
                texts().map(t -> new String[] {GeneratedWorkflow.doubleQuoted(t), t}),
                Arbitraries.of(
                        new String[] {"42", "42"},
                        new String[] {"1.50", "1.50"},
                        new String[] {"true", "true"},
                        new String[] {"0x1F", "0x1F"},
                        new String[] {"yes", "yes"},
                        new String[] {"~", ""},
                        new String[] {"null", ""},
                        new String[] {"", ""},
                        new String[] {"plain text", "plain text"},
                        new String[] {"'single ''quoted'''", "single 'quoted'"},
                        new String[] {"2024-01-31", "2024-01-31"}));
        return Combinators.combine(name, value)
                .as((n, v) -> new GeneratedWorkflow.Var(n, v[0], v[1]))
                .list()
                .ofMaxSize(3)
                .uniqueElements(GeneratedWorkflow.Var::name);
    }

    private Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.of("", " ", "hello", "yes", "no", "42", "~", "null", "true", "- x", "a: b", "#c", "x #y",
                        "{{env:A}}", "{{env:A}}-{{env:B_2}}", "echo \"a b\" 'c d'", "ls | wc -l > /tmp/x && echo $HOME",
                        "  leading", "trailing  ", "tab\there", "multi\nline\n", "[not, a, list]", "{not: map}",
                        "&anchor", "*alias", "!tag", "%percent", "@at", "`tick`", "é€😀", "\u0085\u2028\u2029",
                        "\u0001ctrl"),
                // A NUL is an error in every text (no shell word and no environment variable holds one).
                Arbitraries.strings().ofMaxLength(30).filter(WorkflowParserPropertiesTest::noLoneSurrogates)
                        .filter(t -> t.indexOf('\0') < 0),
                Arbitraries.strings().withCharRange('a', 'z').withChars(' ', '-', '.', '/', '=').ofMinLength(1)
                        .ofMaxLength(20));
    }

    private static boolean noLoneSurrogates(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** A change that typically breaks a workflow: the kinds of mistakes people and tools make. */
    record Mutation(int kind, int a, int b, String noise) {
        String apply(String text) {
            List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
            int n = lines.size();
            int line = Math.floorMod(a, n);
            switch (kind) {
                case 0 -> { // a key typo
                    Matcher m = KNOWN_KEY.matcher(text);
                    List<int[]> hits = new ArrayList<>();
                    while (m.find()) {
                        hits.add(new int[] {m.start(), m.end()});
                    }
                    if (hits.isEmpty()) {
                        return text;
                    }
                    int[] hit = hits.get(Math.floorMod(a, hits.size()));
                    return text.substring(0, hit[0]) + TYPOS.get(Math.floorMod(b, TYPOS.size())) + text.substring(hit[1]);
                }
                case 1 -> lines.remove(line);
                case 2 -> lines.add(line, lines.get(line));
                case 3 -> Collections.swap(lines, line, Math.floorMod(b, n));
                case 4 -> { // a value of another type
                    String l = lines.get(line);
                    int colon = l.indexOf(": ");
                    int dash = l.indexOf("- ");
                    int at = colon >= 0 ? colon + 2 : dash >= 0 ? dash + 2 : l.length();
                    lines.set(line, l.substring(0, at) + VALUES.get(Math.floorMod(b, VALUES.size())));
                }
                case 5 -> { // indentation
                    String l = lines.get(line);
                    int shift = Math.floorMod(b, 7) - 3;
                    lines.set(line, shift >= 0 ? " ".repeat(shift) + l : l.substring(Math.min(-shift, leading(l))));
                }
                case 6 -> lines.set(line, "\t" + lines.get(line).substring(Math.min(2, leading(lines.get(line)))));
                case 7 -> {
                    int at = Math.floorMod(a, text.length() + 1);
                    return text.substring(0, at) + noise + text.substring(at);
                }
                case 8 -> {
                    return text.substring(0, Math.floorMod(a, text.length() + 1));
                }
                case 9 -> { // an anchor here, an alias there (maybe before it, maybe of a list in a string's place)
                    String l = lines.get(line);
                    int colon = l.indexOf(": ");
                    if (colon >= 0) {
                        lines.set(line, l.substring(0, colon + 2) + "&x " + l.substring(colon + 2));
                    }
                    int other = Math.floorMod(b, n);
                    String o = lines.get(other);
                    int oc = o.indexOf(": ");
                    lines.set(other, oc >= 0 ? o.substring(0, oc + 2) + "*x" : o + " *x");
                }
                default -> {
                    if (text.isEmpty()) {
                        return noise;
                    }
                    int at = Math.floorMod(a, text.length());
                    return text.substring(0, at) + (noise.isEmpty() ? "" : noise.substring(0, 1)) + text.substring(at + 1);
                }
            }
            return String.join("\n", lines);
        }

        private static int leading(String l) {
            int i = 0;
            while (i < l.length() && l.charAt(i) == ' ') {
                i++;
            }
            return i;
        }
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<String> noise = Arbitraries.strings().withChars(NOISE_CHARS.toCharArray()).ofMaxLength(6);
        return Combinators.combine(Arbitraries.integers().between(0, 10), Arbitraries.integers(), Arbitraries.integers(),
                        noise)
                .as(Mutation::new)
                .list()
                .ofMinSize(1)
                .ofMaxSize(4);
    }

    @Provide
    Arbitrary<String> noise() {
        List<String> tokens = List.of("version", "task", "environment", "sequential", "print", "execute", "node", ":",
                ": ", "-", "- ", " ", "  ", "\n", "\n  ", "\n    ", "[", "]", "{", "}", ",", "0.1", "&a ", "*a", "<<",
                "\"", "'", "#", "|", ">", "!!str ", "!!map ", "---\n", "...\n", "%YAML 1.1\n", "? ", "~", "42", "x",
                "\"{{env:A}}\"", "\t", "\r\n", "\u0000", "\ufeff", "é");
        Arbitrary<String> soup = Arbitraries.of(tokens).list().ofMaxSize(80).map(l -> String.join("", l));
        Arbitrary<String> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(300)
                .map(b -> new String(b, StandardCharsets.UTF_8));
        Arbitrary<String> latin1 = Arbitraries.bytes().array(byte[].class).ofMaxSize(300)
                .map(b -> new String(b, StandardCharsets.ISO_8859_1));
        Arbitrary<String> anything = Arbitraries.strings().ofMaxLength(200);
        return Arbitraries.oneOf(soup, soup, bytes, latin1, anything);
    }
}
