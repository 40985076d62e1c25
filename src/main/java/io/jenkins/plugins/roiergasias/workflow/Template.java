package io.jenkins.plugins.roiergasias.workflow;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The {@code {{env:NAME}}} templates of print items, execute commands and environment values.
 * NAME is one or more of {@code A-Z a-z 0-9 - _}; any other spelling stays literal. Resolution is
 * a single pass: a substituted value is never expanded again.
 */
public final class Template {
    /** A piece of a template string: literal text or a reference to a variable. */
    public sealed interface Part permits Literal, Ref {}

    public record Literal(String text) implements Part {}

    public record Ref(String name) implements Part {}

    private Template() {}

    /** Splits a string into literals and references, in order; adjacent literals are joined. */
    public static List<Part> parse(String text) {
        List<Part> parts = new ArrayList<>(2);
        int last = 0;
        int from = 0;
        int open;
        // The same as matching {{env:([A-Za-z0-9_-]+)}}, without a regex: this runs for every
        // item of every step when programs are generated.
        while ((open = text.indexOf("{{env:", from)) >= 0) {
            int i = open + 6;
            while (i < text.length() && nameChar(text.charAt(i))) {
                i++;
            }
            if (i > open + 6 && text.startsWith("}}", i)) {
                if (open > last) {
                    parts.add(new Literal(text.substring(last, open)));
                }
                parts.add(new Ref(text.substring(open + 6, i)));
                last = i + 2;
                from = last;
            } else {
                from = open + 1;
            }
        }
        if (last < text.length()) {
            parts.add(new Literal(text.substring(last)));
        }
        return parts;
    }

    private static boolean nameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    /** Whether the string contains at least one template. */
    public static boolean hasTemplates(String text) {
        return text.contains("{{env:") && parse(text).stream().anyMatch(p -> p instanceof Ref);
    }

    /** The names referenced by a string, in order of first use. */
    public static Set<String> names(String text) {
        Set<String> names = new LinkedHashSet<>();
        if (text.contains("{{env:")) {
            for (Part part : parse(text)) {
                if (part instanceof Ref r) {
                    names.add(r.name());
                }
            }
        }
        return names;
    }

    /**
     * Resolves every template of {@code text} in one pass. {@code lookup} returns the value of a
     * name or {@code null} when it is undefined, which resolves to the empty string.
     */
    public static String resolve(String text, UnaryOperator<String> lookup) {
        if (!text.contains("{{env:")) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (Part part : parse(text)) {
            if (part instanceof Literal l) {
                out.append(l.text());
            } else {
                String value = lookup.apply(((Ref) part).name());
                out.append(value == null ? "" : value);
            }
        }
        return out.toString();
    }
}
