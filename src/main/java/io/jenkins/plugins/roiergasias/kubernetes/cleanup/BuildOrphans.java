package io.jenkins.plugins.roiergasias.kubernetes.cleanup;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Which runs a Jenkins controller may sweep: those that one of its own builds started (the
 * {@code jenkins.io/build} annotation, and the {@code jenkins.io/build-url} one under this
 * controller's root URL when both are known) and whose build no longer runs, once their newest
 * object is older than a minimum age (so that a build that just ended has finished its own
 * clean-up). Runs of the command line, of another controller, and of running builds are kept.
 */
public final class BuildOrphans {
    /** What Jenkins knows about a build. */
    public enum BuildState {
        /** The build is still going on (also while a Pipeline build resumes after a restart). */
        RUNNING,
        /** The build has ended. */
        FINISHED,
        /** No such build (deleted, or its job was). */
        GONE
    }

    private BuildOrphans() {}

    /**
     * @param rootUrl this controller's root URL, or null when it has none configured
     * @param state the state of a build given its {@code Run.getExternalizableId()}; may throw
     *     {@link IllegalArgumentException} for an id that is not one
     */
    public static List<RunObjects> select(List<RunObjects> runs, @CheckForNull String rootUrl,
            Function<String, BuildState> state, Duration minAge, Instant now) {
        List<RunObjects> orphans = new ArrayList<>();
        for (RunObjects run : runs) {
            String build = run.build();
            if (build == null || !run.olderThan(minAge, now)) {
                continue;
            }
            if (run.buildUrl() != null && (rootUrl == null || !run.buildUrl().startsWith(rootUrl))) {
                continue; // another controller's build
            }
            BuildState s;
            try {
                s = state.apply(build);
            } catch (IllegalArgumentException e) {
                continue; // not a build id of this controller
            }
            if (s != BuildState.RUNNING) {
                orphans.add(run);
            }
        }
        return orphans;
    }
}
