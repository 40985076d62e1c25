package io.jenkins.plugins.roiergasias.kubernetes.jobs;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapVolumeSourceBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.jenkins.plugins.roiergasias.kubernetes.secrets.SecretEnv;
import io.jenkins.plugins.roiergasias.program.ProgramGenerator;
import io.jenkins.plugins.roiergasias.segment.CommentText;
import io.jenkins.plugins.roiergasias.segment.Segment;
import io.jenkins.plugins.roiergasias.segment.SegmentYaml;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The objects of one segment: a ConfigMap with the segment's YAML and program, and a Job that runs
 * the program with {@code /bin/sh}. The user's template ({@link JobOptions#jobTemplateYaml()}) is the
 * base; the fields the runner must own replace the template's, and every replaced value is
 * reported to {@code overridden} so that the user learns about it.
 */
public final class JobRenderer {
    private JobRenderer() {}

    /**
     * Every object a run would create, as a multi-document YAML stream, without contacting a
     * cluster (CLI {@code render}, Jenkins dry run). Template overrides appear as YAML comments.
     */
    public static String renderYaml(String runId, List<Segment> segments, JobOptions options, String namespace) {
        return renderYaml(runId, segments, options, namespace, null);
    }

    /**
     * The same, for a run that moves files: with the work volume and the transfer wrapper it really
     * gets, which {@code files} adds to each segment's ConfigMap and Job (the transfer's
     * {@code decorate}).
     */
    public static String renderYaml(String runId, List<Segment> segments, JobOptions options, String namespace,
            @CheckForNull BiConsumer<ConfigMap, Job> files) {
        StringBuilder out = new StringBuilder();
        for (Segment segment : segments) {
            List<String> notes = new ArrayList<>();
            ConfigMap cm = configMap(runId, segment, options, namespace, ProgramGenerator.generate(segment));
            Job job = job(runId, segment, options, namespace, notes::add);
            if (files != null) {
                files.accept(cm, job);
            }
            out.append("# ").append(CommentText.line(segment.label())).append('\n');
            for (String note : notes) {
                out.append("# ").append(CommentText.line(note)).append('\n');
            }
            if (options.env().hasSecrets()) {
                out.append("# ").append(SecretEnv.describe(Names.secret(runId, segment.index()), options.env()))
                        .append('\n');
            }
            out.append(yaml(cm)).append(yaml(job));
        }
        return out.toString();
    }

    private static String yaml(Object o) {
        String y = JobTemplate.SERIALIZATION.asYaml(o);
        return y.startsWith("---") ? y : "---\n" + y;
    }

    /** The segment's ConfigMap; its owner reference to the Job is added after the Job exists. */
    public static ConfigMap configMap(String runId, Segment segment, JobOptions options, String namespace, String program) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(Names.configMap(runId, segment.index()))
                .withNamespace(namespace)
                .withLabels(Names.labels(runId, segment.index()))
                .withAnnotations(annotations(options, segment))
                .endMetadata()
                .addToData(Names.SEGMENT_KEY, SegmentYaml.write(segment))
                .addToData(Names.PROGRAM_KEY, program)
                .build();
    }

    /** The segment's Job: the template merged with what the runner owns. */
    public static Job job(
            String runId, Segment segment, JobOptions given, String namespace, Consumer<String> overridden) {
        String nodeImage = JobTemplate.nodeImage(given.nodeTemplates(), segment.node());
        JobOptions options = nodeImage == null ? given : given.withImage(nodeImage);
        Job job = JobTemplate.forNode(options.jobTemplateYaml(), options.nodeTemplates(), segment.node());
        Overrides o = new Overrides(overridden);
        String name = Names.job(runId, segment.index());
        Map<String, String> labels = Names.labels(runId, segment.index());

        ObjectMeta meta = job.getMetadata() == null ? new ObjectMeta() : job.getMetadata();
        o.set("metadata.name", meta.getName(), name);
        meta.setName(name);
        meta.setGenerateName(null);
        meta.setNamespace(namespace);
        meta.setLabels(merge(meta.getLabels(), labels, "metadata.labels", o));
        meta.setAnnotations(mergeQuietly(meta.getAnnotations(), annotations(options, segment)));
        job.setMetadata(meta);
        job.setApiVersion("batch/v1");
        job.setKind("Job");

        JobSpec spec = job.getSpec() == null ? new JobSpec() : job.getSpec();
        o.set("spec.backoffLimit", spec.getBackoffLimit(), options.backoffLimit());
        spec.setBackoffLimit(options.backoffLimit());
        long deadline = Math.max(1, options.segmentTimeout().toSeconds());
        o.set("spec.activeDeadlineSeconds", spec.getActiveDeadlineSeconds(), deadline);
        spec.setActiveDeadlineSeconds(deadline);
        o.set("spec.ttlSecondsAfterFinished", spec.getTtlSecondsAfterFinished(), options.ttlSecondsAfterFinished());
        spec.setTtlSecondsAfterFinished(options.ttlSecondsAfterFinished());
        o.set("spec.completions", spec.getCompletions(), 1);
        spec.setCompletions(1);
        o.set("spec.parallelism", spec.getParallelism(), 1);
        spec.setParallelism(1);
        o.set("spec.selector", spec.getSelector() == null ? null : "set", null);
        spec.setSelector(null);
        spec.setManualSelector(null);
        job.setSpec(spec);

        PodTemplateSpec template = spec.getTemplate() == null ? new PodTemplateSpec() : spec.getTemplate();
        spec.setTemplate(template);
        ObjectMeta podMeta = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
        podMeta.setName(null);
        podMeta.setNamespace(null);
        podMeta.setLabels(merge(podMeta.getLabels(), labels, "spec.template.metadata.labels", o));
        podMeta.setAnnotations(mergeQuietly(podMeta.getAnnotations(), annotations(options, segment)));
        template.setMetadata(podMeta);
        PodSpec pod = template.getSpec() == null ? new PodSpec() : template.getSpec();
        template.setSpec(pod);
        podSpec(pod, runId, segment, options, o);
        return job;
    }

    private static void podSpec(PodSpec pod, String runId, Segment segment, JobOptions options, Overrides o) {
        o.set("restartPolicy", pod.getRestartPolicy(), "Never");
        pod.setRestartPolicy("Never");
        long grace = options.terminationGracePeriodSeconds();
        o.set("terminationGracePeriodSeconds", pod.getTerminationGracePeriodSeconds(), grace);
        pod.setTerminationGracePeriodSeconds(grace);
        if (pod.getAutomountServiceAccountToken() == null && pod.getServiceAccountName() == null
                && pod.getServiceAccount() == null) {
            // The program never talks to the API server: do not hand the pod a token it does not need.
            pod.setAutomountServiceAccountToken(false);
        }
        if (segment.node() != null) {
            Map<String, String> selector = new LinkedHashMap<>();
            if (pod.getNodeSelector() != null) {
                selector.putAll(pod.getNodeSelector());
            }
            o.set("nodeSelector." + options.nodeLabelKey(), selector.get(options.nodeLabelKey()), segment.node());
            selector.put(options.nodeLabelKey(), segment.node());
            pod.setNodeSelector(selector);
        }

        List<Volume> volumes = new ArrayList<>();
        if (pod.getVolumes() != null) {
            for (Volume v : pod.getVolumes()) {
                if (Names.VOLUME.equals(v.getName())) {
                    o.set("volume " + Names.VOLUME, "the template's", "the segment's ConfigMap");
                } else {
                    volumes.add(v);
                }
            }
        }
        Volume program = new Volume();
        program.setName(Names.VOLUME);
        program.setConfigMap(new ConfigMapVolumeSourceBuilder()
                .withName(Names.configMap(runId, segment.index()))
                .withDefaultMode(0444)
                .build());
        volumes.add(program);
        pod.setVolumes(volumes);

        List<Container> containers = pod.getContainers() == null ? new ArrayList<>() : new ArrayList<>(pod.getContainers());
        int index = 0;
        for (int i = 0; i < containers.size(); i++) {
            if (Names.CONTAINER.equals(containers.get(i).getName())) {
                index = i;
            }
        }
        Container c = containers.isEmpty() ? new Container() : containers.get(index);
        if (containers.isEmpty()) {
            containers.add(c);
        }
        if (c.getName() != null && !Names.CONTAINER.equals(c.getName())) {
            o.set("container name", c.getName(), Names.CONTAINER);
        }
        c.setName(Names.CONTAINER);
        String image = image(c.getImage(), options.image(), o);
        c.setImage(image);
        List<String> command = List.of("/bin/sh", Names.MOUNT_PATH + "/" + Names.PROGRAM_KEY, Names.TERMINATION_LOG);
        o.set("container command", c.getCommand() == null || c.getCommand().isEmpty() ? null : c.getCommand(), command);
        c.setCommand(command);
        o.set("container args", c.getArgs() == null || c.getArgs().isEmpty() ? null : c.getArgs(), null);
        c.setArgs(null);
        o.set("terminationMessagePath", c.getTerminationMessagePath(), Names.TERMINATION_LOG);
        c.setTerminationMessagePath(Names.TERMINATION_LOG);
        o.set("terminationMessagePolicy", c.getTerminationMessagePolicy(), "File");
        c.setTerminationMessagePolicy("File");
        List<VolumeMount> mounts = new ArrayList<>();
        if (c.getVolumeMounts() != null) {
            for (VolumeMount m : c.getVolumeMounts()) {
                if (Names.VOLUME.equals(m.getName()) || Names.MOUNT_PATH.equals(m.getMountPath())) {
                    o.set("volumeMount " + m.getMountPath(), m.getName(), Names.VOLUME);
                } else {
                    mounts.add(m);
                }
            }
        }
        VolumeMount mount = new VolumeMount();
        mount.setName(Names.VOLUME);
        mount.setMountPath(Names.MOUNT_PATH);
        mount.setReadOnly(true);
        mounts.add(mount);
        c.setVolumeMounts(mounts);
        if (!options.env().isEmpty()) {
            c.setEnv(SecretEnv.containerEnv(c.getEnv(), options.env(), Names.secret(runId, segment.index()),
                    name -> o.set("container env " + name, "the template's value", "the passed variable")));
        }
        containers.set(containers.indexOf(c), c);
        pod.setContainers(containers);
        SecurityDefaults.apply(pod);
    }

    /**
     * The runner's image wins, except that a template image beats the built-in default image (the
     * user who wrote an image into the template and configured none meant the template's).
     */
    private static String image(@CheckForNull String fromTemplate, String configured, Overrides o) {
        if (fromTemplate == null || fromTemplate.isBlank()) {
            return configured;
        }
        if (configured.equals(JobOptions.DEFAULT_IMAGE)) {
            return fromTemplate;
        }
        o.set("container image", fromTemplate, configured);
        return configured;
    }

    private static Map<String, String> annotations(JobOptions options, Segment segment) {
        Map<String, String> a = new LinkedHashMap<>(options.annotations());
        a.put(Names.SEGMENT_ANNOTATION, segment.label());
        return a;
    }

    private static Map<String, String> merge(
            @CheckForNull Map<String, String> template, Map<String, String> ours, String where, Overrides o) {
        Map<String, String> out = new LinkedHashMap<>();
        if (template != null) {
            out.putAll(template);
        }
        for (Map.Entry<String, String> e : ours.entrySet()) {
            o.set(where + "." + e.getKey(), out.get(e.getKey()), e.getValue());
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    private static Map<String, String> mergeQuietly(@CheckForNull Map<String, String> template, Map<String, String> ours) {
        Map<String, String> out = new LinkedHashMap<>();
        if (template != null) {
            out.putAll(template);
        }
        out.putAll(ours);
        return out;
    }

    /** Reports a template value that the runner replaces. */
    private record Overrides(Consumer<String> sink) {
        void set(String field, @CheckForNull Object templateValue, @CheckForNull Object ours) {
            if (templateValue != null && !Objects.equals(String.valueOf(templateValue), String.valueOf(ours))) {
                sink.accept("job template: " + field + " " + templateValue + " replaced by "
                        + (ours == null ? "nothing" : ours) + " (owned by roiergasias)");
            }
        }
    }
}
