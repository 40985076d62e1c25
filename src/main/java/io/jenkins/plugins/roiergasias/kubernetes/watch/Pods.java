package io.jenkins.plugins.roiergasias.kubernetes.watch;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.Names;
import java.util.Set;

/** Reading a pod's status: is our container started, ended, stuck, and why. */
public final class Pods {
    /** Waiting reasons that will not go away by themselves: the segment fails at once. */
    public static final Set<String> IMAGE_FAILURES = Set.of("ImagePullBackOff", "InvalidImageName",
            "ErrImageNeverPull", "RegistryUnavailable");

    public static final Set<String> CREATE_FAILURES = Set.of("CreateContainerConfigError", "CreateContainerError",
            "RunContainerError");

    private Pods() {}

    @CheckForNull
    static ContainerStatus container(@CheckForNull Pod pod) {
        if (pod == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return null;
        }
        for (ContainerStatus cs : pod.getStatus().getContainerStatuses()) {
            if (Names.CONTAINER.equals(cs.getName())) {
                return cs;
            }
        }
        return null;
    }

    @CheckForNull
    static ContainerState state(@CheckForNull Pod pod) {
        ContainerStatus cs = container(pod);
        return cs == null ? null : cs.getState();
    }

    /** The container ran (it is running or it ended): its log can be read. */
    public static boolean started(@CheckForNull Pod pod) {
        ContainerState s = state(pod);
        return s != null && (s.getRunning() != null || s.getTerminated() != null);
    }

    /** The container's end, null while it has not ended. */
    @CheckForNull
    public static ContainerStateTerminated terminated(@CheckForNull Pod pod) {
        ContainerState s = state(pod);
        return s == null ? null : s.getTerminated();
    }

    /** The pod ended (Succeeded or Failed), whether or not the container ever ran (eviction). */
    public static boolean finished(@CheckForNull Pod pod) {
        if (pod == null || pod.getStatus() == null) {
            return false;
        }
        String phase = pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase) || terminated(pod) != null;
    }

    @CheckForNull
    public static ContainerStateWaiting waiting(@CheckForNull Pod pod) {
        ContainerState s = state(pod);
        return s == null ? null : s.getWaiting();
    }

    /** The scheduler's message when the pod cannot be placed on any node, else null. */
    @CheckForNull
    public static String unschedulable(@CheckForNull Pod pod) {
        if (pod == null || pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return null;
        }
        for (PodCondition c : pod.getStatus().getConditions()) {
            if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())) {
                return c.getMessage() == null ? String.valueOf(c.getReason()) : c.getMessage();
            }
        }
        return null;
    }

    @CheckForNull
    public static String node(@CheckForNull Pod pod) {
        return pod == null || pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    }

    /** The image of the container that runs the program, as the pod spec names it. */
    @CheckForNull
    public static String image(Pod pod) {
        if (pod.getSpec() == null || pod.getSpec().getContainers() == null) {
            return null;
        }
        return pod.getSpec().getContainers().stream()
                .filter(c -> Names.CONTAINER.equals(c.getName()))
                .map(io.fabric8.kubernetes.api.model.Container::getImage)
                .findFirst()
                .orElse(null);
    }

    public static String name(Pod pod) {
        return pod.getMetadata().getName();
    }
}
