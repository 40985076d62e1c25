package io.jenkins.plugins.roiergasias.settings;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.CleanupPolicy;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.JobOptions;
import io.jenkins.plugins.roiergasias.workflow.CommandMode;
import java.util.Map;

/**
 * The defaults of Manage Jenkins → System, as configured; null where nothing was configured (the
 * engine's defaults apply).
 *
 * @param caCertificate the API server's CA certificate, PEM
 * @param skipTlsVerify trust any server certificate
 * @param nodeTemplates per node value, a template merged on top of {@code jobTemplate}
 * @param commands the default command mode of runs: {@code shell} or {@code reference}
 * @param restrictStepTemplates refuse what a step's templates may not set ({@code TemplatePolicy}); the
 *     global templates, written by an administrator, are never restricted
 */
public record GlobalDefaults(
        @CheckForNull String serverUrl,
        @CheckForNull String credentialsId,
        @CheckForNull String namespace,
        @CheckForNull String caCertificate,
        boolean skipTlsVerify,
        @CheckForNull String image,
        @CheckForNull String nodeLabelKey,
        @CheckForNull String jobTemplate,
        @CheckForNull String segmentTimeout,
        @CheckForNull String pendingTimeout,
        @CheckForNull Integer backoffLimit,
        @CheckForNull String cleanup,
        Map<String, String> nodeTemplates,
        @CheckForNull String commands,
        boolean restrictStepTemplates) {
    public GlobalDefaults {
        nodeTemplates = nodeTemplates == null ? Map.of() : Map.copyOf(nodeTemplates);
    }

    /** Step templates restricted, the safe default. */
    public GlobalDefaults(@CheckForNull String serverUrl, @CheckForNull String credentialsId,
            @CheckForNull String namespace, @CheckForNull String caCertificate, boolean skipTlsVerify,
            @CheckForNull String image, @CheckForNull String nodeLabelKey, @CheckForNull String jobTemplate,
            @CheckForNull String segmentTimeout, @CheckForNull String pendingTimeout,
            @CheckForNull Integer backoffLimit, @CheckForNull String cleanup, Map<String, String> nodeTemplates,
            @CheckForNull String commands) {
        this(serverUrl, credentialsId, namespace, caCertificate, skipTlsVerify, image, nodeLabelKey, jobTemplate,
                segmentTimeout, pendingTimeout, backoffLimit, cleanup, nodeTemplates, commands, true);
    }

    /** These defaults with step templates restricted or not. */
    public GlobalDefaults withRestrictStepTemplates(boolean restrict) {
        return new GlobalDefaults(serverUrl, credentialsId, namespace, caCertificate, skipTlsVerify, image,
                nodeLabelKey, jobTemplate, segmentTimeout, pendingTimeout, backoffLimit, cleanup, nodeTemplates,
                commands, restrict);
    }

    /** Without a default command mode (shell). */
    public GlobalDefaults(@CheckForNull String serverUrl, @CheckForNull String credentialsId,
            @CheckForNull String namespace, @CheckForNull String caCertificate, boolean skipTlsVerify,
            @CheckForNull String image, @CheckForNull String nodeLabelKey, @CheckForNull String jobTemplate,
            @CheckForNull String segmentTimeout, @CheckForNull String pendingTimeout,
            @CheckForNull Integer backoffLimit, @CheckForNull String cleanup, Map<String, String> nodeTemplates) {
        this(serverUrl, credentialsId, namespace, caCertificate, skipTlsVerify, image, nodeLabelKey, jobTemplate,
                segmentTimeout, pendingTimeout, backoffLimit, cleanup, nodeTemplates, null);
    }

    /** The defaults as they were before node templates and the command mode. */
    public GlobalDefaults(@CheckForNull String serverUrl, @CheckForNull String credentialsId,
            @CheckForNull String namespace, @CheckForNull String caCertificate, boolean skipTlsVerify,
            @CheckForNull String image, @CheckForNull String nodeLabelKey, @CheckForNull String jobTemplate,
            @CheckForNull String segmentTimeout, @CheckForNull String pendingTimeout,
            @CheckForNull Integer backoffLimit, @CheckForNull String cleanup) {
        this(serverUrl, credentialsId, namespace, caCertificate, skipTlsVerify, image, nodeLabelKey, jobTemplate,
                segmentTimeout, pendingTimeout, backoffLimit, cleanup, Map.of(), null);
    }

    /** These defaults with the command mode {@code commands} ({@code shell}, {@code reference}, or null). */
    public GlobalDefaults withCommands(@CheckForNull String commands) {
        return new GlobalDefaults(serverUrl, credentialsId, namespace, caCertificate, skipTlsVerify, image,
                nodeLabelKey, jobTemplate, segmentTimeout, pendingTimeout, backoffLimit, cleanup, nodeTemplates,
                commands, restrictStepTemplates);
    }

    /** Nothing configured. */
    public static GlobalDefaults none() {
        return new GlobalDefaults(null, null, null, null, false, null, null, null, null, null, null, null);
    }

    /** The values the engine uses when neither the step nor the global configuration set one. */
    public static final String DEFAULT_IMAGE = JobOptions.DEFAULT_IMAGE;

    public static final String DEFAULT_NODE_LABEL_KEY = JobOptions.DEFAULT_NODE_LABEL_KEY;
    public static final String DEFAULT_SEGMENT_TIMEOUT =
            DurationText.format(JobOptions.defaults().segmentTimeout());
    public static final String DEFAULT_PENDING_TIMEOUT =
            DurationText.format(JobOptions.defaults().pendingTimeout());
    public static final int DEFAULT_BACKOFF_LIMIT = JobOptions.defaults().backoffLimit();
    public static final String DEFAULT_CLEANUP = CleanupChoice.name(CleanupPolicy.ALWAYS);
    public static final String DEFAULT_COMMANDS = CommandMode.SHELL.key();
}
