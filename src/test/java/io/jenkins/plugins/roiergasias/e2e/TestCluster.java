package io.jenkins.plugins.roiergasias.e2e;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.jenkins.plugins.roiergasias.kubernetes.Checkpoint;
import io.jenkins.plugins.roiergasias.kubernetes.KubernetesRunner;
import io.jenkins.plugins.roiergasias.kubernetes.connection.ConnectionSettings;
import io.jenkins.plugins.roiergasias.kubernetes.connection.Credential;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.CleanupPolicy;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.JobOptions;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.Names;
import io.jenkins.plugins.roiergasias.run.RunListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The real two-node cluster of {@code src/test/e2e/cluster.sh}, found through the variables
 * {@code cluster.sh env} prints: KUBECONFIG (admin), RESTRICTED_KUBECONFIG (a ServiceAccount bound to
 * the Role of docs/rbac.yaml) and IMAGE (a local image with /bin/sh on both nodes).
 */
final class TestCluster {
    final String adminKubeconfig;
    final String restrictedKubeconfig;
    final String image;
    final KubernetesClient admin;

    private TestCluster(String adminKubeconfig, String restrictedKubeconfig, String image) {
        this.adminKubeconfig = adminKubeconfig;
        this.restrictedKubeconfig = restrictedKubeconfig;
        this.image = image;
        this.admin = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(adminKubeconfig)).build();
    }

    static TestCluster fromEnvironment() throws IOException {
        return new TestCluster(read("KUBECONFIG"), read("RESTRICTED_KUBECONFIG"), variable("IMAGE"));
    }

    private static String variable(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException(name + " is not set: start the test cluster with "
                    + "'bash src/test/e2e/cluster.sh start' and export what 'cluster.sh env' prints (docs/e2e.md)");
        }
        return v;
    }

    private static String read(String name) throws IOException {
        return Files.readString(Path.of(variable(name)), StandardCharsets.UTF_8);
    }

    /** A fresh namespace for one test. */
    String newNamespace(String purpose) {
        String ns = "e2e-" + purpose.toLowerCase(Locale.ROOT) + "-" + UUID.randomUUID().toString().substring(0, 6);
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                .create();
        return ns;
    }

    void deleteNamespace(String ns) {
        admin.namespaces().withName(ns).delete();
    }

    JobOptions options() {
        JobOptions d = JobOptions.defaults();
        return new JobOptions(d.image(), d.nodeLabelKey(), 0, Duration.ofMinutes(5), Duration.ofSeconds(60),
                        d.ttlSecondsAfterFinished(), 2, CleanupPolicy.ALWAYS, null, Map.of("roiergasias.io/test", "e2e"))
                .withImage(image);
    }

    JobOptions options(Duration pendingTimeout) {
        JobOptions o = options();
        return new JobOptions(o.image(), o.nodeLabelKey(), o.backoffLimit(), o.segmentTimeout(), pendingTimeout,
                o.ttlSecondsAfterFinished(), o.terminationGracePeriodSeconds(), o.cleanup(), o.jobTemplateYaml(),
                o.annotations());
    }

    KubernetesRunner runner(String kubeconfig, String namespace, JobOptions options, RunListener listener,
            Consumer<Checkpoint> checkpoints) {
        return new KubernetesRunner(
                new ConnectionSettings(null, null, false, namespace, new Credential.Kubeconfig(kubeconfig, null)),
                options, listener, checkpoints);
    }

    /**
     * Waits until roiergasias has nothing left in the namespace and returns what is left at the
     * deadline. After a segment that ran to its end, the runner deletes the Job and ConfigMap; the
     * Job's finished pods are then removed by the cluster's garbage collector, a moment later.
     */
    List<String> leftoversAfter(String ns, Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        List<String> left = leftovers(ns);
        while (!left.isEmpty() && System.nanoTime() < end) {
            java.util.concurrent.TimeUnit.MILLISECONDS.sleep(200); // re-list until the deadline
            left = leftovers(ns);
        }
        return left;
    }

    /** What roiergasias left in a namespace: Jobs, pods and ConfigMaps with its label. */
    List<String> leftovers(String ns) {
        String selector = Names.MANAGED_BY;
        List<String> left = new java.util.ArrayList<>();
        admin.batch().v1().jobs().inNamespace(ns).withLabel(selector, Names.MANAGER).list().getItems()
                .forEach(j -> left.add("job/" + j.getMetadata().getName()));
        admin.pods().inNamespace(ns).withLabel(selector, Names.MANAGER).list().getItems()
                .forEach(p -> left.add("pod/" + p.getMetadata().getName()));
        admin.configMaps().inNamespace(ns).withLabel(selector, Names.MANAGER).list().getItems()
                .forEach(c -> left.add("configmap/" + c.getMetadata().getName()));
        return left;
    }
}
