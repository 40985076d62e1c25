package io.jenkins.plugins.roiergasias.kubernetes;

import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.run.Abort;
import io.jenkins.plugins.roiergasias.run.RunListener;
import io.jenkins.plugins.roiergasias.segment.Segment;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs segments as Kubernetes Jobs, one after another, streaming their logs to a listener.
 * Blocking; the caller runs it on its own thread and stops it through {@link Abort}.
 */
public final class KubernetesRunner {
    /**
     * @param connection where and how to connect
     * @param options how segments become Jobs
     * @param listener receives output and progress
     * @param checkpoints receives the latest {@link Checkpoint} whenever it changes
     */
    public KubernetesRunner(
            ConnectionSettings connection, JobOptions options, RunListener listener, Consumer<Checkpoint> checkpoints) {
        throw new UnsupportedOperationException("not written yet");
    }

    /**
     * Runs all segments from the first.
     *
     * @param runId a DNS-1123 label of at most 20 characters, unique per run (see {@link RunIds})
     */
    public RunReport run(String runId, List<Segment> segments, Abort abort) {
        throw new UnsupportedOperationException("not written yet");
    }

    /**
     * Re-attaches to the run a checkpoint describes: its Job if it still exists (no second Job is
     * created), else it creates the checkpoint's segment again only if no Job of that segment ever
     * started; then it runs the remaining segments.
     *
     * @param earlier the report as it was when the checkpoint was taken
     */
    public RunReport resume(Checkpoint from, List<Segment> segments, RunReport earlier, Abort abort) {
        throw new UnsupportedOperationException("not written yet");
    }
}
