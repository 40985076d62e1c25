package io.jenkins.plugins.roiergasias.kubernetes.jobs;

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
public final class JobTemplate {
    public static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private JobTemplate() {}

    /**
     * The template of a segment: the common one, with the template for its node (when it is pinned
     * and {@code nodeTemplates} has one) merged on top ({@link TemplateMerge}). Either may be any of
     * the three forms.
     */
    static Job forNode(@CheckForNull String common, Map<String, String> nodeTemplates, @CheckForNull String node) {
        String own = node == null ? null : nodeTemplates.get(node);
        if (own == null || own.isBlank()) {
            return parse(common);
        }
        Job top = parseNode(own, node);
        if (common == null || common.isBlank()) {
            return top;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> base = SERIALIZATION.convertValue(parse(common), Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> over = SERIALIZATION.convertValue(top, Map.class);
        return SERIALIZATION.convertValue(TemplateMerge.merge(base, over), Job.class);
    }

    /**
     * The image that the template of {@code node} gives the workflow's container (the one named
     * {@link Names#CONTAINER}, else the first), or null: it beats the configured image, which is
     * meant for every node.
     */
    @CheckForNull
    static String nodeImage(Map<String, String> nodeTemplates, @CheckForNull String node) {
        String own = node == null ? null : nodeTemplates.get(node);
        if (own == null || own.isBlank()) {
            return null;
        }
        Job job = parseNode(own, node);
        var pod = job.getSpec().getTemplate() == null ? null : job.getSpec().getTemplate().getSpec();
        if (pod == null || pod.getContainers() == null || pod.getContainers().isEmpty()) {
            return null;
        }
        var container = pod.getContainers().stream()
                .filter(c -> Names.CONTAINER.equals(c.getName()))
                .findFirst()
                .orElse(pod.getContainers().get(0));
        String image = container.getImage();
        return image == null || image.isBlank() ? null : image;
    }

    private static Job parseNode(String yaml, String node) {
        try {
            return parse(yaml);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    e.getMessage().replace("the job template", "the job template of node " + node), e);
        }
    }

    /** A fresh Job from the template; an empty Job when there is none. */
    static Job parse(@CheckForNull String yaml) {
        if (yaml == null || yaml.isBlank()) {
            return new Job();
        }
        return toJob(load(yaml));
    }

    /** The template as a YAML tree, before it becomes a Job: its {@code kind} says which form it has. */
    public static Map<?, ?> load(String yaml) {
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the job template is not valid YAML: " + e.getMessage(), e);
        }
        if (!(doc instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("the job template must be a Job, a Pod or a pod template (a YAML map)");
        }
        return map;
    }

    /** The Job a template tree of {@link #load} stands for, whatever its form. */
    public static Job toJob(Map<?, ?> map) {
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
