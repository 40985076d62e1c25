package io.jenkins.plugins.roiergasias.kubernetes.cleanup;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The Jobs and ConfigMaps one run left in a namespace, as {@code job/NAME} and {@code configmap/NAME}
 * (Jobs first), with the creation time of the newest of them and the annotations that say who started
 * the run ({@code jenkins.io/build}, {@code jenkins.io/build-url}, {@code roiergasias.io/started-by}).
 */
public record RunObjects(
        String runId, List<String> objects, @CheckForNull Instant newest, Map<String, String> annotations) {
    /** The annotation with the Jenkins build's {@code Run.getExternalizableId()}. */
    public static final String BUILD = "jenkins.io/build";
    /** The annotation with the Jenkins build's absolute URL (when Jenkins knows its root URL). */
    public static final String BUILD_URL = "jenkins.io/build-url";

    public RunObjects {
        objects = List.copyOf(objects);
        annotations = Map.copyOf(annotations);
    }

    /** The build that started the run, or null (a run of the command line). */
    @CheckForNull
    public String build() {
        return annotations.get(BUILD);
    }

    @CheckForNull
    public String buildUrl() {
        return annotations.get(BUILD_URL);
    }

    /**
     * Whether the newest object is older than {@code age} at {@code now}. A run with an object
     * without a creation time ({@code newest} null) is never old: nothing proves it is over.
     */
    public boolean olderThan(Duration age, Instant now) {
        return newest != null && newest.isBefore(now.minus(age));
    }
}
