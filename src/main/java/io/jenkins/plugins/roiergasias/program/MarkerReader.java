package io.jenkins.plugins.roiergasias.program;

import edu.umd.cs.findbugs.annotations.CheckForNull;

/**
 * Turns the raw output of a generated program into clean workflow output plus step events.
 * Fed one raw line at a time; keeps no more than the current line, so memory is bounded by the
 * caller's line limit.
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

    public MarkerReader(Events events) {
        throw new UnsupportedOperationException("not written yet");
    }

    /** For a resumed log whose program header was already read: {@code nonce} from a checkpoint. */
    public MarkerReader(Events events, String nonce) {
        throw new UnsupportedOperationException("not written yet");
    }

    /**
     * One raw line of program output.
     *
     * @param text the line without its line end
     * @param newline whether a line end followed (false only for a last, unterminated line, or a
     *     piece of an over-long line that the caller split)
     */
    public void line(String text, boolean newline) {
        throw new UnsupportedOperationException("not written yet");
    }

    /** The program's secret marker nonce, once its header line was read; null before. */
    @CheckForNull
    public String nonce() {
        throw new UnsupportedOperationException("not written yet");
    }
}
