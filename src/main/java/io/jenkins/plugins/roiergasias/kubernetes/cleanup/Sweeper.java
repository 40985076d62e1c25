package io.jenkins.plugins.roiergasias.kubernetes.cleanup;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Deletes what earlier runs left behind (e.g. after the controller crashed): the Jobs and ConfigMaps
 * of every run (found by the run's own labels, see {@link Leftovers}) whose newest object is older
 * than a given age, except runs still going on. Pods go with their Jobs (background propagation).
 */
public final class Sweeper {
    private Sweeper() {}

    /** {@link #sweep(KubernetesClient, String, Duration, Set)} sparing no run. */
    public static List<String> sweep(KubernetesClient client, String namespace, Duration olderThan) {
        return sweep(client, namespace, olderThan, Set.of());
    }

    /**
     * @param activeRuns run ids whose objects are kept whatever their age
     * @return what was deleted, as {@code job/NAME} and {@code configmap/NAME}
     */
    public static List<String> sweep(KubernetesClient client, String namespace, Duration olderThan, Set<String> activeRuns) {
        Instant now = Instant.now();
        List<String> deleted = new ArrayList<>();
        for (RunObjects run : Leftovers.find(client, namespace)) {
            if (!activeRuns.contains(run.runId()) && run.olderThan(olderThan, now)) {
                deleted.addAll(Leftovers.delete(client, namespace, run));
            }
        }
        return deleted;
    }
}
