package io.jenkins.plugins.roiergasias.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.JobOptions;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.JobRenderer;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.Names;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.RunStatus;
import io.jenkins.plugins.roiergasias.run.Abort;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A ConfigMap that already has a segment's name is used only when it belongs to the same run. */
@Timeout(60)
class NameConflictTest {
    private static final String RUN = "n-abcdefgh";
    private static final String WORKFLOW = """
            version: 0.1
            task:
              - sequential:
                  - print: ["hello"]
            """;

    private static void create(FakeCluster cluster, String name, Map<String, String> labels) {
        cluster.admin.configMaps().inNamespace(FakeCluster.NAMESPACE).resource(new ConfigMapBuilder()
                .withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withData(Map.of("program.sh", "echo someone else's program")).build()).create();
    }

    private static RunReport run(FakeCluster cluster, Recorder recorder) {
        return new KubernetesRunner(cluster.settings(), JobOptions.defaults(), recorder, c -> {})
                .run(RUN, Workflows.split(WORKFLOW), new Abort());
    }

    @Test
    void aConfigMapOfAnotherRunIsNeitherUsedNorDeleted() throws Exception {
        try (FakeCluster cluster = new FakeCluster()) {
            create(cluster, RUN + "-s1", Names.labels("other-run", 0));
            Recorder recorder = new Recorder();
            RunReport report = run(cluster, recorder);

            assertEquals(RunStatus.ERROR, report.status(), recorder::toString);
            assertTrue(report.message().contains("a ConfigMap named " + RUN + "-s1 already exists in namespace \"test\""
                    + " and does not belong to this run (it lacks the labels roiergasias.jenkins.io/run=" + RUN
                    + " and roiergasias.jenkins.io/segment=1); it was left as it is"), report::message);
            assertEquals(List.of(), recorder.output);
            assertEquals(0, cluster.runnerRequests("POST", "/jobs"), "no Job may run someone else's program");
            ConfigMap kept = cluster.admin.configMaps().inNamespace(FakeCluster.NAMESPACE).withName(RUN + "-s1").get();
            assertEquals("echo someone else's program", kept.getData().get("program.sh"));
            assertEquals(List.of("configmap/" + RUN + "-s1"), cluster.objects());
        }
    }

    @Test
    void aConfigMapWithoutLabelsIsNotOurs() throws Exception {
        try (FakeCluster cluster = new FakeCluster()) {
            create(cluster, RUN + "-s1", Map.of());
            RunReport report = run(cluster, new Recorder());

            assertEquals(RunStatus.ERROR, report.status());
            assertTrue(report.message().contains("does not belong to this run"), report::message);
            assertEquals(List.of("configmap/" + RUN + "-s1"), cluster.objects());
        }
    }

    @Test
    void theConfigMapOfAnEarlierAttemptOfTheSameRunIsReused() throws Exception {
        try (FakeCluster cluster = new FakeCluster()) {
            // What a first attempt leaves when the caller went away between the two creates.
            cluster.admin.configMaps().inNamespace(FakeCluster.NAMESPACE).resource(JobRenderer.configMap(RUN,
                    Workflows.split(WORKFLOW).get(0), JobOptions.defaults(), FakeCluster.NAMESPACE,
                    io.jenkins.plugins.roiergasias.program.ProgramGenerator.generate(Workflows.split(WORKFLOW).get(0))))
                    .create();
            Recorder recorder = new Recorder();
            RunReport report = run(cluster, recorder);

            assertEquals(RunStatus.SUCCEEDED, report.status(), recorder::toString);
            assertEquals(List.of("[1] hello"), recorder.output);
            FakeCluster.await("no objects left", Duration.ofSeconds(10), () -> cluster.objects().isEmpty());
        }
    }
}
