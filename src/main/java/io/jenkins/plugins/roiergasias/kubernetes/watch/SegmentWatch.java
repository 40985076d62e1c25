package io.jenkins.plugins.roiergasias.kubernetes.watch;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.jenkins.plugins.roiergasias.kubernetes.connection.ApiErrors;
import io.jenkins.plugins.roiergasias.kubernetes.connection.Cluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Watches one segment's Job and pods with two informers (a list, then a watch each; the informers
 * re-list by themselves when a watch expires), keeps their latest state and fires a {@link Signal}
 * on every change. The informers' resync ({@code roiergasias.kubernetes.resyncSeconds}, default 60)
 * replays the cache to the handlers now and then, a safety net against a lost notification; nobody
 * polls.
 */
public final class SegmentWatch implements PodTracker, AutoCloseable {
    private static final Logger LOGGER = Logger.getLogger(SegmentWatch.class.getName());
    static final long RESYNC_MILLIS = Long.getLong("roiergasias.kubernetes.resyncSeconds", 60L) * 1000;

    private final Cluster cluster;
    private final String jobName;
    private final Map<String, String> podLabels;
    private final Signal signal;
    private final Map<String, Pod> pods = new ConcurrentHashMap<>();
    private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
    private volatile Job job;
    private volatile boolean jobDeleted;
    @CheckForNull
    private volatile Pod lastGone;

    @CheckForNull
    private volatile Throwable failure;

    private SharedIndexInformer<Job> jobInformer;
    private SharedIndexInformer<Pod> podInformer;

    public SegmentWatch(Cluster cluster, String jobName, Map<String, String> podLabels, Signal signal) {
        this.cluster = cluster;
        this.jobName = jobName;
        this.podLabels = podLabels;
        this.signal = signal;
    }

    /** Starts (or, after a failure, restarts) both informers; returns once their first lists are in. */
    public void start() throws InterruptedException {
        closeInformers();
        failure = null;
        String ns = cluster.namespace();
        jobInformer = cluster.call(ApiErrors.Op.of("watch", "jobs.batch", jobName), c -> c.batch()
                .v1()
                .jobs()
                .inNamespace(ns)
                .withName(jobName)
                .inform(new Handler<>(this::jobChanged, this::jobGone), RESYNC_MILLIS));
        podInformer = cluster.call(ApiErrors.Op.of("watch", "pods"), c -> c.pods()
                .inNamespace(ns)
                .withLabels(podLabels)
                .inform(new Handler<>(this::podChanged, this::podGone), RESYNC_MILLIS));
        jobInformer.stopped().whenComplete((v, t) -> stoppedInformer(t));
        podInformer.stopped().whenComplete((v, t) -> stoppedInformer(t));
    }

    private void stoppedInformer(@CheckForNull Throwable t) {
        if (t != null) {
            LOGGER.log(Level.FINE, t, () -> "informer of " + jobName + " stopped");
            failure = t;
            signal.fire();
        }
    }

    /** Why an informer stopped by itself (a 401 or 403 on a re-list), null while both run. */
    @CheckForNull
    public Throwable failure() {
        return failure;
    }

    @CheckForNull
    public Job job() {
        return job;
    }

    public boolean jobDeleted() {
        return jobDeleted;
    }

    @Override
    @CheckForNull
    public Pod pod(String name) {
        return pods.get(name);
    }

    /** The segment's pods, oldest first. */
    public List<Pod> pods() {
        List<Pod> list = new ArrayList<>(pods.values());
        list.sort(Comparator.comparing((Pod p) -> String.valueOf(p.getMetadata().getCreationTimestamp()))
                .thenComparing(p -> firstSeen.getOrDefault(Pods.name(p), 0L))
                .thenComparing(Pods::name));
        return list;
    }

    /** How long ago (local clock) a pod was first seen. */
    public Duration age(String pod) {
        Long seen = firstSeen.get(pod);
        return seen == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - seen);
    }

    @Override
    public Signal signal() {
        return signal;
    }

    private void jobChanged(Job j) {
        job = j;
        jobDeleted = false;
        signal.fire();
    }

    private void jobGone(Job j) {
        jobDeleted = true;
        signal.fire();
    }

    private void podChanged(Pod p) {
        firstSeen.putIfAbsent(Pods.name(p), System.nanoTime());
        pods.put(Pods.name(p), p);
        signal.fire();
    }

    /** The last pod seen deleted, as it was then; null when none was. */
    @CheckForNull
    public Pod lastGone() {
        return lastGone;
    }

    private void podGone(Pod p) {
        lastGone = p;
        pods.remove(Pods.name(p));
        signal.fire();
    }

    private void closeInformers() {
        if (jobInformer != null) {
            jobInformer.stop();
        }
        if (podInformer != null) {
            podInformer.stop();
        }
    }

    @Override
    public void close() {
        closeInformers();
    }

    /** Adapts informer callbacks to "changed" and "gone". */
    private record Handler<T>(java.util.function.Consumer<T> changed, java.util.function.Consumer<T> gone)
            implements ResourceEventHandler<T> {
        @Override
        public void onAdd(T obj) {
            changed.accept(obj);
        }

        @Override
        public void onUpdate(T oldObj, T newObj) {
            changed.accept(newObj);
        }

        @Override
        public void onDelete(T obj, boolean deletedFinalStateUnknown) {
            gone.accept(obj);
        }
    }
}
