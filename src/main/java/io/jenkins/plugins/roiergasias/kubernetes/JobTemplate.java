package io.jenkins.plugins.roiergasias.kubernetes;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads the user's Job/Pod template, as the roiergasias operator's {@code jobTemplate} allowed: a
 * whole Job ({@code kind: Job}), a Pod ({@code kind: Pod}), or a pod template ({@code metadata} and
 * {@code spec} with {@code containers}). Whatever the form, the result is a Job to merge into.
 */
final class JobTemplate {
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private JobTemplate() {}

    /** A fresh Job from the template; an empty Job when there is none. */
    static Job parse(@CheckForNull String yaml) {
        if (yaml == null || yaml.isBlank()) {
            return new Job();
        }
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the job template is not valid YAML: " + e.getMessage(), e);
        }
        if (!(doc instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("the job template must be a Job, a Pod or a pod template (a YAML map)");
        }
        Object kind = map.get("kind");
        try {
            if ("Job".equals(kind)) {
                Job job = SERIALIZATION.convertValue(map, Job.class);
                if (job.getSpec() == null) {
                    job.setSpec(new JobSpec());
                }
                return job;
            }
            PodTemplateSpec template;
            if ("Pod".equals(kind)) {
                Pod pod = SERIALIZATION.convertValue(map, Pod.class);
                template = new PodTemplateSpec(pod.getMetadata(), pod.getSpec());
            } else if (kind == null || "PodTemplate".equals(kind)) {
                Object inner = "PodTemplate".equals(kind) ? map.get("template") : map;
                template = SERIALIZATION.convertValue(inner, PodTemplateSpec.class);
            } else {
                throw new IllegalArgumentException(
                        "the job template must be a Job, a Pod or a pod template, not kind " + kind);
            }
            Job job = new Job();
            job.setMetadata(new ObjectMeta());
            JobSpec spec = new JobSpec();
            spec.setTemplate(template);
            job.setSpec(spec);
            return job;
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the job template does not fit a Job or a Pod: " + e.getMessage(), e);
        }
    }
}
