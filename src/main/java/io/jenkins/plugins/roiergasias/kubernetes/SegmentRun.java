package io.jenkins.plugins.roiergasias.kubernetes;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.jenkins.plugins.roiergasias.kubernetes.cleanup.Cleanup;
import io.jenkins.plugins.roiergasias.kubernetes.connection.ApiErrors;
import io.jenkins.plugins.roiergasias.kubernetes.connection.ClusterException;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.CleanupPolicy;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.Names;
import io.jenkins.plugins.roiergasias.kubernetes.logs.HttpLogSource;
import io.jenkins.plugins.roiergasias.kubernetes.logs.LogFollower;
import io.jenkins.plugins.roiergasias.kubernetes.watch.Pods;
import io.jenkins.plugins.roiergasias.kubernetes.watch.SegmentWatch;
import io.jenkins.plugins.roiergasias.kubernetes.watch.Signal;
import io.jenkins.plugins.roiergasias.program.ProgramStatus;
import io.jenkins.plugins.roiergasias.report.SegmentStatus;
import io.jenkins.plugins.roiergasias.segment.Segment;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The life of one segment as one Job.
 *
 * <h2>States</h2>
 *
 * <pre>
 *  START ──create ConfigMap, Job, patch owner──> WATCHING      (resume: find the Job instead)
 *  WATCHING: informers on the Job and its pods; a log thread ({@link LogPump}) streams each pod
 *    ├─ pod Succeeded, or failed pods > backoffLimit, or Job Complete/Failed ──> ENDED
 *    ├─ pod waiting on an image or container-config error, logs forbidden ─────> STUCK
 *    ├─ no pod started within pendingTimeout (unschedulable, ...) ─────────────> STUCK
 *    ├─ abort signalled by the caller ───────────────────────────────────────────> ABORTING
 *    └─ Job deleted by someone else / watch lost for good ───────────────────────> LOST
 *  ENDED:    read the log to its end; complete step results from the termination message;
 *            explain the end ({@link Diagnosis}); delete or keep by {@link CleanupPolicy}
 *  STUCK, ABORTING: delete the Job (background propagation) and the ConfigMap, then confirm
 *            that the Job, its pods (watching) and the ConfigMap (get until 404) are gone
 *  LOST:     when the Job was deleted, delete the ConfigMap too (its owner reference may be missing)
 * </pre>
 *
 * <p>The thread sleeps on one {@link Signal} that every watch event and the abort fire; its only
 * timed wake-ups are the pending deadline and a slow safety tick. Interruption means the caller is
 * going away (e.g. Jenkins shuts down): the Job is left running for a later resume.
 */
final class SegmentRun {
    private static final Logger LOGGER = Logger.getLogger(SegmentRun.class.getName());
    private static final Duration TICK = Duration.ofSeconds(30);
    private static final int MAX_WATCH_RESTARTS = 5;
    private static final Duration JOB_CONDITION_WAIT = Duration.ofSeconds(3);

    private enum End { ENDED, STUCK, ABORTING, LOST }

    private final RunContext ctx;
    private final Segment segment;
    private final String job;
    /** 1 for the first run of the segment, 2 for its first retry, ... */
    private final int attempt;
    private final Consumer<String> progress;
    private final Set<String> announced = new HashSet<>();
    private String stuckReason;
    /** Whether the reason to give up is the cluster's (an image that cannot be pulled now). */
    private boolean stuckOnInfrastructure;
    private int watchRestarts;
    /** Files in and out of the pod; null when the run moves none. */
    @CheckForNull
    private SegmentFiles.Session files;

    SegmentRun(RunContext ctx, Segment segment) {
        this(ctx, segment, 1);
    }

    SegmentRun(RunContext ctx, Segment segment, int attempt) {
        this.ctx = ctx;
        this.segment = segment;
        this.attempt = attempt;
        this.job = Names.job(ctx.runId(), segment.index(), attempt);
        this.progress = m -> ctx.listener().progress(segment.label() + ": " + m);
    }

    Outcome run(@CheckForNull Checkpoint resume) throws InterruptedException {
        Job found;
        try {
            if (resume != null && resume.job() != null) {
                found = SegmentObjects.find(ctx, job);
                if (found == null && attempt > 1 && resume.pod() == null) {
                    // a retry decided before the restart, its Job perhaps never created: create it (or find it)
                    found = SegmentObjects.createOrFind(ctx, segment, attempt, progress);
                    progress.accept("Job " + job + " (attempt " + attempt + ") created in namespace "
                            + ctx.cluster().namespace());
                }
                if (found == null) {
                    return Outcome.error("the Job " + job + " of this segment no longer exists (deleted, or expired by"
                            + " its ttlSecondsAfterFinished while the caller was away): its result is unknown");
                }
                ctx.checkpoints().restore(resume);
                progress.accept("re-attached to Job " + job);
            } else {
                found = SegmentObjects.createOrFind(ctx, segment, attempt, progress);
                ctx.checkpoints().segment(segment.index(), job);
                progress.accept("Job " + job + (attempt > 1 ? " (attempt " + attempt + ")" : "")
                        + " created in namespace " + ctx.cluster().namespace());
            }
        } catch (ClusterException e) {
            return failure(e);
        }
        ctx.report().segmentPlaced(segment.index(), job, resume == null ? null : resume.pod());
        try (SegmentWatch watch = new SegmentWatch(ctx.cluster(), job,
                Names.podSelector(ctx.runId(), segment.index(), attempt), ctx.signal())) {
            return watchAndFinish(watch, resume);
        } catch (ClusterException e) {
            Outcome o = failure(e);
            deleteQuietly();
            return o;
        }
    }

    private Outcome watchAndFinish(SegmentWatch watch, @CheckForNull Checkpoint resume) throws InterruptedException {
        watch.start();
        files = ctx.files() == null ? null
                : ctx.files().open(segment, ctx.cluster().client(), ctx.cluster().namespace(), progress, ctx.signal()::fire);
        StepRecorder recorder = new StepRecorder(segment, ctx.report(), ctx.listener());
        LogFollower follower = new LogFollower(
                new HttpLogSource(ctx.cluster()), watch, progress, RunContext.DRAIN_SILENCE, ctx.cluster().namespace());
        LogPump pump = new LogPump(watch, follower, recorder, ctx.checkpoints(), progress, resume);
        Thread thread = new Thread(pump, "roiergasias log " + job);
        thread.setDaemon(true);
        thread.start();
        ScheduledFuture<?> silence = ctx.timers().scheduleWithFixedDelay(() -> {
            follower.checkSilence();
            pump.checkpointTick();
        }, 1, 1, TimeUnit.SECONDS);
        try {
            End end = await(watch, follower);
            ctx.tracer().ended(segment.index());
            return switch (end) {
                case ENDED -> ended(watch, pump, recorder, follower);
                case ABORTING -> removed(watch, pump, "aborted: " + ctx.abort().reason(), true);
                case STUCK -> {
                    Outcome o = removed(watch, pump, stuckReason, false);
                    yield stuckOnInfrastructure ? Outcome.infrastructure(o.message()) : o;
                }
                case LOST -> {
                    pump.stop();
                    if (watch.jobDeleted()) {
                        deleteQuietly(); // the ConfigMap, when its owner reference could not be set
                    }
                    yield Outcome.error(stuckReason);
                }
            };
        } finally {
            if (files != null) {
                files.close();
            }
            silence.cancel(false);
            pump.stop();
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    /** Sleeps on the signal until the segment reaches an end state. */
    private End await(SegmentWatch watch, LogFollower follower) throws InterruptedException {
        long created = System.nanoTime();
        while (true) {
            long seen = ctx.signal().version();
            if (ctx.abort().isAborted()) {
                return End.ABORTING;
            }
            if (follower.forbidden() != null) {
                stuckReason = follower.forbidden();
                return End.STUCK;
            }
            if (watch.failure() != null) {
                Throwable t = watch.failure();
                if (++watchRestarts > MAX_WATCH_RESTARTS) {
                    stuckReason = "lost the watch on Job " + job + ": " + ApiErrors.detail(t);
                    return End.LOST;
                }
                if (ApiErrors.code(t) == 401) {
                    ctx.cluster().renew(ctx.cluster().client());
                }
                watch.start();
                continue;
            }
            if (watch.jobDeleted()) {
                stuckReason = "the Job " + job + " was deleted by someone else while it ran";
                return End.LOST;
            }
            if (Diagnosis.condition(watch.job(), "Complete") != null || Diagnosis.condition(watch.job(), "Failed") != null) {
                return End.ENDED;
            }
            Pod gone = watch.lastGone();
            if (gone != null && !"Succeeded".equals(gone.getStatus() == null ? null : gone.getStatus().getPhase())
                    && ctx.options().backoffLimit() == 0) {
                // Gone while the Job is active, so deleted by someone (kubectl delete, a drain; its last
                // state may show the container stopped by the deletion): a Job controller that does not count
                // that as a failure would start a new pod silently, against backoffLimit 0. The attempt
                // failed because of the cluster; the Job goes, and a retry, if any, is a visible new Job.
                // The Job controller deletes pods too (a deadline): its word, if it comes, explains better.
                awaitJobEnd(watch, JOB_CONDITION_WAIT);
                if (Diagnosis.condition(watch.job(), "Complete") != null
                        || Diagnosis.condition(watch.job(), "Failed") != null) {
                    return End.ENDED;
                }
                if (watch.jobDeleted()) {
                    continue;
                }
                stuckReason = "the pod " + Pods.name(gone) + " was deleted while it ran";
                stuckOnInfrastructure = true;
                return End.STUCK;
            }
            List<Pod> pods = watch.pods();
            Duration wake = TICK;
            if (pods.isEmpty()) {
                Duration age = Duration.ofNanos(System.nanoTime() - created);
                if (age.compareTo(ctx.options().pendingTimeout()) >= 0) {
                    stuckReason = "no pod was created for Job " + job + " within " + human(ctx.options().pendingTimeout())
                            + " (a quota, a LimitRange or an admission webhook may refuse it: kubectl -n "
                            + ctx.cluster().namespace() + " describe job " + job + ")";
                    return End.STUCK;
                }
                wake = min(wake, ctx.options().pendingTimeout().minus(age));
            } else {
                Pod last = pods.get(pods.size() - 1);
                announce(last);
                if (files != null && Pods.started(last) && !Pods.finished(last)) {
                    files.podRunning(Pods.name(last), Pods.image(last));
                }
                if (ended(pods, last)) {
                    return End.ENDED;
                }
                if (files != null && files.failure() != null) {
                    stuckReason = files.failure();
                    return End.STUCK;
                }
                if (!Pods.started(last) && !Pods.finished(last)) {
                    String fatal = Diagnosis.fatalWaiting(last, ctx.options());
                    Duration age = watch.age(Pods.name(last));
                    if (fatal != null) {
                        stuckReason = fatal;
                        stuckOnInfrastructure = Diagnosis.pullFailure(last);
                        return End.STUCK;
                    }
                    if (age.compareTo(ctx.options().pendingTimeout()) >= 0) {
                        stuckReason = "pod " + Pods.name(last) + " did not start within "
                                + human(ctx.options().pendingTimeout()) + ": "
                                + Diagnosis.pendingReason(last, segment, ctx.options());
                        return End.STUCK;
                    }
                    wake = min(wake, ctx.options().pendingTimeout().minus(age));
                }
            }
            ctx.signal().await(seen, wake);
        }
    }

    /** The fast path: the pod's own end decides, without waiting for the Job controller's condition. */
    private boolean ended(List<Pod> pods, Pod last) {
        if (!Pods.finished(last)) {
            return false;
        }
        if ("Succeeded".equals(last.getStatus().getPhase()) || isZero(Pods.terminated(last))) {
            return true;
        }
        long failed = pods.stream().filter(Pods::finished).count();
        return failed > ctx.options().backoffLimit();
    }

    private static boolean isZero(@CheckForNull io.fabric8.kubernetes.api.model.ContainerStateTerminated t) {
        return t != null && t.getExitCode() != null && t.getExitCode() == 0;
    }

    private void awaitJobEnd(SegmentWatch watch, Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (Diagnosis.condition(watch.job(), "Complete") == null && Diagnosis.condition(watch.job(), "Failed") == null
                && !watch.jobDeleted()) {
            long seen = ctx.signal().version();
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            ctx.signal().await(seen, Duration.ofNanos(left));
        }
    }

    /** Tells once where a pod runs, or why it waits. */
    private void announce(Pod pod) {
        String name = Pods.name(pod);
        String node = Pods.node(pod);
        if (node != null && announced.add(name + "@node")) {
            ctx.report().segmentPlaced(segment.index(), null, name);
            progress.accept("pod " + name + " scheduled on node " + node);
        }
        if (Pods.unschedulable(pod) != null && announced.add(name + "@pending")) {
            progress.accept("pod " + name + " is waiting (up to " + human(ctx.options().pendingTimeout()) + "): "
                    + Diagnosis.pendingReason(pod, segment, ctx.options()));
        }
    }

    private Outcome ended(SegmentWatch watch, LogPump pump, StepRecorder recorder, LogFollower follower)
            throws InterruptedException {
        pump.noMorePods();
        if (!pump.awaitDone(RunContext.DRAIN_LIMIT)) {
            progress.accept("the log could not be read to its end within " + human(RunContext.DRAIN_LIMIT));
            pump.stop();
        }
        if (follower.forbidden() != null) {
            // The pod ended before its log was refused: the results are known, the output is not,
            // and a run whose console is empty must not pass for a good one.
            deleteQuietly();
            return Outcome.error(follower.forbidden());
        }
        List<Pod> pods = watch.pods();
        // a pod deleted while it ran may be gone from the watch already: it tells how the segment ended
        Pod last = pods.isEmpty() ? watch.lastGone() : pods.get(pods.size() - 1);
        if (last != null && !"Succeeded".equals(last.getStatus().getPhase())) {
            // A deadline kills the pod first and marks the Job a moment later: wait for the Job's
            // word, so that a timeout is reported as one and not as a killed container.
            awaitJobEnd(watch, JOB_CONDITION_WAIT);
        }
        var terminated = Pods.terminated(last);
        ProgramStatus status = ProgramStatus.parse(terminated == null ? null : terminated.getMessage());
        int filled = recorder.crossCheck(status);
        if (filled > 0) {
            progress.accept(filled + " step result(s) taken from the container's termination message"
                    + " (their log markers were not received)");
        }
        Outcome outcome = Diagnosis.finished(segment, watch.job(), last, status, recorder.failedStep(), ctx.options());
        if (pods.isEmpty() && last != null && outcome.status() != SegmentStatus.SUCCEEDED && !outcome.infrastructure()
                && outcome.status() != SegmentStatus.ABORTED) {
            // the pod went away before it ended on its own: deleted (the runner had deleted nothing yet)
            outcome = Outcome.infrastructure("the pod " + Pods.name(last) + " was deleted while it ran"
                    + (status == null ? "" : " (after " + status.completed() + " step(s) of the segment)"));
        }
        String filesFailed = files == null ? null
                : files.finish(terminated == null ? null : terminated.getMessage(), RunContext.DRAIN_LIMIT);
        if (filesFailed != null && (outcome.status() == SegmentStatus.SUCCEEDED || status == null)) {
            outcome = Outcome.error(filesFailed);
        }
        boolean keep = switch (ctx.options().cleanup()) {
            case ALWAYS -> false;
            case KEEP_ON_FAILURE -> outcome.status() != SegmentStatus.SUCCEEDED;
            case NEVER -> true;
        };
        if (keep) {
            progress.accept("kept Job " + job + " and its ConfigMap for inspection (kubectl -n "
                    + ctx.cluster().namespace() + " logs job/" + job + "); ttlSecondsAfterFinished removes them after "
                    + ctx.options().ttlSecondsAfterFinished() + " s");
        } else {
            deleteQuietly();
        }
        return outcome;
    }

    /** Deletes the Job and ConfigMap, confirms they are gone, and lets the log thread read what remains. */
    private Outcome removed(SegmentWatch watch, LogPump pump, String why, boolean aborted) throws InterruptedException {
        progress.accept((aborted ? "aborting" : "giving up") + ": deleting Job " + job + " and its pods");
        String left;
        try {
            Cleanup.delete(ctx.cluster(), job, Names.configMap(ctx.runId(), segment.index()),
                    ctx.options().env().hasSecrets());
            Duration max = Duration.ofSeconds(ctx.options().terminationGracePeriodSeconds()).plus(RunContext.DELETE_MARGIN);
            left = Cleanup.awaitGone(ctx.cluster(), watch, Names.configMap(ctx.runId(), segment.index()), max);
        } catch (ClusterException e) {
            left = "everything (" + e.getMessage() + ")";
        }
        pump.noMorePods();
        pump.awaitDone(Duration.ofSeconds(5));
        String tail = left.isEmpty() ? "; Job " + job + ", its pods and its ConfigMap were deleted"
                : "; still present after the deletion: " + left;
        return aborted ? Outcome.aborted(why + tail) : Outcome.error(why + tail);
    }

    private Outcome failure(ClusterException e) {
        return e.kind() == ClusterException.Kind.ABORTED ? Outcome.aborted("aborted: " + ctx.abort().reason())
                : Outcome.error(e.getMessage());
    }

    private void deleteQuietly() throws InterruptedException {
        try {
            Cleanup.delete(ctx.cluster(), job, Names.configMap(ctx.runId(), segment.index()),
                    ctx.options().env().hasSecrets());
        } catch (ClusterException e) {
            LOGGER.log(Level.FINE, "clean-up failed", e);
            progress.accept("could not delete Job " + job + ": " + e.getMessage());
        }
    }

    private static Duration min(Duration a, Duration b) {
        Duration m = a.compareTo(b) <= 0 ? a : b;
        return m.isNegative() ? Duration.ZERO : m;
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 1) {
            return d.toMillis() + " ms";
        }
        return s < 120 ? s + " s" : (s / 60) + " min";
    }
}
