package io.jenkins.plugins.roiergasias.kubernetes.watch;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.Names;

/** For tests of log following: every pod asked about runs, until the test ends them all. */
public final class EndingPod implements PodTracker {
    private final Signal signal = new Signal();
    private volatile boolean ended;

    /** The pods end (container exit code 0) and whoever waits on the signal is woken. */
    public void end() {
        ended = true;
        signal.fire();
    }

    @Override
    @CheckForNull
    public Pod pod(String name) {
        var state = ended
                ? new ContainerStateBuilder().withNewTerminated().withExitCode(0).endTerminated().build()
                : new ContainerStateBuilder().withNewRunning().endRunning().build();
        return new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewStatus()
                .withPhase(ended ? "Succeeded" : "Running")
                .withContainerStatuses(new ContainerStatusBuilder().withName(Names.CONTAINER).withState(state).build())
                .endStatus().build();
    }

    @Override
    public Signal signal() {
        return signal;
    }
}
