package io.jenkins.plugins.roiergasias.program;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The final status a program writes to its status file (the container's termination message), so
 * that step results survive a lost log. Text form: {@code roiergasias-status v1 exit=E completed=C
 * failed=F}, where F is a step index or {@code -}.
 *
 * @param exitCode the program's exit code: 0, the failing step's exit code, or 143/130/129 on a signal
 * @param completed how many of the segment's steps finished (ok or failed)
 * @param failedStep the workflow-wide index of the failed step, or null
 */
public record ProgramStatus(int exitCode, int completed, @CheckForNull Integer failedStep) {
    private static final Pattern FORM =
            Pattern.compile("roiergasias-status v1 exit=(\\d{1,3}) completed=(\\d{1,9}) failed=(\\d{1,9}|-)");

    /** Reads a status file's text; null when it is not one (empty, truncated, written by something else). */
    @CheckForNull
    public static ProgramStatus parse(@CheckForNull String text) {
        if (text == null) {
            return null;
        }
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            return null;
        }
        Integer failed = m.group(3).equals("-") ? null : Integer.valueOf(m.group(3));
        return new ProgramStatus(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), failed);
    }

    public String format() {
        return "roiergasias-status v1 exit=" + exitCode + " completed=" + completed + " failed="
                + (failedStep == null ? "-" : failedStep.toString());
    }
}
