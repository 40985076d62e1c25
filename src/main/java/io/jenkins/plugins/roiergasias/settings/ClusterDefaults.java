package io.jenkins.plugins.roiergasias.settings;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.Objects;

/**
 * One named cluster of the global configuration: where it is, how to reach it, and its own
 * defaults for the steps that run there (the fields of {@link GlobalDefaults}).
 *
 * @param name what a step names it by, {@code cluster: 'name'}
 * @param settings its server, CA, skip-TLS, credential, namespace and defaults; null where unset
 */
public record ClusterDefaults(String name, GlobalDefaults settings) {
    public ClusterDefaults {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(settings, "settings");
    }

    /** The name of the cluster that an existing single-server configuration becomes. */
    public static final String DEFAULT_NAME = "default";

    /** The cluster's server URL when it sets one, else null. */
    @CheckForNull
    String serverUrl() {
        return SettingsResolver.first(settings.serverUrl(), null);
    }
}
