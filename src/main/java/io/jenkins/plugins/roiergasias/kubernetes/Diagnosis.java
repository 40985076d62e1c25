package io.jenkins.plugins.roiergasias.kubernetes;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.JobOptions;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.Names;
import io.jenkins.plugins.roiergasias.kubernetes.watch.Pods;
import io.jenkins.plugins.roiergasias.program.ProgramStatus;
import io.jenkins.plugins.roiergasias.report.StepReport;
import io.jenkins.plugins.roiergasias.run.Outcomes;
import io.jenkins.plugins.roiergasias.segment.Segment;

/** Explains in words a user can act on why a pod is stuck or why a segment ended as it did. */
final class Diagnosis {
    private Diagnosis() {}

    /** The Job's condition of {@code type} with status True, or null. */
    @CheckForNull
    static JobCondition condition(@CheckForNull Job job, String type) {
        if (job == null || job.getStatus() == null || job.getStatus().getConditions() == null) {
            return null;
        }
        for (JobCondition c : job.getStatus().getConditions()) {
            if (type.equals(c.getType()) && "True".equals(c.getStatus())) {
                return c;
            }
        }
        return null;
    }

    /** A reason to give up on a pod that has not started, right now; null to keep waiting. */
    @CheckForNull
    static String fatalWaiting(Pod pod, JobOptions options) {
        ContainerStateWaiting w = Pods.waiting(pod);
        if (w == null || w.getReason() == null) {
            return null;
        }
        String reason = w.getReason();
        String detail = w.getMessage() == null ? "" : ": " + w.getMessage();
        if (Pods.IMAGE_FAILURES.contains(reason)) {
            return "the image " + quote(image(pod)) + " cannot be pulled (" + reason + detail + "). Check the image"
                    + " name and tag and that the nodes can reach the registry; for a private registry add"
                    + " imagePullSecrets to the job template.";
        }
        if (Pods.CREATE_FAILURES.contains(reason)) {
            return "the container cannot be created (" + reason + detail + "). Check the secrets, ConfigMaps and"
                    + " volumes the job template refers to (e.g. env secretKeyRef) exist in namespace \""
                    + pod.getMetadata().getNamespace() + "\".";
        }
        return null;
    }

    /** Why the pod is still pending, for the progress line and the pending-timeout message. */
    static String pendingReason(Pod pod, Segment segment, JobOptions options) {
        String unschedulable = Pods.unschedulable(pod);
        if (unschedulable != null) {
            String pin = segment.node() == null ? "" : " The segment is pinned to node \"" + segment.node()
                    + "\": no schedulable node may carry the label " + options.nodeLabelKey() + "=" + segment.node()
                    + " (kubectl label node NODE " + options.nodeLabelKey() + "=" + segment.node() + ").";
            return "no node can run the pod (unschedulable): the scheduler says: " + unschedulable + "." + pin;
        }
        ContainerStateWaiting w = Pods.waiting(pod);
        if (w != null && w.getReason() != null) {
            return "the container is waiting: " + w.getReason() + (w.getMessage() == null ? "" : ": " + w.getMessage());
        }
        return "the pod is " + (pod.getStatus() == null ? "Pending" : pod.getStatus().getPhase());
    }

    /**
     * The end of a segment whose pod (or Job) finished. Order matters: a deadline, an OOM kill or an
     * eviction explain a failure better than the exit code they caused.
     */
    static Outcome finished(Segment segment, @CheckForNull Job job, @CheckForNull Pod pod,
            @CheckForNull ProgramStatus status, @CheckForNull StepReport failedStep, JobOptions options) {
        JobCondition failedCond = condition(job, "Failed");
        if (failedCond != null && "DeadlineExceeded".equals(failedCond.getReason())) {
            return Outcome.aborted("timed out: the segment ran longer than its timeout of "
                    + options.segmentTimeout().toSeconds() + " s (the Job's activeDeadlineSeconds) and Kubernetes"
                    + " stopped it");
        }
        ContainerStateTerminated t = Pods.terminated(pod);
        String disrupted = disrupted(pod);
        if (disrupted != null) { // before the step results: the program's TERM handler may have failed a step
            return Outcome.infrastructure(disrupted
                    + (status == null ? "" : " (after " + status.completed() + " step(s) of the segment)"));
        }
        if (t != null && "OOMKilled".equals(t.getReason())) {
            return Outcome.error("the container was OOM-killed (exit code " + t.getExitCode() + "): it needed more"
                    + " memory than its limit" + memoryLimit(pod) + "; raise resources.limits.memory in the job"
                    + " template");
        }
        if (failedStep != null) {
            return Outcome.failed(Outcomes.stepFailed(failedStep));
        }
        Integer exit = t == null ? null : t.getExitCode();
        boolean podSucceeded = pod != null && pod.getStatus() != null && "Succeeded".equals(pod.getStatus().getPhase());
        if ((exit != null && exit == 0) || (exit == null && podSucceeded) || (exit == null && pod == null
                && condition(job, "Complete") != null)) {
            return Outcome.SUCCEEDED;
        }
        if (exit != null && (exit == 137 || exit == 143)) {
            return Outcome.error("the container was killed (exit code " + exit + ", " + t.getReason() + ")"
                    + (status == null ? "" : " after " + status.completed() + " step(s)"));
        }
        if (t != null) {
            return Outcome.error("the container ended with exit code " + exit + " (" + t.getReason() + ")"
                    + (t.getMessage() == null || status != null ? "" : ": " + t.getMessage().strip()));
        }
        if (failedCond != null) {
            return Outcome.error("the Job failed (" + failedCond.getReason() + "): " + failedCond.getMessage());
        }
        String phase = pod == null || pod.getStatus() == null ? "gone" : pod.getStatus().getPhase();
        return Outcome.error("the pod ended (" + phase + ") without a result"
                + (pod != null && pod.getStatus() != null && pod.getStatus().getMessage() != null
                        ? ": " + pod.getStatus().getMessage() : ""));
    }

    /** Pod reasons of a node that went away or shut down. */
    private static final java.util.Set<String> NODE_GONE = java.util.Set.of("NodeLost", "Shutdown", "NodeShutdown",
            "Terminated", "UnexpectedAdmissionError");

    /**
     * Why the cluster, not the program, ended the pod: evicted, deleted (someone deleted it, or its
     * node was drained), disrupted (preemption, taint manager, node pressure: the DisruptionTarget
     * condition), its node lost or shut down; null when none of these.
     */
    @CheckForNull
    static String disrupted(@CheckForNull Pod pod) {
        if (pod == null || pod.getStatus() == null) {
            return null;
        }
        String name = Pods.name(pod);
        String reason = pod.getStatus().getReason();
        String message = pod.getStatus().getMessage() == null ? "" : ": " + pod.getStatus().getMessage();
        if ("Evicted".equals(reason)) {
            return "the pod was evicted from its node" + message;
        }
        if (reason != null && NODE_GONE.contains(reason)) {
            return "the node of pod " + name + " went away (" + reason + ")" + message;
        }
        if (pod.getStatus().getConditions() != null) {
            for (var c : pod.getStatus().getConditions()) {
                if ("DisruptionTarget".equals(c.getType()) && "True".equals(c.getStatus())) {
                    return "the pod " + name + " was disrupted (" + c.getReason() + ")"
                            + (c.getMessage() == null ? "" : ": " + c.getMessage());
                }
            }
        }
        if (pod.getMetadata() != null && pod.getMetadata().getDeletionTimestamp() != null) {
            return "the pod " + name + " was deleted while it ran (by someone, or by a drain of its node)";
        }
        return null;
    }

    /** Whether a pod cannot start because its image cannot be pulled now, which a later attempt may not meet. */
    static boolean pullFailure(@CheckForNull Pod pod) {
        var w = pod == null ? null : Pods.waiting(pod);
        return w != null && ("ImagePullBackOff".equals(w.getReason()) || "ErrImagePull".equals(w.getReason())
                || "RegistryUnavailable".equals(w.getReason()));
    }

    private static String memoryLimit(@CheckForNull Pod pod) {
        if (pod == null || pod.getSpec() == null) {
            return "";
        }
        for (Container c : pod.getSpec().getContainers()) {
            if (Names.CONTAINER.equals(c.getName()) && c.getResources() != null && c.getResources().getLimits() != null) {
                Quantity q = c.getResources().getLimits().get("memory");
                return q == null ? "" : " (" + q + ")";
            }
        }
        return "";
    }

    @CheckForNull
    private static String image(Pod pod) {
        if (pod.getSpec() == null) {
            return null;
        }
        for (Container c : pod.getSpec().getContainers()) {
            if (Names.CONTAINER.equals(c.getName())) {
                return c.getImage();
            }
        }
        return null;
    }

    private static String quote(@CheckForNull String s) {
        return "\"" + s + "\"";
    }
}
