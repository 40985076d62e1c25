package io.jenkins.plugins.roiergasias.program;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the raw output of a generated program into clean workflow output plus step events.
 *
 * <p>The program's first line is a header {@code ::roiergasias:NONCE:H:SEGMENT} with a nonce drawn
 * at run time; every marker after it is {@code ::roiergasias:NONCE:S:STEP} (step started),
 * {@code ::roiergasias:NONCE:E:STEP:EXIT} (step ended), {@code ::roiergasias:NONCE:D:STEP} (a step
 * that takes no time, print or environment, done with exit code 0) or
 * {@code ::roiergasias:NONCE:W:STEP:TEXT} (why a command could not start). A marker may follow output that had no line
 * end: that text is delivered as output with {@code newline == false}, so the byte stream can be
 * rebuilt exactly. Lines that look like markers but carry another nonce are user output: the
 * workflow's commands never see the nonce, so they cannot forge a result.
 *
 * <p>Fed one raw line at a time; keeps nothing between lines, so memory is bounded by the caller's
 * line limit.
 */
public final class MarkerReader {
    /** Receives what the reader finds. */
    public interface Events {
        /** Workflow output; {@code newline} false when the text continues on the next output. */
        void output(String text, boolean newline);

        /** @param step the workflow-wide step index */
        void stepStarted(int step);

        /** @param step the workflow-wide step index */
        void stepFinished(int step, int exitCode);

        /** Why a step's command could not start, e.g. a missing program (reference command mode). */
        default void stepMessage(int step, String message) {}
    }

    static final String PREFIX = "::roiergasias:";
    private static final Pattern HEADER = Pattern.compile("::roiergasias:([0-9a-f]{8,64}):H:\\d+");

    private final Events events;
    @CheckForNull
    private String marker;

    public MarkerReader(Events events) {
        this.events = events;
    }

    /** For a resumed log whose program header was already read: {@code nonce} from a checkpoint. */
    public MarkerReader(Events events, String nonce) {
        this.events = events;
        this.marker = PREFIX + nonce + ":";
    }

    /**
     * One raw line of program output.
     *
     * @param text the line without its line end
     * @param newline whether a line end followed (false only for a last, unterminated line, or a
     *     piece of an over-long line that the caller split)
     */
    public void line(String text, boolean newline) {
        if (marker == null) {
            Matcher h = HEADER.matcher(text);
            if (newline && h.matches()) {
                marker = PREFIX + h.group(1) + ":";
                return;
            }
            events.output(text, newline);
            return;
        }
        int at = text.indexOf(marker);
        if (at < 0 || !newline) {
            events.output(text, newline);
            return;
        }
        int p = at + marker.length();
        if (p + 2 >= text.length() || text.charAt(p + 1) != ':') {
            events.output(text, newline);
            return;
        }
        char kind = text.charAt(p);
        if (kind == 'W') {
            int colon = text.indexOf(':', p + 2);
            int step = colon < 0 ? -1 : number(text, p + 2, colon, 9);
            if (step >= 0) {
                if (at > 0) {
                    events.output(text.substring(0, at), false);
                }
                events.stepMessage(step, OutputText.readable(text.substring(colon + 1)));
                return;
            }
        }
        int colon = kind == 'E' ? text.indexOf(':', p + 2) : -1;
        int step = number(text, p + 2, colon < 0 ? text.length() : colon, 9);
        int exit = colon < 0 ? 0 : number(text, colon + 1, text.length(), 3);
        boolean valid = step >= 0 && exit >= 0 && (kind == 'E' ? colon > 0 : kind == 'S' || kind == 'D');
        if (!valid) {
            events.output(text, newline);
            return;
        }
        if (at > 0) {
            events.output(text.substring(0, at), false);
        }
        if (kind != 'E') {
            events.stepStarted(step);
        }
        if (kind != 'S') {
            events.stepFinished(step, exit);
        }
    }

    /** The decimal number text[from, to) of at most {@code digits} digits, or -1. */
    private static int number(String text, int from, int to, int digits) {
        if (to <= from || to - from > digits) {
            return -1;
        }
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** The program's secret marker nonce, once its header line was read; null before. */
    @CheckForNull
    public String nonce() {
        return marker == null ? null : marker.substring(PREFIX.length(), marker.length() - 1);
    }
}
