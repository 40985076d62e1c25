package io.jenkins.plugins.roiergasias.kubernetes.cleanup;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.Names;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Finds and deletes the Jobs and ConfigMaps that runs left behind. An object counts as a run's only
 * when it carries all of the run's own labels ({@code app.kubernetes.io/managed-by=roiergasias}, the
 * run and the segment) and its name is the one the run gives it ({@code <run>-s<segment>}): a
 * ConfigMap someone labelled {@code managed-by=roiergasias} by hand, or the Role of docs/rbac.yaml, is
 * never touched. Pods go with their Jobs (background propagation); the Role grants no pod deletion.
 * Needs list and delete on jobs.batch and configmaps, which the Role grants.
 */
public final class Leftovers {
    private static final Logger LOGGER = Logger.getLogger(Leftovers.class.getName());
    private static final String SELECTOR = Names.MANAGED_BY + "=" + Names.MANAGER + "," + Names.RUN_LABEL + ","
            + Names.SEGMENT_LABEL;

    private Leftovers() {}

    /** Every run with objects in the namespace, in the order of their first object (Jobs by name first). */
    public static List<RunObjects> find(KubernetesClient client, String namespace) {
        Map<String, Builder> runs = new LinkedHashMap<>();
        add(runs, "job", client.batch().v1().jobs().inNamespace(namespace).withLabelSelector(SELECTOR).list().getItems());
        add(runs, "configmap", client.configMaps().inNamespace(namespace).withLabelSelector(SELECTOR).list().getItems());
        return runs.values().stream().map(Builder::build).toList();
    }

    /**
     * Deletes a run's objects; returns them all, since each is now gone: deleted here, or already
     * gone (for instance a ConfigMap the garbage collector removed with its Job a moment earlier).
     */
    public static List<String> delete(KubernetesClient client, String namespace, RunObjects run) {
        for (String object : run.objects()) {
            String name = object.substring(object.indexOf('/') + 1);
            if (object.startsWith("job/")) {
                client.batch().v1().jobs().inNamespace(namespace).withName(name)
                        .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            } else {
                client.configMaps().inNamespace(namespace).withName(name).delete();
            }
        }
        LOGGER.log(Level.FINE, () -> "deleted " + run.objects() + " of run " + run.runId() + " in " + namespace);
        return run.objects();
    }

    private static void add(Map<String, Builder> runs, String kind, List<? extends HasMetadata> items) {
        for (HasMetadata o : items) {
            Map<String, String> labels = o.getMetadata().getLabels();
            String run = labels.get(Names.RUN_LABEL);
            String segment = labels.get(Names.SEGMENT_LABEL);
            if (!o.getMetadata().getName().equals(run + "-s" + segment)) {
                continue; // labelled like a run's object, but not named like one: not ours
            }
            runs.computeIfAbsent(run, Builder::new).add(kind + "/" + o.getMetadata().getName(), o);
        }
    }

    /** Collects one run's objects. */
    private static final class Builder {
        private final String runId;
        private final List<String> objects = new ArrayList<>();
        private final Map<String, String> annotations = new HashMap<>();
        private Instant newest;
        private boolean undated;

        Builder(String runId) {
            this.runId = runId;
        }

        void add(String object, HasMetadata o) {
            objects.add(object);
            if (o.getMetadata().getAnnotations() != null) {
                o.getMetadata().getAnnotations().forEach(annotations::putIfAbsent);
            }
            Instant created = created(o);
            if (created == null) {
                undated = true;
            } else if (newest == null || created.isAfter(newest)) {
                newest = created;
            }
        }

        RunObjects build() {
            return new RunObjects(runId, objects, undated ? null : newest, annotations);
        }

        private static Instant created(HasMetadata o) {
            String t = o.getMetadata().getCreationTimestamp();
            try {
                return t == null ? null : Instant.parse(t);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }
}
