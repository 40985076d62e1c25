package io.jenkins.plugins.roiergasias.kubernetes.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.jenkins.plugins.roiergasias.kubernetes.Workflows;
import io.jenkins.plugins.roiergasias.segment.Segment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The objects a segment becomes, with and without a user's template. */
class JobRendererTest {
    private static final List<Segment> SEGMENTS = Workflows.split("""
            version: 0.1
            task:
              - node: node1
                sequential:
                  - print: ["hello"]
              - node: node2
                sequential:
                  - execute: ["echo hi"]
            """);

    private static String resource(String name) throws IOException {
        try (InputStream in = JobRendererTest.class.getResourceAsStream("/kubernetes/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void defaultJobOwnsEverythingThatMakesItRun() {
        List<String> notes = new ArrayList<>();
        JobOptions options = JobOptions.defaults().withAnnotations(Map.of("jenkins.io/build", "job/x/42"));
        Job job = JobRenderer.job("run-abcdefgh", SEGMENTS.get(1), options, "ci", notes::add);

        assertTrue(notes.isEmpty(), notes::toString);
        assertEquals("run-abcdefgh-s2", job.getMetadata().getName());
        assertEquals("ci", job.getMetadata().getNamespace());
        assertEquals(Map.of("app.kubernetes.io/managed-by", "roiergasias", "roiergasias.jenkins.io/run", "run-abcdefgh",
                "roiergasias.jenkins.io/segment", "2"), job.getMetadata().getLabels());
        assertEquals("job/x/42", job.getMetadata().getAnnotations().get("jenkins.io/build"));
        assertEquals("segment 2/2 (node2)", job.getMetadata().getAnnotations().get(Names.SEGMENT_ANNOTATION));
        assertEquals(0, job.getSpec().getBackoffLimit());
        assertEquals(3600L, job.getSpec().getActiveDeadlineSeconds());
        assertEquals(3600, job.getSpec().getTtlSecondsAfterFinished());
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertEquals(job.getMetadata().getLabels(), job.getSpec().getTemplate().getMetadata().getLabels());
        assertEquals("Never", pod.getRestartPolicy());
        assertEquals(5L, pod.getTerminationGracePeriodSeconds());
        assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken());
        assertEquals(Map.of("node.roiergasias", "node2"), pod.getNodeSelector());
        Container c = pod.getContainers().get(0);
        assertEquals("roiergasias", c.getName());
        assertEquals("busybox:1.36", c.getImage());
        assertEquals(List.of("/bin/sh", "/roiergasias/program.sh", "/dev/termination-log"), c.getCommand());
        assertEquals("/roiergasias", c.getVolumeMounts().get(0).getMountPath());
        assertEquals("run-abcdefgh-s2", pod.getVolumes().get(0).getConfigMap().getName());
    }

    @Test
    void configMapHoldsTheSegmentAndItsProgram() {
        ConfigMap cm = JobRenderer.configMap("run-abcdefgh", SEGMENTS.get(0), JobOptions.defaults(), "ci", "echo program");
        assertEquals("run-abcdefgh-s1", cm.getMetadata().getName());
        assertEquals("echo program", cm.getData().get("program.sh"));
        assertTrue(cm.getData().get("segment.yaml").contains("Hello".toLowerCase()), cm.getData()::toString);
        assertEquals("roiergasias", cm.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
    }

    @Test
    void templateIsMergedAndEveryReplacedValueIsReported() throws IOException {
        List<String> notes = new ArrayList<>();
        JobOptions options = JobOptions.defaults().withJobTemplate(resource("job-template.yaml"))
                .withSegmentTimeout(Duration.ofMinutes(10));
        Job job = JobRenderer.job("run-abcdefgh", SEGMENTS.get(0), options, "ci", notes::add);
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().get(0);

        // the user's fields stay
        assertEquals("python:3.12-slim", c.getImage(), "a template image beats the default image");
        assertEquals("db", c.getEnv().get(0).getValueFrom().getSecretKeyRef().getName());
        assertEquals("512Mi", c.getResources().getLimits().get("memory").toString());
        assertEquals("trainer", pod.getServiceAccountName());
        assertNull(pod.getAutomountServiceAccountToken(), "a chosen service account keeps its token");
        assertEquals("registry-credentials", pod.getImagePullSecrets().get(0).getName());
        assertEquals(1000L, pod.getSecurityContext().getRunAsUser());
        assertEquals("gpu", pod.getTolerations().get(0).getKey());
        assertEquals("disk", pod.getAffinity().getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution()
                .get(0).getPreference().getMatchExpressions().get(0).getKey());
        assertEquals(Map.of("kubernetes.io/arch", "amd64", "node.roiergasias", "node1"), pod.getNodeSelector());
        assertEquals(List.of("data", "roiergasias-program"), pod.getVolumes().stream().map(v -> v.getName()).toList());
        assertEquals(List.of("/data", "/roiergasias"), c.getVolumeMounts().stream().map(m -> m.getMountPath()).toList());
        assertEquals("data", job.getMetadata().getLabels().get("team"));
        assertEquals("ml-platform", job.getMetadata().getAnnotations().get("owner"));
        // ours win
        assertEquals("run-abcdefgh-s1", job.getMetadata().getName());
        assertEquals(0, job.getSpec().getBackoffLimit());
        assertEquals(600L, job.getSpec().getActiveDeadlineSeconds());
        assertEquals("Never", pod.getRestartPolicy());
        assertEquals("roiergasias", c.getName());
        assertEquals(List.of("/bin/sh", "/roiergasias/program.sh", "/dev/termination-log"), c.getCommand());
        // and the user is told
        String all = String.join("\n", notes);
        assertTrue(all.contains("job template: metadata.name ignored-name replaced by run-abcdefgh-s1"), all);
        assertTrue(all.contains("job template: spec.backoffLimit 6 replaced by 0"), all);
        assertTrue(all.contains("job template: restartPolicy OnFailure replaced by Never"), all);
        assertTrue(all.contains("job template: container name main replaced by roiergasias"), all);
        assertTrue(all.contains("job template: container command [python, -c, print('replaced')] replaced by"), all);
        assertFalse(all.contains("image"), all);
    }

    @Test
    void configuredImageBeatsTheTemplateImageAndSaysSo() throws IOException {
        List<String> notes = new ArrayList<>();
        JobOptions options = JobOptions.defaults().withJobTemplate(resource("job-template.yaml")).withImage("alpine:3.20");
        Job job = JobRenderer.job("run-abcdefgh", SEGMENTS.get(0), options, "ci", notes::add);
        assertEquals("alpine:3.20", job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        assertTrue(notes.contains("job template: container image python:3.12-slim replaced by alpine:3.20 (owned by"
                + " roiergasias)"), notes::toString);
    }

    @Test
    void podTemplateWorksToo() throws IOException {
        List<String> notes = new ArrayList<>();
        Job job = JobRenderer.job("run-abcdefgh", SEGMENTS.get(0),
                JobOptions.defaults().withJobTemplate(resource("pod-template.yaml")), "ci", notes::add);
        Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("64Mi", c.getResources().getRequests().get("memory").toString());
        assertEquals("busybox:1.36", c.getImage());
        assertEquals("test", job.getSpec().getTemplate().getMetadata().getLabels().get("purpose"));
        assertTrue(notes.isEmpty(), notes::toString);
    }

    @Test
    void badTemplatesAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JobRenderer.job("run-abcdefgh",
                SEGMENTS.get(0), JobOptions.defaults().withJobTemplate("kind: Service\n"), "ci", n -> {}));
        assertTrue(e.getMessage().contains("not kind Service"), e::getMessage);
        e = assertThrows(IllegalArgumentException.class, () -> JobRenderer.job("run-abcdefgh", SEGMENTS.get(0),
                JobOptions.defaults().withJobTemplate("- a list"), "ci", n -> {}));
        assertTrue(e.getMessage().contains("a YAML map"), e::getMessage);
    }

    @Test
    void namesAreStableShortAndValid() {
        String longest = "abcdefghij-12345678"; // RunIds.create gives at most 20 characters
        assertEquals(longest + "-s999", Names.job(longest, 998));
        assertTrue(Names.job(RunIds.create("My Jenkins Job #42 / main"), 998).length() <= Names.MAX_JOB_NAME);
        assertTrue(Names.job(RunIds.create("x"), 0).matches("[a-z]([-a-z0-9]*[a-z0-9])?"));
        assertThrows(IllegalArgumentException.class, () -> Names.job("Not_Valid", 0));
        assertThrows(IllegalArgumentException.class, () -> Names.job("a23456789012345678901", 0));
    }

    @Test
    void renderPrintsEveryObjectWithoutACluster() {
        String yaml = JobRenderer.renderYaml("run-abcdefgh", SEGMENTS, JobOptions.defaults(), "ci");
        assertEquals(4, yaml.split("(?m)^---$").length - 1, yaml);
        assertTrue(yaml.contains("# segment 1/2 (node1)"), yaml);
        assertTrue(yaml.contains("kind: \"ConfigMap\"") || yaml.contains("kind: ConfigMap"), yaml);
        assertTrue(yaml.contains("name: \"run-abcdefgh-s2\"") || yaml.contains("name: run-abcdefgh-s2"), yaml);
        assertTrue(yaml.contains("program.sh"), yaml);
    }
}
