package io.jenkins.plugins.roiergasias.settings;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.CleanupPolicy;
import io.jenkins.plugins.roiergasias.workflow.CommandMode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Merges a step's options with the global defaults and checks the result, before anything runs.
 * Every problem is reported, each in one sentence that says what to write instead.
 */
public final class SettingsResolver {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern LABEL_KEY = Pattern.compile(
            "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");

    private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");

    private SettingsResolver() {}

    /**
     * The outcome: settings when there is no error, else every error.
     *
     * @param settings null when {@code errors} is not empty
     */
    public record Resolution(@CheckForNull ResolvedSettings settings, List<String> errors) {
        public Resolution {
            errors = List.copyOf(errors);
        }

        public boolean ok() {
            return errors.isEmpty();
        }

        /** All errors as one message, one per line. */
        public String message() {
            return String.join("\n", errors);
        }
    }

    public static Resolution resolve(StepSettings step, GlobalDefaults defaults) {
        List<String> errors = new ArrayList<>();
        String file = blankToNull(step.file());
        String text = step.text() == null || step.text().isBlank() ? null : step.text();
        if (file != null && text != null) {
            errors.add("Give either file: or text:, not both.");
        } else if (file == null && text == null) {
            errors.add("Give the workflow with file: 'path/in/workspace.yaml' or text: '''version: 0.1 ...'''.");
        }

        String credentialsId = first(step.credentialsId(), defaults.credentialsId());
        String serverUrl = first(step.serverUrl(), defaults.serverUrl());
        if (serverUrl != null) {
            checkServerUrl(serverUrl, errors);
        }
        String namespace = first(step.namespace(), defaults.namespace());
        if (namespace != null && !DNS_LABEL.matcher(namespace).matches()) {
            errors.add("namespace '" + namespace + "' is not a Kubernetes namespace name: lower-case letters, digits"
                    + " and '-', at most 63 characters.");
        }
        String image = orDefault(first(step.image(), defaults.image()), GlobalDefaults.DEFAULT_IMAGE);
        if (image.chars().anyMatch(Character::isWhitespace)) {
            errors.add("image '" + image + "' contains a space: give an image reference such as busybox:1.36.");
        }
        String labelKey =
                orDefault(first(step.nodeLabelKey(), defaults.nodeLabelKey()), GlobalDefaults.DEFAULT_NODE_LABEL_KEY);
        if (!LABEL_KEY.matcher(labelKey).matches()) {
            errors.add("nodeLabelKey '" + labelKey + "' is not a Kubernetes label key, e.g. node.roiergasias.");
        }
        Duration segmentTimeout = duration("segmentTimeout", first(step.segmentTimeout(), defaults.segmentTimeout()),
                GlobalDefaults.DEFAULT_SEGMENT_TIMEOUT, errors);
        Duration pendingTimeout = duration("pendingTimeout", first(step.pendingTimeout(), defaults.pendingTimeout()),
                GlobalDefaults.DEFAULT_PENDING_TIMEOUT, errors);
        int backoffLimit = step.backoffLimit() != null
                ? step.backoffLimit()
                : defaults.backoffLimit() != null ? defaults.backoffLimit() : GlobalDefaults.DEFAULT_BACKOFF_LIMIT;
        if (backoffLimit < 0) {
            errors.add("backoffLimit is " + backoffLimit + ": give 0 (no retry, the default) or more.");
        }
        CleanupPolicy cleanup = CleanupPolicy.ALWAYS;
        try {
            cleanup = CleanupChoice.parse(
                    orDefault(first(step.cleanup(), defaults.cleanup()), GlobalDefaults.DEFAULT_CLEANUP));
        } catch (IllegalArgumentException e) {
            errors.add(e.getMessage() + ".");
        }
        String jobTemplate = step.jobTemplate() != null && !step.jobTemplate().isBlank()
                ? step.jobTemplate()
                : defaults.jobTemplate() != null && !defaults.jobTemplate().isBlank() ? defaults.jobTemplate() : null;
        List<String> passEnv = PassEnvSelection.parse(step.passEnv());
        errors.addAll(PassEnvSelection.problems(passEnv));
        Map<String, String> nodeTemplates = nodeTemplates(step.nodeTemplates(), defaults.nodeTemplates(), errors);
        if (defaults.restrictStepTemplates()) {
            StepTemplates.check(step, errors);
        }
        String commandsName = orDefault(first(step.commands(), defaults.commands()), GlobalDefaults.DEFAULT_COMMANDS);
        CommandMode commands = CommandMode.named(commandsName);
        if (commands == null) {
            errors.add("commands '" + commandsName + "' is not a command mode: give shell (the default, /bin/sh -c)"
                    + " or reference (as the original roiergasias engine ran commands).");
        }
        if (credentialsId == null && !step.dryRun()) {
            errors.add("No credentials to reach the cluster: set credentialsId on the step or the credential of a cluster"
                    + " under Manage Jenkins → System → roiergasias (or use dryRun: true to only print the Jobs).");
        }
        if (!errors.isEmpty()) {
            return new Resolution(null, errors);
        }
        String ca = defaults.caCertificate() == null || defaults.caCertificate().isBlank()
                ? null
                : defaults.caCertificate().strip();
        return new Resolution(
                new ResolvedSettings(
                        file != null ? file : ResolvedSettings.INLINE_SOURCE,
                        file != null,
                        credentialsId,
                        serverUrl,
                        ca,
                        defaults.skipTlsVerify(),
                        namespace,
                        image,
                        labelKey,
                        backoffLimit,
                        segmentTimeout,
                        pendingTimeout,
                        cleanup,
                        jobTemplate,
                        step.mergeSameNode(),
                        step.dryRun(),
                        passEnv,
                        nodeTemplates,
                        commands),
                List.of());
    }

    /**
     * The global templates per node, replaced node by node by the step's; blank templates are
     * dropped. A node must be a label value, as the segment's nodeSelector uses it.
     */
    private static Map<String, String> nodeTemplates(
            @CheckForNull Map<String, String> step, Map<String, String> global, List<String> errors) {
        Map<String, String> out = new TreeMap<>();
        for (Map<String, String> m : java.util.Arrays.asList(global, step)) {
            if (m != null) {
                m.forEach((node, yaml) -> {
                    String n = node == null ? "" : node.strip();
                    if (!LABEL_VALUE.matcher(n).matches()) {
                        errors.add("nodeTemplates: '" + node + "' is not a node value (a label value such as gpu or"
                                + " node1: letters, digits, '-', '_' and '.', at most 63 characters).");
                    } else if (yaml == null || yaml.isBlank()) {
                        out.remove(n);
                    } else {
                        out.put(n, yaml);
                    }
                });
            }
        }
        return out;
    }

    private static void checkServerUrl(String serverUrl, List<String> errors) {
        try {
            URI uri = new URI(serverUrl);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
                errors.add("serverUrl '" + serverUrl + "' is not an http(s) URL, e.g. https://10.0.0.1:6443.");
            }
        } catch (URISyntaxException e) {
            errors.add("serverUrl '" + serverUrl + "' is not a URL: " + e.getReason() + ".");
        }
    }

    private static Duration duration(String what, @CheckForNull String text, String fallback, List<String> errors) {
        try {
            return DurationText.parse(what, text != null ? text : fallback);
        } catch (IllegalArgumentException e) {
            errors.add(e.getMessage() + ".");
            return Duration.ofSeconds(1);
        }
    }

    /** The first value that is not blank, stripped; null when all are blank. */
    @CheckForNull
    static String first(@CheckForNull String stepValue, @CheckForNull String globalValue) {
        String s = blankToNull(stepValue);
        return s != null ? s : blankToNull(globalValue);
    }

    private static String orDefault(@CheckForNull String value, String fallback) {
        return value != null ? value : fallback;
    }

    @CheckForNull
    private static String blankToNull(@CheckForNull String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
