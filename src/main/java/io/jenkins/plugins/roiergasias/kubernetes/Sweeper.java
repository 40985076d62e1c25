package io.jenkins.plugins.roiergasias.kubernetes;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Deletes what earlier runs left behind (e.g. after the controller crashed): every Job and
 * ConfigMap labelled {@code app.kubernetes.io/managed-by=roiergasias} that is older than a given age,
 * except those of runs still going on. Pods go with their Jobs (background propagation); the Role
 * grants no pod deletion, so pods are never deleted directly.
 */
public final class Sweeper {
    private static final Logger LOGGER = Logger.getLogger(Sweeper.class.getName());

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
        Instant cutoff = Instant.now().minus(olderThan);
        List<String> deleted = new ArrayList<>();
        for (HasMetadata job : client.batch().v1().jobs().inNamespace(namespace)
                .withLabel(Names.MANAGED_BY, Names.MANAGER).list().getItems()) {
            if (stale(job, cutoff, activeRuns)) {
                client.batch().v1().jobs().inNamespace(namespace).withName(job.getMetadata().getName())
                        .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
                deleted.add("job/" + job.getMetadata().getName());
            }
        }
        for (HasMetadata cm : client.configMaps().inNamespace(namespace)
                .withLabel(Names.MANAGED_BY, Names.MANAGER).list().getItems()) {
            if (stale(cm, cutoff, activeRuns)) {
                client.configMaps().inNamespace(namespace).withName(cm.getMetadata().getName()).delete();
                deleted.add("configmap/" + cm.getMetadata().getName());
            }
        }
        LOGGER.log(Level.FINE, () -> "swept " + deleted + " in " + namespace);
        return deleted;
    }

    private static boolean stale(HasMetadata o, Instant cutoff, Set<String> activeRuns) {
        String run = o.getMetadata().getLabels() == null ? null : o.getMetadata().getLabels().get(Names.RUN_LABEL);
        if (run != null && activeRuns.contains(run)) {
            return false;
        }
        String created = o.getMetadata().getCreationTimestamp();
        if (created == null) {
            return true;
        }
        try {
            return Instant.parse(created).isBefore(cutoff);
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
