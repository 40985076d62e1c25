package io.jenkins.plugins.roiergasias.kubernetes.jobs;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.roiergasias.run.PassedEnv;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How segments become Jobs. Defaults: {@link #defaults()}.
 *
 * @param image the container image; any image with {@code /bin/sh}
 * @param nodeLabelKey the node label that pins a segment: {@code <key>=<node>}
 * @param backoffLimit pod retries of a Job
 * @param segmentTimeout the Job's {@code activeDeadlineSeconds}
 * @param pendingTimeout how long a pod may stay Pending (unschedulable, pulling, ...) before the
 *     segment fails with the reason
 * @param ttlSecondsAfterFinished the Job's {@code ttlSecondsAfterFinished}, a safety net for kept Jobs
 * @param terminationGracePeriodSeconds the pod's grace period on deletion
 * @param cleanup what to delete after a segment ends
 * @param jobTemplateYaml a Job or Pod template merged into every Job, null for none
 * @param annotations extra annotations for people on every object (e.g. which Jenkins build)
 * @param nodeTemplates per node value, a template merged on top of {@code jobTemplateYaml} for the
 *     segments pinned to that node
 * @param env variables passed to every segment as its container environment, secret ones through a
 *     Secret of the segment
 */
public record JobOptions(
        String image,
        String nodeLabelKey,
        int backoffLimit,
        Duration segmentTimeout,
        Duration pendingTimeout,
        int ttlSecondsAfterFinished,
        int terminationGracePeriodSeconds,
        CleanupPolicy cleanup,
        @CheckForNull String jobTemplateYaml,
        Map<String, String> annotations,
        Map<String, String> nodeTemplates,
        PassedEnv env) {
    public static final String DEFAULT_IMAGE = "busybox:1.36";
    public static final String DEFAULT_NODE_LABEL_KEY = "node.roiergasias";

    public JobOptions {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(nodeLabelKey, "nodeLabelKey");
        Objects.requireNonNull(segmentTimeout, "segmentTimeout");
        Objects.requireNonNull(pendingTimeout, "pendingTimeout");
        Objects.requireNonNull(cleanup, "cleanup");
        annotations = Map.copyOf(annotations);
        nodeTemplates = Map.copyOf(nodeTemplates);
        Objects.requireNonNull(env, "env");
    }

    /** The options as they were before node templates and passed variables. */
    public JobOptions(String image, String nodeLabelKey, int backoffLimit, Duration segmentTimeout,
            Duration pendingTimeout, int ttlSecondsAfterFinished, int terminationGracePeriodSeconds,
            CleanupPolicy cleanup, @CheckForNull String jobTemplateYaml, Map<String, String> annotations) {
        this(image, nodeLabelKey, backoffLimit, segmentTimeout, pendingTimeout, ttlSecondsAfterFinished,
                terminationGracePeriodSeconds, cleanup, jobTemplateYaml, annotations, Map.of(), PassedEnv.none());
    }

    public static JobOptions defaults() {
        return new JobOptions(
                DEFAULT_IMAGE,
                DEFAULT_NODE_LABEL_KEY,
                0,
                Duration.ofHours(1),
                Duration.ofMinutes(5),
                3600,
                5,
                CleanupPolicy.ALWAYS,
                null,
                Map.of());
    }

    public JobOptions withImage(String newImage) {
        return new JobOptions(newImage, nodeLabelKey, backoffLimit, segmentTimeout, pendingTimeout,
                ttlSecondsAfterFinished, terminationGracePeriodSeconds, cleanup, jobTemplateYaml, annotations,
                nodeTemplates, env);
    }

    public JobOptions withJobTemplate(@CheckForNull String yaml) {
        return new JobOptions(image, nodeLabelKey, backoffLimit, segmentTimeout, pendingTimeout,
                ttlSecondsAfterFinished, terminationGracePeriodSeconds, cleanup, yaml, annotations,
                nodeTemplates, env);
    }

    public JobOptions withNodeLabelKey(String key) {
        return new JobOptions(image, key, backoffLimit, segmentTimeout, pendingTimeout,
                ttlSecondsAfterFinished, terminationGracePeriodSeconds, cleanup, jobTemplateYaml, annotations,
                nodeTemplates, env);
    }

    public JobOptions withBackoffLimit(int limit) {
        return new JobOptions(image, nodeLabelKey, limit, segmentTimeout, pendingTimeout,
                ttlSecondsAfterFinished, terminationGracePeriodSeconds, cleanup, jobTemplateYaml, annotations,
                nodeTemplates, env);
    }

    public JobOptions withSegmentTimeout(Duration timeout) {
        return new JobOptions(image, nodeLabelKey, backoffLimit, timeout, pendingTimeout,
                ttlSecondsAfterFinished, terminationGracePeriodSeconds, cleanup, jobTemplateYaml, annotations,
                nodeTemplates, env);
    }

    public JobOptions withPendingTimeout(Duration timeout) {
        return new JobOptions(image, nodeLabelKey, backoffLimit, segmentTimeout, timeout,
                ttlSecondsAfterFinished, terminationGracePeriodSeconds, cleanup, jobTemplateYaml, annotations,
                nodeTemplates, env);
    }

    public JobOptions withTtlSecondsAfterFinished(int seconds) {
        return new JobOptions(image, nodeLabelKey, backoffLimit, segmentTimeout, pendingTimeout,
                seconds, terminationGracePeriodSeconds, cleanup, jobTemplateYaml, annotations,
                nodeTemplates, env);
    }

    public JobOptions withTerminationGracePeriodSeconds(int seconds) {
        return new JobOptions(image, nodeLabelKey, backoffLimit, segmentTimeout, pendingTimeout,
                ttlSecondsAfterFinished, seconds, cleanup, jobTemplateYaml, annotations,
                nodeTemplates, env);
    }

    public JobOptions withCleanup(CleanupPolicy policy) {
        return new JobOptions(image, nodeLabelKey, backoffLimit, segmentTimeout, pendingTimeout,
                ttlSecondsAfterFinished, terminationGracePeriodSeconds, policy, jobTemplateYaml, annotations,
                nodeTemplates, env);
    }

    public JobOptions withAnnotations(Map<String, String> newAnnotations) {
        return new JobOptions(image, nodeLabelKey, backoffLimit, segmentTimeout, pendingTimeout,
                ttlSecondsAfterFinished, terminationGracePeriodSeconds, cleanup, jobTemplateYaml, newAnnotations,
                nodeTemplates, env);
    }

    public JobOptions withNodeTemplates(Map<String, String> templates) {
        return new JobOptions(image, nodeLabelKey, backoffLimit, segmentTimeout, pendingTimeout,
                ttlSecondsAfterFinished, terminationGracePeriodSeconds, cleanup, jobTemplateYaml, annotations,
                templates, env);
    }

    public JobOptions withEnv(PassedEnv passed) {
        return new JobOptions(image, nodeLabelKey, backoffLimit, segmentTimeout, pendingTimeout,
                ttlSecondsAfterFinished, terminationGracePeriodSeconds, cleanup, jobTemplateYaml, annotations,
                nodeTemplates, passed);
    }
}
