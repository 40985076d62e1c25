package io.jenkins.plugins.roiergasias.program;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the raw output of a generated program into clean workflow output plus step events.
 *
 * <p>The program's first line is a header {@code ::roiergasias:NONCE:H:SEGMENT} with a nonce drawn
 * at run time; every marker after it is {@code ::roiergasias:NONCE:S:STEP} (step started),
 * {@code ::roiergasias:NONCE:E:STEP:EXIT} (step ended) or {@code ::roiergasias:NONCE:D:STEP} (a step
 * that takes no time, print or environment, done with exit code 0). A marker may follow output that had no line
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
    }

    static final String PREFIX = "::roiergasias:";
    private static final Pattern HEADER = Pattern.compile("::roiergasias:([0-9a-f]{8,64}):H:\\d+");
    private static final Pattern MARK = Pattern.compile("([SD]):(\\d{1,9})|E:(\\d{1,9}):(\\d{1,3})");

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
        Matcher m = MARK.matcher(text).region(at + marker.length(), text.length());
        if (!m.matches()) {
            events.output(text, newline);
            return;
        }
        if (at > 0) {
            events.output(text.substring(0, at), false);
        }
        if (m.group(1) == null) {
            events.stepFinished(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
        } else {
            int step = Integer.parseInt(m.group(2));
            events.stepStarted(step);
            if (m.group(1).equals("D")) {
                events.stepFinished(step, 0);
            }
        }
    }

    /** The program's secret marker nonce, once its header line was read; null before. */
    @CheckForNull
    public String nonce() {
        return marker == null ? null : marker.substring(PREFIX.length(), marker.length() - 1);
    }
}
