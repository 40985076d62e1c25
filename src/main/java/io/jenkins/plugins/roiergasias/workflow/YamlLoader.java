package io.jenkins.plugins.roiergasias.workflow;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.comments.CommentLine;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Turns the text of a workflow file into the node tree of its first YAML document, keeping the
 * line and column of every value, or into the one diagnostic that explains why it cannot.
 */
final class YamlLoader {
    /** Deeper than any workflow needs (7 levels), low enough to keep snakeyaml's recursion safe. */
    static final int MAX_NESTING_DEPTH = 100;
    /**
     * Aliases of lists and mappings one document may use. Composing does not expand aliases, so
     * this only stops absurd documents; {@link Problems} bounds what walking them may expand to.
     */
    static final int MAX_COLLECTION_ALIASES = 1_000_000;
    /** Forbidden characters reported one by one; a binary file would have thousands. */
    static final int MAX_CHARACTER_ERRORS = 10;
    /** How snakeyaml names the digits of an escape {@code \\UXXXXXXXX} beyond Unicode. */
    private static final Pattern BEYOND_UNICODE =
            Pattern.compile("^(?:For input string: \"|found unknown escape character )([0-9A-Fa-f]{8})(?:\"|$| )");

    private final Problems problems;
    @CheckForNull
    private final Consumer<MappingNode> taskComposed;
    private boolean duplicateKeys;
    /** What the composed nodes cost in {@link Problems}' budget, each counted once (aliases not). */
    private long ownBytes;

    YamlLoader(Problems problems) {
        this(problems, null);
    }

    /**
     * @param taskComposed called with each task (a mapping item of the top-level {@code task}
     *     list) as soon as it is composed, while its nodes are still in the CPU caches, when it
     *     contains no alias (so that it is complete: an alias may point to a list still being
     *     composed)
     */
    YamlLoader(Problems problems, @CheckForNull Consumer<MappingNode> taskComposed) {
        this.problems = problems;
        this.taskComposed = taskComposed;
    }

    /**
     * Whether some mapping of the document defines a key twice. Checked while each mapping is
     * composed, when its keys are still in the CPU caches, so that {@link DuplicateKeys} (which
     * finds the paths to report) walks the whole tree again only for documents that have some.
     */
    boolean hasDuplicateKeys() {
        return duplicateKeys;
    }

    /**
     * The bytes the document holds as written: the UTF-8 text of every scalar plus
     * {@link Problems#ELEMENT_BYTES} per list, mapping and scalar, each counted once however many
     * aliases refer to it. Reading the document without aliases never spends more than this.
     */
    long ownBytes() {
        return ownBytes;
    }

    /** The root node of the first document, or {@code null} after reporting why there is none. */
    @CheckForNull
    Node load(String text) {
        if (!checkCharacters(text)) {
            return null;
        }
        StreamReader reader = new TextReader(text);
        try {
            LoaderOptions options = options();
            CountingParser parser = new CountingParser(new ParserImpl(reader, options));
            Composer composer = new CheckingComposer(parser, options);
            // Only the first document counts, as in the reference; later ones are not even read.
            if (!composer.checkNode()) {
                problems.error(
                        Problems.START,
                        "",
                        "the file has no content: expected a workflow starting with `version: 0.1` and a `task` list");
                return null;
            }
            return composer.getNode();
        } catch (MarkedYAMLException e) {
            String beyond = beyondUnicode(e.getProblem());
            if (beyond != null) {
                problems.error(escapeAt(position(e.getProblemMark())), "", beyond);
            } else {
                problems.error(position(e.getProblemMark()), "", syntaxMessage(e));
            }
        } catch (ReaderException e) {
            problems.error(where(reader), "", "YAML cannot read this character: " + e);
        } catch (YAMLException e) {
            limitExceeded(text, e);
        } catch (RuntimeException e) {
            String beyond = e instanceof NumberFormatException ? beyondUnicode(e.getMessage()) : null;
            if (beyond != null) {
                problems.error(escapeAt(where(reader)), "", beyond);
                return null;
            }
            // snakeyaml has a few unchecked failures of its own, e.g. NumberFormatException for
            // a unicode escape cut short by the end of the file.
            String what = e instanceof NumberFormatException
                    ? "an escape sequence (\\x, \\u or \\U) without its hexadecimal digits in a double-quoted string"
                    : "text that cannot be read here (" + e.getClass().getSimpleName() + ")";
            problems.error(where(reader), "", "YAML syntax error: " + what);
        }
        return null;
    }

    private static Parser parser(String text) {
        return new ParserImpl(new TextReader(text), options());
    }

    private static LoaderOptions options() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // reported by DuplicateKeys, with both positions
        options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
        options.setNestingDepthLimit(MAX_NESTING_DEPTH);
        // The text is already in memory, no larger than WorkflowText's limit, and read in linear
        // time by TextReader.
        options.setCodePointLimit(Integer.MAX_VALUE);
        options.setProcessComments(false);
        options.setAllowRecursiveKeys(false);
        return options;
    }

    /** The parser's events, counting the aliases. */
    private static final class CountingParser implements Parser {
        private final Parser parser;
        private int aliases;

        CountingParser(Parser parser) {
            this.parser = parser;
        }

        @Override
        public boolean checkEvent(Event.ID choice) {
            return parser.checkEvent(choice);
        }

        @Override
        public Event peekEvent() {
            return parser.peekEvent();
        }

        @Override
        public Event getEvent() {
            Event event = parser.getEvent();
            if (event instanceof AliasEvent) {
                aliases++;
            }
            return event;
        }
    }

    /**
     * A composer that notes, as it completes each mapping, whether the mapping repeats a key, and
     * hands each complete task to {@link #taskComposed}.
     */
    private final class CheckingComposer extends Composer {
        private final CountingParser events;
        /** Lists and mappings being composed: 1 in the top-level mapping. */
        private int depth;
        /** The key just composed in the top-level mapping is {@code task}. */
        private boolean taskKey;
        /** Composing the value of a top-level {@code task}. */
        private boolean taskValue;
        /** Composing the items of a top-level {@code task} list. */
        private boolean taskList;

        CheckingComposer(CountingParser parser, LoaderOptions options) {
            super(parser, new PlainResolver(), options);
            this.events = parser;
        }

        @Override
        protected Node composeKeyNode(MappingNode node) {
            Node key = super.composeKeyNode(node);
            if (depth == 1) {
                taskKey = key instanceof ScalarNode s && "task".equals(Scalars.text(s));
            }
            return key;
        }

        @Override
        protected Node composeValueNode(MappingNode node) {
            boolean top = depth == 1;
            taskValue = top && taskKey && taskComposed != null;
            try {
                return super.composeValueNode(node);
            } finally {
                if (top) {
                    taskValue = false;
                }
            }
        }

        @Override
        protected Node composeScalarNode(String anchor, List<CommentLine> blockComments) {
            Node node = super.composeScalarNode(anchor, blockComments);
            String value = ((ScalarNode) node).getValue();
            ownBytes += Problems.ELEMENT_BYTES + WorkflowText.utf8Length(value);
            int half = loneSurrogate(value);
            if (half >= 0) {
                problems.error(position(node.getStartMark()), "", String.format(Locale.ROOT, "the escape \\u%04X in a"
                        + " double-quoted string is half of a UTF-16 surrogate pair and names no character; write the"
                        + " character itself, or one escape \\U0001F600 for a character beyond U+FFFF", (int) value.charAt(half)));
            }
            return node;
        }

        @Override
        protected Node composeSequenceNode(String anchor) {
            ownBytes += Problems.ELEMENT_BYTES;
            depth++;
            boolean tasks = taskValue && depth == 2;
            taskList |= tasks;
            try {
                return super.composeSequenceNode(anchor);
            } finally {
                depth--;
                if (tasks) {
                    taskList = false;
                }
            }
        }

        @Override
        protected Node composeMappingNode(String anchor) {
            ownBytes += Problems.ELEMENT_BYTES;
            depth++;
            boolean task = taskList && depth == 3;
            int aliases = events.aliases;
            Node node;
            try {
                node = super.composeMappingNode(anchor);
            } finally {
                depth--;
            }
            if (node instanceof MappingNode map) {
                if (!duplicateKeys) {
                    duplicateKeys = DuplicateKeys.repeatsKey(map.getValue());
                }
                if (task && events.aliases == aliases) {
                    taskComposed.accept(map);
                }
            }
            return node;
        }
    }

    /**
     * Leaves every plain scalar tagged {@link Scalars#PLAIN} (quoted ones are strings), so that
     * {@link Scalars} can apply the reference's rules instead of YAML 1.1's.
     */
    private static final class PlainResolver extends Resolver {
        @Override
        protected void addImplicitResolvers() {}

        @Override
        public Tag resolve(NodeId kind, String value, boolean implicit) {
            if (kind == NodeId.scalar) {
                return implicit ? Scalars.PLAIN : Tag.STR;
            }
            return super.resolve(kind, value, implicit);
        }
    }

    /**
     * Reports every character YAML forbids (snakeyaml would stop at the first): control characters
     * other than tab and line breaks, unpaired surrogates, U+FFFE and U+FFFF. Lines and columns are
     * counted as snakeyaml counts them: code points, with LF, CR, CRLF, NEL, LS and PS as line breaks.
     */
    private boolean checkCharacters(String text) {
        int bad = 0;
        Position replacement = null;
        Position last = Problems.START;
        int line = 1;
        int column = 1;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (!StreamReader.isPrintable(c)) {
                if (bad < MAX_CHARACTER_ERRORS) {
                    problems.error(new Position(line, column), "", "the file contains " + characterName(c)
                            + ", which YAML does not allow; remove it" + escapeHint(c));
                }
                last = new Position(line, column);
                bad++;
            } else if (c == 0xFFFD && replacement == null) {
                replacement = new Position(line, column);
            }
            if (c == '\n' || c == 0x85 || c == 0x2028 || c == 0x2029 || (c == '\r' && !text.startsWith("\n", i))) {
                line++;
                column = 1;
            } else if (c != 0xFEFF) {
                column++;
            }
        }
        if (bad > MAX_CHARACTER_ERRORS) {
            problems.error(last, "", (bad - MAX_CHARACTER_ERRORS) + " more characters that YAML does not allow, the last"
                    + " one here (is this a binary file?)");
        }
        if (replacement != null && bad == 0) {
            problems.warning(replacement, "", "the file contains U+FFFD (the replacement character): it was probably"
                    + " not valid UTF-8, and the characters it replaces are lost");
        }
        return bad == 0;
    }

    /**
     * The index of the first surrogate that is not part of a pair, or -1. The file is strict UTF-8,
     * so only an escape ({@code \\uD800}) can give one.
     */
    static int loneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    private static String escapeHint(int c) {
        if (c >= 0xD800 && c <= 0xDFFF) {
            return "";
        }
        String escape = c <= 0xFF ? String.format("\\x%02X", c) : String.format("\\u%04X", c);
        return ", or write it as the escape " + escape + " inside a double-quoted string";
    }

    private static String characterName(int c) {
        String code = String.format("U+%04X", c);
        if (c >= 0xD800 && c <= 0xDFFF) {
            return code + " (an unpaired UTF-16 surrogate: the file is probably not valid UTF-8)";
        }
        if (c == 0) {
            return code + " (a NUL byte: is this a binary file?)";
        }
        if (c < 0x20 || (c >= 0x7F && c < 0xA0)) {
            return code + " (a control character)";
        }
        return code + " (a non-character)";
    }

    /**
     * The message for an escape {@code \\UXXXXXXXX} beyond U+10FFFF, from what snakeyaml says about
     * it: above 7FFFFFFF its {@code Integer.parseInt} fails, below it {@code Character.toChars}.
     */
    @CheckForNull
    private static String beyondUnicode(@CheckForNull String problem) {
        Matcher m = BEYOND_UNICODE.matcher(problem == null ? "" : problem);
        if (!m.find()) {
            return null;
        }
        return "YAML syntax error: the escape \\U" + m.group(1) + " in a double-quoted string names no Unicode character"
                + " (the largest is \\U0010FFFF)";
    }

    /** snakeyaml reports an escape at its first hexadecimal digit; the escape starts 2 columns earlier. */
    private static Position escapeAt(Position digits) {
        return digits.column() > 2 ? new Position(digits.line(), digits.column() - 2) : digits;
    }

    private static String syntaxMessage(MarkedYAMLException e) {
        String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem().strip();
        StringBuilder message = new StringBuilder("YAML syntax error: ").append(problem);
        if (e.getContext() != null
                && e.getContextMark() != null
                && !position(e.getContextMark()).equals(position(e.getProblemMark()))) {
            Position where = position(e.getContextMark());
            message.append(" (").append(e.getContext().strip()).append(" started at line ").append(where.line())
                    .append(", column ").append(where.column()).append(')');
        }
        if (problem.contains("\\t(TAB)") || problem.contains("'\t'")) {
            message.append("; indent with spaces, not tabs");
        } else if (problem.startsWith("mapping values are not allowed")) {
            message.append("; quote a value that contains \": \", or check the indentation of this line");
        }
        // snakeyaml quotes the text it found, line breaks included: a diagnostic is one line.
        return message.toString().replaceAll("\r\n|[\n\r\u0085\u2028\u2029]", " ");
    }

    /**
     * snakeyaml reports its nesting and alias limits without a position; find where they are
     * exceeded by replaying the events of the first document.
     */
    private void limitExceeded(String text, YAMLException e) {
        Position where = Problems.START;
        String message = "the YAML is too complex to read: " + String.valueOf(e.getMessage()).strip();
        try {
            int depth = 0;
            int aliases = 0;
            Set<String> collectionAnchors = new HashSet<>();
            Parser parser = parser(text);
            while (!parser.checkEvent(Event.ID.StreamEnd)) {
                Event event = parser.getEvent();
                if (event instanceof CollectionStartEvent start) {
                    depth++;
                    if (start.getAnchor() != null) {
                        collectionAnchors.add(start.getAnchor());
                    }
                    if (depth > MAX_NESTING_DEPTH) {
                        where = position(start.getStartMark());
                        message = "lists and mappings are nested more than " + MAX_NESTING_DEPTH
                                + " levels deep; a workflow needs about 7";
                        break;
                    }
                } else if (event.is(Event.ID.MappingEnd) || event.is(Event.ID.SequenceEnd)) {
                    depth--;
                } else if (event instanceof AliasEvent alias && collectionAnchors.contains(alias.getAnchor())) {
                    aliases++;
                    if (aliases > MAX_COLLECTION_ALIASES) {
                        where = position(alias.getStartMark());
                        message = "more than " + MAX_COLLECTION_ALIASES + " aliases of lists or mappings";
                        break;
                    }
                } else if (event.is(Event.ID.DocumentEnd)) {
                    break;
                }
            }
        } catch (YAMLException | StackOverflowError again) {
            // keep the position we have
        }
        problems.error(where, "", message);
    }

    /** Where the reader stopped, for failures that carry no position. */
    private static Position where(StreamReader reader) {
        try {
            return position(reader.getMark());
        } catch (RuntimeException e) {
            return Problems.START;
        }
    }

    static Position position(@CheckForNull Mark mark) {
        return mark == null ? Problems.START : new Position(mark.getLine() + 1, mark.getColumn() + 1);
    }
}
