package io.jenkins.plugins.roiergasias.kubernetes.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.jenkins.plugins.roiergasias.kubernetes.Workflows;
import io.jenkins.plugins.roiergasias.run.PassedEnv;
import io.jenkins.plugins.roiergasias.segment.Segment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A template per node, merged over the common one, under the same rules as the common one. */
class NodeTemplatesTest {
    private static final List<Segment> SEGMENTS = Workflows.split("""
            version: 0.1
            task:
              - node: cpu
                sequential:
                  - print: ["prepare"]
              - sequential:
                  - print: ["anywhere"]
              - node: gpu
                sequential:
                  - execute: ["python3 train.py"]
            """);

    private static final String COMMON = """
            kind: Pod
            spec:
              serviceAccountName: trainer
              containers:
                - name: roiergasias
                  env:
                    - {name: DATA, value: /data}
                    - {name: MODE, value: common}
                  resources:
                    limits: {memory: 1Gi}
            """;

    private static final String GPU = """
            spec:
              restartPolicy: OnFailure
              containers:
                - name: roiergasias
                  image: pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime
                  env:
                    - {name: MODE, value: gpu}
                  resources:
                    limits: {nvidia.com/gpu: "1"}
              tolerations:
                - {key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}
            """;

    private static final JobOptions OPTIONS =
            JobOptions.defaults().withJobTemplate(COMMON).withNodeTemplates(Map.of("gpu", GPU));

    private static Container container(Job job) {
        return job.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static Map<String, String> env(Job job) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (EnvVar v : container(job).getEnv()) {
            env.put(v.getName(), v.getValue());
        }
        return env;
    }

    @Test
    void thePinnedNodeGetsItsTemplateOverTheCommonOne() {
        List<String> notes = new ArrayList<>();
        Job gpu = JobRenderer.job("n-abcdefgh", SEGMENTS.get(2), OPTIONS, "ci", notes::add);

        assertEquals(Map.of("DATA", "/data", "MODE", "gpu"), env(gpu));
        assertEquals("pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime", container(gpu).getImage());
        var limits = container(gpu).getResources().getLimits();
        assertEquals("1Gi", limits.get("memory").toString());
        assertEquals("1", limits.get("nvidia.com/gpu").toString());
        assertEquals("trainer", gpu.getSpec().getTemplate().getSpec().getServiceAccountName());
        assertEquals("nvidia.com/gpu", gpu.getSpec().getTemplate().getSpec().getTolerations().get(0).getKey());
        assertEquals(Map.of("node.roiergasias", "gpu"), gpu.getSpec().getTemplate().getSpec().getNodeSelector());
        // the same rules as for the common template, and the same report of what the runner owns
        assertEquals("Never", gpu.getSpec().getTemplate().getSpec().getRestartPolicy());
        assertEquals(List.of("job template: restartPolicy OnFailure replaced by Never (owned by roiergasias)"), notes);
    }

    @Test
    void otherNodesAndUnpinnedSegmentsGetTheCommonTemplateOnly() {
        for (Segment s : List.of(SEGMENTS.get(0), SEGMENTS.get(1))) {
            List<String> notes = new ArrayList<>();
            Job job = JobRenderer.job("n-abcdefgh", s, OPTIONS, "ci", notes::add);
            assertEquals(Map.of("DATA", "/data", "MODE", "common"), env(job), s.label());
            assertEquals(JobOptions.DEFAULT_IMAGE, container(job).getImage());
            var tolerations = job.getSpec().getTemplate().getSpec().getTolerations();
            assertTrue(tolerations == null || tolerations.isEmpty(), tolerations::toString);
            assertTrue(notes.isEmpty(), notes::toString);
        }
    }

    @Test
    void aNodeImageBeatsTheConfiguredImageButPassedVariablesBeatTheTemplates() {
        List<String> notes = new ArrayList<>();
        JobOptions options = OPTIONS.withImage("python:3.12").withEnv(new PassedEnv(Map.of("MODE", "passed"), Map.of()));
        Job gpu = JobRenderer.job("n-abcdefgh", SEGMENTS.get(2), options, "ci", notes::add);
        Job cpu = JobRenderer.job("n-abcdefgh", SEGMENTS.get(0), options, "ci", n -> {});

        assertEquals("pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime", container(gpu).getImage());
        assertEquals("python:3.12", container(cpu).getImage());
        assertEquals(Map.of("DATA", "/data", "MODE", "passed"), env(gpu));
        assertTrue(notes.contains("job template: container env MODE the template's value replaced by the passed"
                + " variable (owned by roiergasias)"), notes::toString);
    }

    @Test
    void aBrokenNodeTemplateIsNamed() {
        JobOptions options = OPTIONS.withNodeTemplates(Map.of("gpu", "spec: [unclosed"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JobRenderer.job("n-abcdefgh", SEGMENTS.get(2), options, "ci", n -> {}));
        assertTrue(e.getMessage().startsWith("the job template of node gpu is not valid YAML"), e::getMessage);
    }
}
