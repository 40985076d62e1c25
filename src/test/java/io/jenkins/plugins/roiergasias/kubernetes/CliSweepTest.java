package io.jenkins.plugins.roiergasias.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.jenkins.plugins.roiergasias.cli.CliProcess;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.Names;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code roiergasias sweep} as a real process against the mock API server. */
@Timeout(120)
class CliSweepTest {
    private static final Duration EXIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private static void leave(FakeCluster cluster, String name, Map<String, String> labels, boolean job) {
        var meta = new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).withLabels(labels)
                .withAnnotations(Map.of("roiergasias.io/started-by", "roiergasias CLI")).build();
        if (job) {
            cluster.admin.batch().v1().jobs().inNamespace(FakeCluster.NAMESPACE).resource(new JobBuilder()
                    .withMetadata(meta).withNewSpec().withNewTemplate().withNewSpec().addNewContainer()
                    .withName("roiergasias").withImage("busybox").endContainer().endSpec().endTemplate().endSpec()
                    .build()).create();
        } else {
            cluster.admin.configMaps().inNamespace(FakeCluster.NAMESPACE)
                    .resource(new ConfigMapBuilder().withMetadata(meta).build()).create();
        }
    }

    private CliProcess sweep(FakeCluster cluster, String... options) throws Exception {
        Path config = dir.resolve("kubeconfig");
        Files.writeString(config, ConnectionTest.kubeconfig(cluster.url(), FakeCluster.RUNNER_TOKEN,
                FakeCluster.NAMESPACE));
        List<String> args = new ArrayList<>(List.of("sweep", "--kubeconfig", config.toString()));
        args.addAll(List.of(options));
        return CliProcess.fromClasspath(dir, args.toArray(String[]::new));
    }

    @Test
    void listsARunsObjectsByItsLabelsAndDeletesThemOnlyWhenAsked() throws Exception {
        try (FakeCluster cluster = new FakeCluster()) {
            cluster.kubelet.behaviour = j -> FakeKubelet.Behaviour.IMAGE_PULL_BACKOFF; // nothing runs
            leave(cluster, "gone-aaaaaaaa-s1", Names.labels("gone-aaaaaaaa", 0), true);
            leave(cluster, "gone-aaaaaaaa-s1", Names.labels("gone-aaaaaaaa", 0), false);
            leave(cluster, "gone-aaaaaaaa-s2", Names.labels("gone-aaaaaaaa", 1), false);
            leave(cluster, "live-bbbbbbbb-s1", Names.labels("live-bbbbbbbb", 0), true);
            // Labelled like roiergasias objects, but not a run's own: never listed, never deleted.
            leave(cluster, "by-hand", Map.of(Names.MANAGED_BY, Names.MANAGER), false);
            leave(cluster, "renamed", Names.labels("gone-aaaaaaaa", 0), false);
            List<String> before = cluster.objects();

            try (CliProcess dry = sweep(cluster, "--run-id", "gone-aaaaaaaa")) {
                assertEquals(0, dry.exitStatus(EXIT), dry::stderr);
                assertEquals("job/gone-aaaaaaaa-s1\nconfigmap/gone-aaaaaaaa-s1\nconfigmap/gone-aaaaaaaa-s2\n", dry.stdout());
                assertTrue(dry.stderr().contains("roiergasias: 3 objects of run gone-aaaaaaaa in namespace test would be"
                        + " deleted; run again with --delete to delete them"), dry::stderr);
                assertTrue(dry.stderr().matches("(?s).*run gone-aaaaaaaa \\(started by roiergasias CLI, newest object"
                        + " \\d+ s old\\): job/gone-aaaaaaaa-s1, configmap/gone-aaaaaaaa-s1, configmap/gone-aaaaaaaa-s2\n.*"),
                        dry::stderr);
            }
            assertEquals(before, cluster.objects(), "a dry run deletes nothing");

            try (CliProcess young = sweep(cluster)) {
                assertEquals(0, young.exitStatus(EXIT), young::stderr);
                assertEquals("", young.stdout(), "without --run-id, only runs older than an hour");
                assertTrue(young.stderr().contains("0 objects of runs older than 60 min in namespace test"),
                        young::stderr);
            }

            try (CliProcess delete = sweep(cluster, "--run-id", "gone-aaaaaaaa", "--delete")) {
                assertEquals(0, delete.exitStatus(EXIT), delete::stderr);
                assertEquals("job/gone-aaaaaaaa-s1\nconfigmap/gone-aaaaaaaa-s1\nconfigmap/gone-aaaaaaaa-s2\n",
                        delete.stdout());
                assertTrue(delete.stderr().contains("3 objects of run gone-aaaaaaaa in namespace test deleted"),
                        delete::stderr);
            }
            FakeCluster.await("the run's objects deleted", Duration.ofSeconds(10),
                    () -> cluster.objects().stream().noneMatch(o -> o.contains("gone-aaaaaaaa")));
            assertEquals(List.of("job/live-bbbbbbbb-s1", "configmap/by-hand", "configmap/renamed"),
                    cluster.objects().stream().filter(o -> !o.startsWith("pod/")).toList());
        }
    }

    @Test
    void sweepNeedsAKubeconfig() throws Exception {
        try (CliProcess cli = CliProcess.fromClasspath(dir, "sweep", "--delete")) {
            assertEquals(3, cli.exitStatus(EXIT));
            assertEquals("roiergasias: sweep needs --kubeconfig PATH\nTry 'roiergasias --help'.\n", cli.stderr());
            assertEquals("", cli.stdout());
        }
    }
}
