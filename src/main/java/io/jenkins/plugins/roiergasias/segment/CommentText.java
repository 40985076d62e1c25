package io.jenkins.plugins.roiergasias.segment;

/**
 * Text written into a comment line of a generated file (a YAML document, a shell program). A line
 * break would end the comment and make the rest YAML structure or shell code, so every character
 * that a YAML 1.1 or 1.2 reader or a shell could take for a line break, and every other control
 * character, is written as a {@code \\uXXXX} escape (a backslash as {@code \\\\}).
 */
public final class CommentText {
    private CommentText() {}

    /** The text, safe as the rest of one comment line. */
    public static String line(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean escape = c == '\\' || Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                    || Character.isSurrogate(c) && !pairedSurrogate(text, i);
            if (escape && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (c == '\\') {
                    out.append("\\\\");
                } else if (escape) {
                    out.append(String.format("\\u%04X", (int) c));
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    private static boolean pairedSurrogate(String text, int i) {
        char c = text.charAt(i);
        return Character.isHighSurrogate(c)
                ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }
}
