package io.jenkins.plugins.roiergasias.workflow;

import java.nio.charset.StandardCharsets;

/**
 * The largest text Linux passes to a program as one argument or one environment string
 * ({@code MAX_ARG_STRLEN}, 32 pages of 4 KiB, the terminating NUL included). A command is one
 * argument of {@code /bin/sh -c}, and every variable of a workflow is exported to its commands, so
 * a longer command, or a longer {@code NAME=value}, makes {@code execve} fail with {@code E2BIG}
 * ("Argument list too long", exit code 126).
 */
final class ArgumentLimit {
    static final int BYTES = 128 * 1024;

    private ArgumentLimit() {}

    /** Whether a text of this many UTF-16 characters may reach the limit (3 bytes at most per char). */
    static boolean mayExceed(long chars) {
        return chars * 3 + 1 >= BYTES;
    }

    static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The bytes of the text without its templates: what it holds at least once resolved. */
    static long literalUtf8(String text) {
        long n = 0;
        for (Template.Part part : Template.parse(text)) {
            if (part instanceof Template.Literal l) {
                n += utf8(l.text());
            }
        }
        return n;
    }
}
