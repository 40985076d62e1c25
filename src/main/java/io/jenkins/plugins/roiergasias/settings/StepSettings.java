package io.jenkins.plugins.roiergasias.settings;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.Map;

/**
 * What the user wrote on one pipeline step or freestyle build step; null where the user left an
 * option out (the global default applies).
 *
 * @param file a path in the workspace
 * @param text the workflow itself
 * @param segmentTimeout e.g. {@code 2h}, see {@link DurationText}
 * @param pendingTimeout e.g. {@code 5m}
 * @param cleanup {@code always}, {@code keepOnFailure} or {@code never}
 * @param mergeSameNode run consecutive tasks on the same node as one Job
 * @param dryRun print the objects that would be created, create nothing
 * @param passEnv names or globs of build variables passed to the workflow, see {@link PassEnvSelection}
 * @param nodeTemplates per node value, a Job/Pod template merged on top of {@code jobTemplate}
 * @param commands how {@code execute} commands run unless the file says: {@code shell} or {@code reference}
 */
public record StepSettings(
        @CheckForNull String file,
        @CheckForNull String text,
        @CheckForNull String credentialsId,
        @CheckForNull String serverUrl,
        @CheckForNull String namespace,
        @CheckForNull String image,
        @CheckForNull String jobTemplate,
        @CheckForNull String nodeLabelKey,
        @CheckForNull String segmentTimeout,
        @CheckForNull String pendingTimeout,
        @CheckForNull Integer backoffLimit,
        @CheckForNull String cleanup,
        boolean mergeSameNode,
        boolean dryRun,
        @CheckForNull String passEnv,
        @CheckForNull Map<String, String> nodeTemplates,
        @CheckForNull String commands) {

    /** Without a command mode: the global default applies. */
    public StepSettings(@CheckForNull String file, @CheckForNull String text, @CheckForNull String credentialsId,
            @CheckForNull String serverUrl, @CheckForNull String namespace, @CheckForNull String image,
            @CheckForNull String jobTemplate, @CheckForNull String nodeLabelKey, @CheckForNull String segmentTimeout,
            @CheckForNull String pendingTimeout, @CheckForNull Integer backoffLimit, @CheckForNull String cleanup,
            boolean mergeSameNode, boolean dryRun, @CheckForNull String passEnv,
            @CheckForNull Map<String, String> nodeTemplates) {
        this(file, text, credentialsId, serverUrl, namespace, image, jobTemplate, nodeLabelKey, segmentTimeout,
                pendingTimeout, backoffLimit, cleanup, mergeSameNode, dryRun, passEnv, nodeTemplates, null);
    }

    /** The settings as they were before {@code passEnv}, {@code nodeTemplates} and {@code commands}. */
    public StepSettings(@CheckForNull String file, @CheckForNull String text, @CheckForNull String credentialsId,
            @CheckForNull String serverUrl, @CheckForNull String namespace, @CheckForNull String image,
            @CheckForNull String jobTemplate, @CheckForNull String nodeLabelKey, @CheckForNull String segmentTimeout,
            @CheckForNull String pendingTimeout, @CheckForNull Integer backoffLimit, @CheckForNull String cleanup,
            boolean mergeSameNode, boolean dryRun) {
        this(file, text, credentialsId, serverUrl, namespace, image, jobTemplate, nodeLabelKey, segmentTimeout,
                pendingTimeout, backoffLimit, cleanup, mergeSameNode, dryRun, null, null, null);
    }

    /** These settings with the command mode {@code commands} ({@code shell}, {@code reference}, or null). */
    public StepSettings withCommands(@CheckForNull String commands) {
        return new StepSettings(file, text, credentialsId, serverUrl, namespace, image, jobTemplate, nodeLabelKey,
                segmentTimeout, pendingTimeout, backoffLimit, cleanup, mergeSameNode, dryRun, passEnv, nodeTemplates,
                commands);
    }

    /** Only the workflow text, every option left to the defaults. */
    public static StepSettings ofText(String text) {
        return new StepSettings(null, text, null, null, null, null, null, null, null, null, null, null, false, false);
    }

    /** Only the workflow file, every option left to the defaults. */
    public static StepSettings ofFile(String file) {
        return new StepSettings(file, null, null, null, null, null, null, null, null, null, null, null, false, false);
    }
}
