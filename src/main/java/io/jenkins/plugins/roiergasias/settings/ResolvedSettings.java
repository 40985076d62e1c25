package io.jenkins.plugins.roiergasias.settings;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.roiergasias.kubernetes.connection.ConnectionSettings;
import io.jenkins.plugins.roiergasias.kubernetes.connection.Credential;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.CleanupPolicy;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.JobOptions;
import io.jenkins.plugins.roiergasias.workflow.CommandMode;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The settings a run uses: the step's options over the global defaults over the engine's
 * defaults, validated. Holds no secret (the credential is only named), so it may be persisted with
 * the build: {@link #encode()} gives plain text that {@link #decode} reads back.
 *
 * @param source the workflow file's path, or {@code text} for an inline workflow; used in messages
 * @param fromFile whether the workflow is read from {@code source} in the workspace
 * @param credentialsId the Jenkins credential to authenticate with, null for none (dry run only)
 * @param passEnv names and globs of the build variables to pass; their values are read when the run
 *     starts and never persisted
 * @param nodeTemplates per node value, a template merged on top of {@code jobTemplateYaml}
 * @param commands how {@code execute} commands run when the workflow file does not say it
 */
public record ResolvedSettings(
        String source,
        boolean fromFile,
        @CheckForNull String credentialsId,
        @CheckForNull String serverUrl,
        @CheckForNull String caCertificatePem,
        boolean skipTlsVerify,
        @CheckForNull String namespace,
        String image,
        String nodeLabelKey,
        int backoffLimit,
        Duration segmentTimeout,
        Duration pendingTimeout,
        CleanupPolicy cleanup,
        @CheckForNull String jobTemplateYaml,
        boolean mergeSameNode,
        boolean dryRun,
        List<String> passEnv,
        Map<String, String> nodeTemplates,
        CommandMode commands) {
    public ResolvedSettings {
        passEnv = List.copyOf(passEnv);
        nodeTemplates = Map.copyOf(nodeTemplates);
    }

    /** With the default command mode, {@link CommandMode#SHELL}. */
    public ResolvedSettings(
            String source, boolean fromFile, @CheckForNull String credentialsId, @CheckForNull String serverUrl,
            @CheckForNull String caCertificatePem, boolean skipTlsVerify, @CheckForNull String namespace,
            String image, String nodeLabelKey, int backoffLimit, Duration segmentTimeout, Duration pendingTimeout,
            CleanupPolicy cleanup, @CheckForNull String jobTemplateYaml, boolean mergeSameNode, boolean dryRun,
            List<String> passEnv, Map<String, String> nodeTemplates) {
        this(source, fromFile, credentialsId, serverUrl, caCertificatePem, skipTlsVerify, namespace, image,
                nodeLabelKey, backoffLimit, segmentTimeout, pendingTimeout, cleanup, jobTemplateYaml, mergeSameNode,
                dryRun, passEnv, nodeTemplates, CommandMode.SHELL);
    }

    /** Without passed variables and node templates, in the default command mode. */
    public ResolvedSettings(
            String source, boolean fromFile, @CheckForNull String credentialsId, @CheckForNull String serverUrl,
            @CheckForNull String caCertificatePem, boolean skipTlsVerify, @CheckForNull String namespace,
            String image, String nodeLabelKey, int backoffLimit, Duration segmentTimeout, Duration pendingTimeout,
            CleanupPolicy cleanup, @CheckForNull String jobTemplateYaml, boolean mergeSameNode, boolean dryRun) {
        this(source, fromFile, credentialsId, serverUrl, caCertificatePem, skipTlsVerify, namespace, image,
                nodeLabelKey, backoffLimit, segmentTimeout, pendingTimeout, cleanup, jobTemplateYaml, mergeSameNode,
                dryRun, List.of(), Map.of(), CommandMode.SHELL);
    }

    /** The name used in messages for an inline workflow. */
    public static final String INLINE_SOURCE = "text";

    /** How segments become Jobs, with annotations for people (e.g. which Jenkins build). */
    public JobOptions jobOptions(Map<String, String> annotations) {
        JobOptions d = JobOptions.defaults();
        return new JobOptions(image, nodeLabelKey, backoffLimit, segmentTimeout, pendingTimeout,
                d.ttlSecondsAfterFinished(), d.terminationGracePeriodSeconds(), cleanup, jobTemplateYaml, annotations)
                .withNodeTemplates(nodeTemplates);
    }

    public ConnectionSettings connection(Credential credential) {
        return new ConnectionSettings(serverUrl, caCertificatePem, skipTlsVerify, namespace, credential);
    }

    /**
     * What is wrong with using {@code credential} with these settings, or null: only a kubeconfig
     * says where the API server is, every other kind of credential needs a server URL.
     */
    @CheckForNull
    public String problemWith(Credential credential) {
        if (serverUrl == null && !(credential instanceof Credential.Kubeconfig)) {
            return "No API server URL: set one on the cluster under Manage Jenkins → System → roiergasias, or"
                    + " serverUrl on the step (only a kubeconfig credential carries its own server)";
        }
        return null;
    }

    /** Plain text for persisting; no secret is in it. */
    public String encode() {
        Properties p = new Properties();
        put(p, "source", source);
        put(p, "fromFile", Boolean.toString(fromFile));
        put(p, "credentialsId", credentialsId);
        put(p, "serverUrl", serverUrl);
        put(p, "caCertificate", caCertificatePem);
        put(p, "skipTlsVerify", Boolean.toString(skipTlsVerify));
        put(p, "namespace", namespace);
        put(p, "image", image);
        put(p, "nodeLabelKey", nodeLabelKey);
        put(p, "backoffLimit", Integer.toString(backoffLimit));
        put(p, "segmentTimeout", Long.toString(segmentTimeout.getSeconds()));
        put(p, "pendingTimeout", Long.toString(pendingTimeout.getSeconds()));
        put(p, "cleanup", cleanup.name());
        put(p, "jobTemplate", jobTemplateYaml);
        put(p, "mergeSameNode", Boolean.toString(mergeSameNode));
        put(p, "dryRun", Boolean.toString(dryRun));
        put(p, "passEnv", passEnv.isEmpty() ? null : String.join(",", passEnv));
        nodeTemplates.forEach((node, yaml) -> put(p, NODE_TEMPLATE + node, yaml));
        put(p, "commands", commands.key());
        StringWriter w = new StringWriter();
        try {
            p.store(w, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** Reads what {@link #encode()} wrote. */
    public static ResolvedSettings decode(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ResolvedSettings(
                p.getProperty("source"),
                Boolean.parseBoolean(p.getProperty("fromFile")),
                p.getProperty("credentialsId"),
                p.getProperty("serverUrl"),
                p.getProperty("caCertificate"),
                Boolean.parseBoolean(p.getProperty("skipTlsVerify")),
                p.getProperty("namespace"),
                p.getProperty("image"),
                p.getProperty("nodeLabelKey"),
                Integer.parseInt(p.getProperty("backoffLimit")),
                Duration.ofSeconds(Long.parseLong(p.getProperty("segmentTimeout"))),
                Duration.ofSeconds(Long.parseLong(p.getProperty("pendingTimeout"))),
                CleanupPolicy.valueOf(p.getProperty("cleanup")),
                p.getProperty("jobTemplate"),
                Boolean.parseBoolean(p.getProperty("mergeSameNode")),
                Boolean.parseBoolean(p.getProperty("dryRun")),
                PassEnvSelection.parse(p.getProperty("passEnv")),
                nodeTemplates(p),
                // settings persisted before the command mode existed ran in the shell mode
                Objects.requireNonNullElse(CommandMode.named(p.getProperty("commands")), CommandMode.SHELL));
    }

    private static final String NODE_TEMPLATE = "nodeTemplate.";

    private static Map<String, String> nodeTemplates(Properties p) {
        Map<String, String> out = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith(NODE_TEMPLATE)) {
                out.put(key.substring(NODE_TEMPLATE.length()), p.getProperty(key));
            }
        }
        return out;
    }

    private static void put(Properties p, String key, @CheckForNull String value) {
        if (value != null) {
            p.setProperty(key, value);
        }
    }
}
