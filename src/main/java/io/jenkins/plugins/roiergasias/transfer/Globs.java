package io.jenkins.plugins.roiergasias.transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Comma-separated Ant-style globs, as {@code archiveArtifacts} takes them: {@code src/**,
 * requirements.txt, data/*.csv}. {@code *} and {@code ?} stay within one path segment, {@code **}
 * spans any number of segments (also none), a pattern ending in {@code /} means everything below.
 * Paths are relative, with {@code /} between segments.
 */
public final class Globs {
    private final List<String> patterns;
    private final List<Pattern[]> compiled;

    private Globs(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
        this.compiled = new ArrayList<>();
        for (String p : patterns) {
            String[] parts = p.split("/");
            Pattern[] segs = new Pattern[parts.length];
            for (int i = 0; i < parts.length; i++) {
                segs[i] = parts[i].equals("**") ? null : Pattern.compile(regex(parts[i]));
            }
            compiled.add(segs);
        }
    }

    /**
     * @param text comma-separated globs; null or blank for none
     * @param what the setting's name, for messages ({@code inputs})
     * @throws IllegalArgumentException for an absolute pattern or one with {@code ..}
     */
    public static Globs parse(String text, String what) {
        List<String> out = new ArrayList<>();
        if (text != null) {
            for (String raw : text.split(",")) {
                String p = raw.trim().replace('\\', '/');
                if (p.isEmpty()) {
                    continue;
                }
                if (p.startsWith("/") || p.matches("^[A-Za-z]:/.*")) {
                    throw new IllegalArgumentException(what + ": \"" + p + "\" is absolute; globs are relative to the "
                            + (what.startsWith("input") || what.startsWith("exclude") ? "workspace" : "work directory"));
                }
                while (p.startsWith("./")) {
                    p = p.substring(2);
                }
                if (p.endsWith("/")) {
                    p = p + "**";
                }
                for (String seg : p.split("/")) {
                    if (seg.equals("..")) {
                        throw new IllegalArgumentException(what + ": \"" + raw.trim() + "\" leaves the directory (..)");
                    }
                }
                out.add(p.replaceAll("/+", "/"));
            }
        }
        return new Globs(out);
    }

    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    public List<String> patterns() {
        return patterns;
    }

    /** Whether any pattern matches the relative path. */
    public boolean matches(String path) {
        return matching(path) >= 0;
    }

    /** The index of the first pattern that matches, or -1. */
    public int matching(String path) {
        String[] segs = path.split("/");
        for (int i = 0; i < compiled.size(); i++) {
            if (match(compiled.get(i), 0, segs, 0)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean match(Pattern[] pat, int i, String[] path, int j) {
        if (i == pat.length) {
            return j == path.length;
        }
        if (pat[i] == null) {
            return match(pat, i + 1, path, j) || (j < path.length && match(pat, i, path, j + 1));
        }
        return j < path.length && pat[i].matcher(path[j]).matches() && match(pat, i + 1, path, j + 1);
    }

    private static String regex(String glob) {
        StringBuilder r = new StringBuilder();
        StringBuilder lit = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (lit.length() > 0) {
                    r.append(Pattern.quote(lit.toString()));
                    lit.setLength(0);
                }
                r.append(c == '*' ? "[^/]*" : "[^/]");
            } else {
                lit.append(c);
            }
        }
        if (lit.length() > 0) {
            r.append(Pattern.quote(lit.toString()));
        }
        return r.toString();
    }

    @Override
    public String toString() {
        return String.join(", ", patterns);
    }
}
