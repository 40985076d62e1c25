package io.jenkins.plugins.roiergasias.kubernetes;

import io.jenkins.plugins.roiergasias.kubernetes.connection.Cluster;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.JobOptions;
import io.jenkins.plugins.roiergasias.kubernetes.watch.Signal;
import io.jenkins.plugins.roiergasias.report.ReportBuilder;
import io.jenkins.plugins.roiergasias.run.Abort;
import io.jenkins.plugins.roiergasias.run.RunListener;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/** What every segment of a run shares. */
record RunContext(
        String runId,
        Cluster cluster,
        JobOptions options,
        RunListener listener,
        ReportBuilder report,
        Checkpoints checkpoints,
        Abort abort,
        Signal signal,
        ScheduledExecutorService timers,
        Tracer tracer,
        @edu.umd.cs.findbugs.annotations.CheckForNull SegmentFiles files) {
    /** How long a stream of an ended container may stay silent before it is closed and read once more. */
    static final Duration DRAIN_SILENCE = Duration.ofSeconds(Long.getLong("roiergasias.kubernetes.drainSilenceSeconds", 30));

    /** How long after the pod ended the log may take to be read to its end. */
    static final Duration DRAIN_LIMIT = Duration.ofSeconds(Long.getLong("roiergasias.kubernetes.drainLimitSeconds", 120));

    /** Extra time, beyond the grace period, that deleted objects get to disappear. */
    static final Duration DELETE_MARGIN = Duration.ofSeconds(Long.getLong("roiergasias.kubernetes.deleteMarginSeconds", 60));

    /** Moments of a segment's life, for benchmarks; no-op by default. */
    interface Tracer {
        Tracer NONE = new Tracer() {};

        /** The runner saw that the segment's pod (or Job) ended. */
        default void ended(int segment) {}
    }
}
