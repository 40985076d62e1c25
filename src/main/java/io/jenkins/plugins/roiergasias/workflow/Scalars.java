package io.jenkins.plugins.roiergasias.workflow;

import java.math.BigInteger;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * What a YAML value is, decided the way the reference engine's YAML library (go-yaml v3) decides
 * it, not the way snakeyaml's YAML 1.1 resolver would: {@code yes}, {@code on} and dates are
 * strings, {@code 42}, {@code 0x1F}, {@code 1_000} and {@code .5} are numbers, {@code true},
 * {@code False} are booleans, {@code ~}, {@code null} and nothing at all are null. Quoted and block
 * scalars are always strings.
 */
final class Scalars {
    /** The tag {@link YamlLoader}'s resolver gives to every plain scalar without an explicit tag. */
    static final Tag PLAIN = new Tag("tag:roiergasias.jenkins.io,2025:plain");

    /** The kinds of scalar that matter to the format. */
    enum Kind {
        STRING,
        NUMBER,
        BOOLEAN,
        NULL
    }

    private static final Set<String> TRUE = Set.of("true", "True", "TRUE");
    private static final Set<String> FALSE = Set.of("false", "False", "FALSE");
    private static final Set<String> NULLS = Set.of("", "~", "null", "Null", "NULL");
    private static final Set<String> SPECIAL_FLOATS =
            Set.of(".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF");
    // go-yaml v3's yamlStyleFloat, applied after removing underscores.
    private static final Pattern DECIMAL_FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    private static final Pattern DOT_FLOAT = Pattern.compile("\\.[0-9]+([eE][-+]?[0-9]+)?");
    private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private Scalars() {}

    static Kind kind(ScalarNode node) {
        Tag tag = node.getTag();
        if (PLAIN.equals(tag)) {
            return resolvePlain(node.getValue());
        }
        if (Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) {
            return Kind.NUMBER;
        }
        if (Tag.BOOL.equals(tag)) {
            return Kind.BOOLEAN;
        }
        if (Tag.NULL.equals(tag)) {
            return Kind.NULL;
        }
        return Kind.STRING;
    }

    static boolean isString(Node node) {
        return node instanceof ScalarNode s && kind(s) == Kind.STRING;
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode s && kind(s) == Kind.NULL;
    }

    /** A null written as nothing at all ({@code key:} followed by the end of the line). */
    static boolean isEmptyNull(Node node) {
        return node instanceof ScalarNode s && kind(s) == Kind.NULL && s.getValue().isEmpty();
    }

    /**
     * The text of a scalar as a string-typed field of the reference receives it: the scalar as
     * written for numbers and booleans ({@code 0x1F} stays {@code "0x1F"}), empty for null.
     */
    static String text(ScalarNode node) {
        return kind(node) == Kind.NULL ? "" : node.getValue();
    }

    /** The kind of a plain scalar, following go-yaml v3's {@code resolve}. */
    static Kind resolvePlain(String in) {
        if (in.isEmpty()) {
            return Kind.NULL;
        }
        char first = in.charAt(0);
        boolean digitOrSign = (first >= '0' && first <= '9') || first == '+' || first == '-';
        boolean inMap = "yYnNtTfFoO~".indexOf(first) >= 0;
        if (!digitOrSign && !inMap && first != '.') {
            return Kind.STRING;
        }
        if (TRUE.contains(in) || FALSE.contains(in)) {
            return Kind.BOOLEAN;
        }
        if (NULLS.contains(in)) {
            return Kind.NULL;
        }
        if (SPECIAL_FLOATS.contains(in)) {
            return Kind.NUMBER;
        }
        if (first == '.') {
            return DOT_FLOAT.matcher(in).matches() && finite(in) ? Kind.NUMBER : Kind.STRING;
        }
        if (!digitOrSign) {
            return Kind.STRING;
        }
        String plain = in.replace("_", "");
        if (isGoInteger(plain)) {
            return Kind.NUMBER;
        }
        if (DECIMAL_FLOAT.matcher(plain).matches() && finite(plain)) {
            return Kind.NUMBER;
        }
        return Kind.STRING;
    }

    private static boolean finite(String s) {
        try {
            return Double.isFinite(Double.parseDouble(s));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Whether Go's {@code strconv.ParseInt(s, 0, 64)} or {@code ParseUint(s, 0, 64)} accepts the
     * text: an optional sign, then decimal, {@code 0x} hex, {@code 0o}/{@code 0} octal or {@code 0b}
     * binary digits, within 64 bits. go-yaml also tries {@code 0b}/{@code 0o} after a sign.
     */
    static boolean isGoInteger(String s) {
        if (s.length() > 80) {
            return false;
        }
        int i = 0;
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        String body = s.substring(i);
        int radix = 10;
        if (body.length() > 1 && body.charAt(0) == '0') {
            char p = Character.toLowerCase(body.charAt(1));
            if (p == 'x') {
                radix = 16;
                body = body.substring(2);
            } else if (p == 'o') {
                radix = 8;
                body = body.substring(2);
            } else if (p == 'b') {
                radix = 2;
                body = body.substring(2);
            } else {
                radix = 8;
                body = body.substring(1);
            }
        }
        if (body.isEmpty()) {
            return false;
        }
        for (int k = 0; k < body.length(); k++) {
            if (Character.digit(body.charAt(k), radix) < 0 || body.charAt(k) > 'z') {
                return false;
            }
        }
        BigInteger value = new BigInteger(body, radix);
        if (negative) {
            value = value.negate();
        }
        return value.compareTo(INT64_MIN) >= 0 && value.compareTo(UINT64_MAX) <= 0;
    }

    /** What a node is, for "found ..." in messages: {@code a number (42)}, {@code a list}, ... */
    static String describe(Node node) {
        if (node instanceof MappingNode m) {
            return m.getValue().isEmpty() ? "an empty mapping {}" : "a mapping";
        }
        if (node instanceof SequenceNode s) {
            return s.getValue().isEmpty() ? "an empty list []" : "a list";
        }
        ScalarNode s = (ScalarNode) node;
        return switch (kind(s)) {
            case STRING -> "a string " + quote(s.getValue());
            case NUMBER -> "a number (" + excerpt(s.getValue()) + ")";
            case BOOLEAN -> "a boolean (" + s.getValue() + ")";
            case NULL -> s.getValue().isEmpty() ? "nothing" : "null (" + s.getValue() + ")";
        };
    }

    /** A key or name as messages show it: {@code `name`}, escaped and shortened. */
    static String code(String text) {
        return "`" + excerpt(text) + "`";
    }

    /** A double-quoted, escaped, shortened rendering of a text for messages. */
    static String quote(String text) {
        return "\"" + excerpt(text) + "\"";
    }

    /** The text escaped like a YAML double-quoted string and cut to about 40 characters. */
    static String excerpt(String text) {
        return excerpt(text, 40);
    }

    /** The text escaped like a YAML double-quoted string and cut to about {@code limit} characters. */
    static String excerpt(String text, int limit) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            if (out.length() >= limit) {
                out.append("...");
                break;
            }
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || Character.isSurrogate((char) c)) {
                        out.append(String.format("\\u%04X", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
