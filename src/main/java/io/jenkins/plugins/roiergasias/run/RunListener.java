package io.jenkins.plugins.roiergasias.run;

import io.jenkins.plugins.roiergasias.report.SegmentReport;
import io.jenkins.plugins.roiergasias.report.StepReport;
import io.jenkins.plugins.roiergasias.segment.Segment;

/**
 * What a runner tells its caller while a workflow runs: the CLI writes output to stdout and the
 * rest to stderr; the Jenkins step writes all of it to the build console. Called from the runner's
 * threads, one call at a time per run.
 */
public interface RunListener {
    /**
     * Workflow output (print lines, command output) with the markers stripped.
     *
     * @param text the text, without its line end
     * @param newline whether a line end followed; false for a line the program left open
     */
    void output(Segment segment, String text, boolean newline);

    /** A short line for people about progress: segment headers, Job created, pod scheduled, ... */
    default void progress(String message) {}

    default void segmentStarted(Segment segment) {}

    default void stepStarted(Segment segment, int step) {}

    default void stepFinished(Segment segment, StepReport step) {}

    default void segmentFinished(Segment segment, SegmentReport report) {}

    /**
     * A failed segment runs again (a retry): {@code failed} is the attempt that ended, as {@link
     * #segmentFinished} had it; {@link #segmentStarted} follows when attempt {@code next} starts.
     */
    default void segmentRetrying(Segment segment, SegmentReport failed, int next) {}
}
