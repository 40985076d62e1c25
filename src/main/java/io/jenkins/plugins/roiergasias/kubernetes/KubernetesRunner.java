package io.jenkins.plugins.roiergasias.kubernetes;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.roiergasias.kubernetes.connection.ApiErrors;
import io.jenkins.plugins.roiergasias.kubernetes.connection.Backoff;
import io.jenkins.plugins.roiergasias.kubernetes.connection.ClientFactory;
import io.jenkins.plugins.roiergasias.kubernetes.connection.Cluster;
import io.jenkins.plugins.roiergasias.kubernetes.connection.ClusterException;
import io.jenkins.plugins.roiergasias.kubernetes.connection.ConnectionSettings;
import io.jenkins.plugins.roiergasias.kubernetes.connection.PermissionCheck;
import io.jenkins.plugins.roiergasias.kubernetes.connection.Sleeper;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.JobOptions;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.Names;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.RunIds;
import io.jenkins.plugins.roiergasias.kubernetes.watch.Signal;
import io.jenkins.plugins.roiergasias.report.ReportBuilder;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.RunStatus;
import io.jenkins.plugins.roiergasias.report.SegmentReport;
import io.jenkins.plugins.roiergasias.report.SegmentStatus;
import io.jenkins.plugins.roiergasias.run.Abort;
import io.jenkins.plugins.roiergasias.run.RetryPolicy;
import io.jenkins.plugins.roiergasias.run.RunListener;
import io.jenkins.plugins.roiergasias.segment.Segment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs segments as Kubernetes Jobs, one after another, streaming their logs to a listener.
 * Blocking; the caller runs it on its own thread and stops it through {@link Abort}. Interrupting
 * that thread instead means "the caller is going away": the running Job is left alone, to be
 * re-attached to by {@link #resume}.
 */
public final class KubernetesRunner {
    private static final Logger LOGGER = Logger.getLogger(KubernetesRunner.class.getName());

    private final ClientFactory clients;
    private final JobOptions options;
    private final RunListener listener;
    private final Consumer<Checkpoint> checkpoints;
    private Backoff backoff = Backoff.DEFAULT;
    private RunContext.Tracer tracer = RunContext.Tracer.NONE;
    private Duration checkpointInterval = Checkpoints.INTERVAL;
    @CheckForNull
    private SegmentFiles files;
    private RetryPolicy retries = RetryPolicy.NONE;
    @CheckForNull
    private Sleeper retrySleeper;

    /**
     * @param connection where and how to connect
     * @param options how segments become Jobs
     * @param listener receives output and progress
     * @param checkpoints receives the latest {@link Checkpoint} whenever it changes
     */
    public KubernetesRunner(
            ConnectionSettings connection, JobOptions options, RunListener listener, Consumer<Checkpoint> checkpoints) {
        this(ClientFactory.of(connection), options, listener, checkpoints);
    }

    /** With a client factory of the caller's: called again after a 401, so it may read a fresh credential. */
    public KubernetesRunner(
            ClientFactory clients, JobOptions options, RunListener listener, Consumer<Checkpoint> checkpoints) {
        this.clients = clients;
        this.options = options;
        this.listener = new SerialListener(listener);
        this.checkpoints = checkpoints;
    }

    KubernetesRunner backoff(Backoff b) {
        this.backoff = b;
        return this;
    }

    KubernetesRunner checkpointInterval(Duration interval) {
        this.checkpointInterval = interval;
        return this;
    }

    /** Moves files in and out of every segment's pod ({@code kubernetes.transfer}); none by default. */
    public KubernetesRunner files(@CheckForNull SegmentFiles f) {
        this.files = f;
        return this;
    }

    /** Runs a failed segment again as a new Job, by the policy; none by default. */
    public KubernetesRunner retries(RetryPolicy policy) {
        this.retries = policy;
        return this;
    }

    /** How the wait between attempts passes; by default it waits on the abort. */
    KubernetesRunner retrySleeper(Sleeper s) {
        this.retrySleeper = s;
        return this;
    }

    KubernetesRunner tracer(RunContext.Tracer t) {
        this.tracer = t;
        return this;
    }

    /**
     * The longest an abort can take with these options before {@link #run} returns: the pod's grace
     * period and the margin within which the deleted objects must be seen gone
     * ({@code roiergasias.kubernetes.deleteMarginSeconds}), plus the retries of the delete requests.
     * A caller that must wait for the clean-up (the command line after Ctrl-C) waits this long at most.
     */
    public static Duration abortLimit(JobOptions options) {
        Duration retries = Duration.ZERO;
        for (int failures = 1; failures < Backoff.DEFAULT.attempts(); failures++) {
            retries = retries.plus(Backoff.DEFAULT.delay(failures));
        }
        return Duration.ofSeconds(options.terminationGracePeriodSeconds()).plus(RunContext.DELETE_MARGIN)
                .plus(retries.multipliedBy(2));
    }

    /**
     * Runs all segments from the first.
     *
     * @param runId a DNS-1123 label of at most 20 characters, unique per run (see {@link RunIds})
     */
    public RunReport run(String runId, List<Segment> segments, Abort abort) {
        return execute(runId, segments, new ReportBuilder(segments), 0, null, abort);
    }

    /**
     * Re-attaches to the run a checkpoint describes: its Job if it still exists (no second Job is
     * created), else it creates the checkpoint's segment again only if no Job of that segment ever
     * started; then it runs the remaining segments.
     *
     * @param earlier the report as it was when the checkpoint was taken
     */
    public RunReport resume(Checkpoint from, List<Segment> segments, RunReport earlier, Abort abort) {
        return execute(from.runId(), segments, new ReportBuilder(earlier), from.segment(), from, abort);
    }

    private RunReport execute(String runId, List<Segment> segments, ReportBuilder report, int start,
            @CheckForNull Checkpoint resume, Abort abort) {
        Names.checkRunId(runId);
        Cluster cluster;
        try {
            cluster = new Cluster(clients, backoff, abort::await, listener::progress);
        } catch (RuntimeException e) {
            LOGGER.log(Level.FINE, "cannot make a Kubernetes client", e);
            return report.snapshot(RunStatus.ERROR, "cannot connect to Kubernetes: " + ApiErrors.detail(e));
        }
        if (resume != null && !resume.namespace().equals(cluster.namespace())) {
            cluster.close();
            return report.snapshot(RunStatus.ERROR, "the run to resume is in namespace \"" + resume.namespace()
                    + "\" but the connection uses namespace \"" + cluster.namespace() + "\"");
        }
        Signal signal = new Signal();
        Thread abortWatcher = new Thread(() -> {
            try {
                while (!abort.await(Duration.ofDays(1))) {
                    // wait on
                }
                signal.fire();
            } catch (InterruptedException e) {
                // the run is over
            }
        }, "roiergasias abort " + runId);
        abortWatcher.setDaemon(true);
        abortWatcher.start();
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "roiergasias timers " + runId);
            t.setDaemon(true);
            return t;
        });
        Checkpoints cps = new Checkpoints(checkpoints, runId, cluster.namespace(), checkpointInterval);
        RunContext ctx = new RunContext(runId, cluster, options, listener, report, cps, abort, signal, timers, tracer, files);
        try {
            String refused = resume == null ? preflight(cluster, options.env().hasSecrets(), files) : null;
            if (refused != null) {
                return report.snapshot(RunStatus.ERROR, refused);
            }
            return runSegments(ctx, segments, start, resume);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return report.snapshot(RunStatus.ERROR, "interrupted: the running Job was left alone and the run can be"
                    + " resumed from its last checkpoint");
        } finally {
            cps.flush();
            abortWatcher.interrupt();
            timers.shutdownNow();
            cluster.close();
        }
    }

    /**
     * Asks the API server (SelfSubjectAccessReview) for the permissions whose lack would only show
     * after a Job ran, so that such a run fails before creating anything. A cluster that does not
     * answer these reviews is not held against the run: the calls themselves will tell.
     *
     * @return the message for a missing permission, or null
     */
    @CheckForNull
    private static String preflight(Cluster cluster, boolean secrets, @CheckForNull SegmentFiles files)
            throws InterruptedException {
        try {
            String missing = PermissionCheck.firstMissingLate(cluster, secrets);
            if (missing == null && files != null) {
                missing = PermissionCheck.firstMissing(cluster, files.permissions());
            }
            if (missing == null) {
                return null;
            }
            String[] verbResource = missing.split(" ", 2);
            String exec = verbResource[1].equals("pods/exec") ? " Runs with inputs or outputs also need pods/exec:"
                    + " create, get (in docs/rbac.yaml)." : "";
            return "nothing was created: "
                    + ApiErrors.forbidden("", ApiErrors.Op.of(verbResource[0], verbResource[1]), cluster.namespace())
                    + exec;
        } catch (ClusterException e) {
            if (e.kind() == ClusterException.Kind.UNREACHABLE || e.kind() == ClusterException.Kind.UNAUTHORIZED
                    || e.kind() == ClusterException.Kind.ABORTED) {
                return e.getMessage(); // the first real call would fail the same way, after the same retries
            }
            LOGGER.log(Level.FINE, "permission pre-check not possible", e);
            return null;
        }
    }

    private RunReport runSegments(RunContext ctx, List<Segment> segments, int start, @CheckForNull Checkpoint resume)
            throws InterruptedException {
        ReportBuilder report = ctx.report();
        for (int i = start; i < segments.size(); i++) {
            Segment segment = segments.get(i);
            if (ctx.abort().isAborted()) {
                return report.snapshot(RunStatus.ABORTED, "aborted before " + segment.label() + ": " + ctx.abort().reason());
            }
            Checkpoint from = i == start ? resume : null;
            if (from == null || from.job() == null) {
                report.segmentStarted(i, Instant.now());
                listener.segmentStarted(segment);
            }
            int attempt = from == null ? 1 : Names.attemptOf(from.job());
            Outcome outcome;
            while (true) {
                outcome = new SegmentRun(ctx, segment, attempt).run(from);
                report.segmentFinished(i, outcome.status(), outcome.message(), Instant.now());
                listener.segmentFinished(segment, report.segment(i));
                boolean aborted = outcome.status() == SegmentStatus.ABORTED || ctx.abort().isAborted();
                if (outcome.status() == SegmentStatus.SUCCEEDED
                        || !retries.retry(attempt, outcome.infrastructure(), aborted)) {
                    break;
                }
                if (!retryAfter(ctx, segment, attempt)) {
                    report.segmentFinished(i, SegmentStatus.ABORTED, "aborted: " + ctx.abort().reason(), Instant.now());
                    return report.snapshot(RunStatus.ABORTED, segment.label() + ": aborted before attempt "
                            + (attempt + 1) + ": " + ctx.abort().reason());
                }
                attempt++;
                from = null;
            }
            if (outcome.status() != SegmentStatus.SUCCEEDED) {
                String message = segment.label() + ": " + outcome.message();
                return report.snapshot(runStatus(outcome.status()), message);
            }
        }
        return report.snapshot(RunStatus.SUCCEEDED, null);
    }

    /**
     * Records the failed attempt, says when the next one starts, waits (an abort cuts the wait short)
     * and starts the segment again in the report. The checkpoint names the next attempt's Job at once,
     * so that a restart during the wait creates (or finds) that Job, not the failed one.
     *
     * @return false when the run was aborted during the wait
     */
    private boolean retryAfter(RunContext ctx, Segment segment, int attempt) throws InterruptedException {
        int i = segment.index();
        Duration delay = retries.delay(attempt);
        SegmentReport failed = ctx.report().segment(i);
        ctx.report().segmentRetrying(i, Instant.now());
        ctx.checkpoints().segment(i, Names.job(ctx.runId(), i, attempt + 1));
        listener.progress(segment.label() + ": attempt " + attempt + " of " + (retries.retries() + 1) + " failed ("
                + (failed.job() == null ? "" : "Job " + failed.job() + ": ") + failed.message() + "); attempt "
                + (attempt + 1) + " in " + SegmentRun.human(delay) + " as Job "
                + Names.job(ctx.runId(), i, attempt + 1));
        listener.segmentRetrying(segment, failed, attempt + 1);
        Sleeper sleeper = retrySleeper != null ? retrySleeper : ctx.abort()::await;
        if (!delay.isZero() && sleeper.sleep(delay) || ctx.abort().isAborted()) {
            return false;
        }
        ctx.report().segmentStarted(i, Instant.now());
        listener.segmentStarted(segment);
        return true;
    }

    private static RunStatus runStatus(SegmentStatus s) {
        return switch (s) {
            case FAILED -> RunStatus.FAILED;
            case ABORTED -> RunStatus.ABORTED;
            default -> RunStatus.ERROR;
        };
    }
}
