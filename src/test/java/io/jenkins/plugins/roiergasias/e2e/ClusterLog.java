package io.jenkins.plugins.roiergasias.e2e;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.Names;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What happened in a namespace, seen from outside the engine: every Job created, and the node each
 * segment's pod was bound to.
 */
final class ClusterLog implements AutoCloseable {
    final List<String> jobsCreated = new CopyOnWriteArrayList<>();
    /** Segment label (1-based) to node name. */
    final Map<String, String> nodeOfSegment = new ConcurrentHashMap<>();
    private final Set<String> seenJobs = ConcurrentHashMap.newKeySet();
    private final Watch jobs;
    private final Watch pods;

    ClusterLog(TestCluster cluster, String ns) {
        jobs = cluster.admin.batch().v1().jobs().inNamespace(ns).watch(new Watcher<Job>() {
            @Override
            public void eventReceived(Action action, Job job) {
                if (action == Action.ADDED && seenJobs.add(job.getMetadata().getUid())) {
                    jobsCreated.add(job.getMetadata().getName());
                }
            }

            @Override
            public void onClose(WatcherException cause) {}
        });
        pods = cluster.admin.pods().inNamespace(ns).watch(new Watcher<Pod>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                String node = pod.getSpec().getNodeName();
                String segment = pod.getMetadata().getLabels() == null
                        ? null : pod.getMetadata().getLabels().get(Names.SEGMENT_LABEL);
                if (node != null && segment != null) {
                    nodeOfSegment.put(segment, node);
                }
            }

            @Override
            public void onClose(WatcherException cause) {}
        });
    }

    @Override
    public void close() {
        jobs.close();
        pods.close();
    }
}
