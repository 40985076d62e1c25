package io.jenkins.plugins.roiergasias.settings;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves a step against the configured clusters: the step's options over the chosen cluster's
 * over the engine's defaults ({@link ClusterChoice} picks the cluster, {@link SettingsResolver}
 * merges and checks).
 *
 * <p>The connection belongs to the cluster. A kubeconfig credential brings its own server and CA;
 * the cluster's server URL and CA replace them only when the cluster sets them. A step may still
 * give its own {@code credentialsId} (looked up as the build, so only one the job may use anyway)
 * and {@code serverUrl}; a server the administrator did not configure gets neither the cluster's
 * credential (the step must name its own) nor the cluster's CA and skip-TLS, which describe the
 * cluster's server, not that one.
 */
public final class ClusterResolver {
    private ClusterResolver() {}

    public static SettingsResolver.Resolution resolve(
            StepSettings step, @CheckForNull String cluster, List<ClusterDefaults> clusters) {
        ClusterChoice.Choice choice = ClusterChoice.pick(clusters, cluster);
        if (!choice.ok()) {
            // the other settings depend on the cluster: this comes first
            return new SettingsResolver.Resolution(null, List.of(choice.error()));
        }
        List<String> errors = new ArrayList<>();
        GlobalDefaults d = choice.settings();
        String stepServer = SettingsResolver.first(step.serverUrl(), null);
        if (stepServer != null && !stepServer.equals(SettingsResolver.first(d.serverUrl(), null))) {
            if (SettingsResolver.first(step.credentialsId(), null) == null && !step.dryRun()) {
                errors.add("serverUrl '" + stepServer + "' on the step needs the step's own credentialsId: a"
                        + " cluster's credential is sent only to the server its administrator configured.");
            }
            d = withoutTls(d);
        }
        SettingsResolver.Resolution r = SettingsResolver.resolve(step, d);
        if (errors.isEmpty()) {
            return r;
        }
        errors.addAll(r.errors());
        return new SettingsResolver.Resolution(null, errors);
    }

    /** The defaults without the cluster's CA and skip-TLS, for a server the step gave. */
    private static GlobalDefaults withoutTls(GlobalDefaults d) {
        return new GlobalDefaults(d.serverUrl(), d.credentialsId(), d.namespace(), null, false, d.image(),
                d.nodeLabelKey(), d.jobTemplate(), d.segmentTimeout(), d.pendingTimeout(), d.backoffLimit(),
                d.cleanup(), d.nodeTemplates(), d.commands());
    }
}
