package io.jenkins.plugins.roiergasias.kubernetes.cleanup;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.jenkins.plugins.roiergasias.kubernetes.connection.ApiErrors;
import io.jenkins.plugins.roiergasias.kubernetes.connection.Cluster;
import io.jenkins.plugins.roiergasias.kubernetes.connection.ClusterException;
import io.jenkins.plugins.roiergasias.kubernetes.watch.Pods;
import io.jenkins.plugins.roiergasias.kubernetes.watch.SegmentWatch;
import io.jenkins.plugins.roiergasias.kubernetes.watch.Signal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Deletes a segment's Job (its pods with it, by propagation) and ConfigMap, and confirms they are gone. */
public final class Cleanup {
    private static final Logger LOGGER = Logger.getLogger(Cleanup.class.getName());

    private static final long FIRST_POLL_PAUSE_MILLIS = 100;
    private static final long MAX_POLL_PAUSE_MILLIS = 2_000;

    private Cleanup() {}

    /** Deletes the Job, the ConfigMap and, when the run passes secret variables, the segment's Secret. */
    public static void delete(Cluster cluster, String job, String configMap, boolean secret) throws InterruptedException {
        try {
            delete(cluster, job, configMap);
        } finally {
            if (secret) {
                // Owned by the Job, so the garbage collector would take it too; not waiting for it
                // keeps the secret's life as short as the run's.
                String ns = cluster.namespace();
                // the segment's Secret has the ConfigMap's name (the Job of a retry has another)
                cluster.call(ApiErrors.Op.cleanup("delete", "secrets", configMap), c -> c.secrets()
                        .inNamespace(ns)
                        .withName(configMap)
                        .delete());
            }
        }
    }

    /** Deletes the Job with background propagation and the ConfigMap; absent objects are fine. */
    public static void delete(Cluster cluster, String job, String configMap) throws InterruptedException {
        String ns = cluster.namespace();
        List<StatusDetails> deleted = cluster.call(ApiErrors.Op.cleanup("delete", "jobs.batch", job), c -> c.batch()
                .v1()
                .jobs()
                .inNamespace(ns)
                .withName(job)
                .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                .delete());
        LOGGER.log(Level.FINE, () -> "deleted Job " + job + ": " + deleted);
        // The owner reference lets the garbage collector delete the ConfigMap too; deleting it here
        // as well does not wait for the collector and covers a ConfigMap whose patch failed.
        cluster.call(ApiErrors.Op.cleanup("delete", "configmaps", configMap), c -> c.configMaps()
                .inNamespace(ns)
                .withName(configMap)
                .delete());
    }

    /**
     * Waits until the Job, its pods and the ConfigMap are gone: the segment's informers tell about
     * the Job and its pods; the ConfigMap, deleted directly, is confirmed with {@code get} until it
     * answers 404 (the Role grants no {@code watch} on configmaps, and none is needed: a ConfigMap
     * has no finalizers of ours, so the first {@code get} after the delete normally says it is gone).
     * Returns what is left when the time is up, empty when everything is gone.
     */
    public static String awaitGone(Cluster cluster, SegmentWatch watch, String configMap, Duration max)
            throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        Signal signal = watch.signal();
        while (true) {
            long v = signal.version();
            boolean jobGone = watch.jobDeleted() || watch.job() == null;
            List<String> pods = watch.pods().stream().map(Pods::name).toList();
            if (jobGone && pods.isEmpty()) {
                break;
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                return (jobGone ? "" : "Job " + watch.job().getMetadata().getName() + " ")
                        + (pods.isEmpty() ? "" : "pods " + pods);
            }
            signal.await(v, Duration.ofNanos(left));
        }
        return configMapGone(cluster, configMap, end) ? "" : "ConfigMap " + configMap;
    }

    /** Asks for the ConfigMap until it no longer exists or the deadline ({@link System#nanoTime}) passes. */
    private static boolean configMapGone(Cluster cluster, String configMap, long end) throws InterruptedException {
        String ns = cluster.namespace();
        long pauseMillis = FIRST_POLL_PAUSE_MILLIS;
        while (true) {
            ConfigMap cm;
            try {
                cm = cluster.call(ApiErrors.Op.cleanup("get", "configmaps", configMap), c -> c.configMaps()
                        .inNamespace(ns)
                        .withName(configMap)
                        .get());
            } catch (ClusterException e) {
                LOGGER.log(Level.FINE, () -> "cannot tell whether ConfigMap " + configMap + " is gone: " + e.getMessage());
                return false;
            }
            if (cm == null) {
                return true;
            }
            long leftMillis = (end - System.nanoTime()) / 1_000_000;
            if (leftMillis <= 0) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(Math.min(pauseMillis, leftMillis));
            pauseMillis = Math.min(pauseMillis * 2, MAX_POLL_PAUSE_MILLIS);
        }
    }
}
