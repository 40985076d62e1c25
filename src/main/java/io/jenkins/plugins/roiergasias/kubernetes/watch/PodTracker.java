package io.jenkins.plugins.roiergasias.kubernetes.watch;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.fabric8.kubernetes.api.model.Pod;

/** The latest known state of a segment's pods, with a signal that fires on every change. */
public interface PodTracker {
    /** The pod as last seen, null when it was deleted (or never seen). */
    @CheckForNull
    Pod pod(String name);

    Signal signal();
}
