package io.jenkins.plugins.roiergasias.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.Config;
import io.jenkins.plugins.roiergasias.cli.CliProcess;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.Names;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.RunIds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code roiergasias sweep} as a real process under the restricted ServiceAccount of docs/rbac.yaml:
 * the Role is enough to list and delete what a run left (a Job with its running pod, a ConfigMap).
 */
@Tag("e2e")
class CliSweepOnClusterTest {
    @TempDir
    Path dir;

    @Test
    void sweepDeletesALeftRunWithTheRestrictedRole() throws Exception {
        TestCluster cluster = TestCluster.fromEnvironment();
        try (var admin = cluster.admin) {
            String ns = Config.fromKubeconfig(cluster.restrictedKubeconfig).getNamespace();
            String run = RunIds.create("sweep");
            String name = run + "-s1";
            Map<String, String> labels = Map.of(Names.MANAGED_BY, Names.MANAGER, Names.RUN_LABEL, run,
                    Names.SEGMENT_LABEL, "1");
            // What a run killed with SIGKILL leaves: its ConfigMap and its Job, whose pod keeps running.
            admin.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                    .withLabels(labels).endMetadata().build()).create();
            admin.batch().v1().jobs().inNamespace(ns).resource(new JobBuilder().withNewMetadata().withName(name)
                    .withLabels(labels).endMetadata().withNewSpec().withBackoffLimit(0).withNewTemplate()
                    .withNewMetadata().withLabels(labels).endMetadata().withNewSpec().withRestartPolicy("Never")
                    .withTerminationGracePeriodSeconds(2L).addNewContainer().withName("roiergasias")
                    .withImage(cluster.image).withCommand("sleep", "600").endContainer().endSpec().endTemplate()
                    .endSpec().build()).create();
            String kubeconfig = System.getenv("RESTRICTED_KUBECONFIG");

            try (CliProcess dry = CliProcess.fromJar(dir, "sweep", "--kubeconfig", kubeconfig, "--run-id", run)) {
                assertEquals(0, dry.exitStatus(Duration.ofSeconds(60)), dry::stderr);
                assertEquals("job/" + name + "\nconfigmap/" + name + "\n", dry.stdout());
            }
            assertEquals(2, CliSignalTest.leftoversOfRun(admin, ns, run, Duration.ZERO).stream()
                    .filter(o -> !o.startsWith("pod/")).count(), "a dry run deletes nothing");

            try (CliProcess delete = CliProcess.fromJar(dir, "sweep", "--kubeconfig", kubeconfig, "--run-id", run,
                    "--delete")) {
                assertEquals(0, delete.exitStatus(Duration.ofSeconds(60)), delete::stderr);
                assertTrue(delete.stderr().contains("2 objects of run " + run + " in namespace " + ns + " deleted"),
                        delete::stderr);
            }
            // The pod goes with its Job, through the garbage collector and the kubelet.
            assertEquals(List.of(), CliSignalTest.leftoversOfRun(admin, ns, run, Duration.ofSeconds(60)));
        }
    }
}
