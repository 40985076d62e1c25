package io.jenkins.plugins.roiergasias.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Util;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.CleanupPolicy;
import io.jenkins.plugins.roiergasias.settings.CleanupChoice;
import io.jenkins.plugins.roiergasias.settings.DurationText;
import io.jenkins.plugins.roiergasias.settings.GlobalDefaults;
import io.jenkins.plugins.roiergasias.settings.SettingsResolver;
import io.jenkins.plugins.roiergasias.settings.StepSettings;
import io.jenkins.plugins.roiergasias.workflow.CommandMode;

/**
 * Form validation shared by the Pipeline step, the freestyle build step and the global
 * configuration. Each check runs the engine's own validation on the one value, so a form says
 * exactly what a build would say. No check reads anything but its value.
 */
final class FormSupport {
    private FormSupport() {}

    static FormValidation checkDuration(String what, @CheckForNull String value) {
        String v = Util.fixEmptyAndTrim(value);
        if (v == null) {
            return FormValidation.ok();
        }
        try {
            DurationText.parse(what, v);
            return FormValidation.ok();
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    static FormValidation checkBackoffLimit(@CheckForNull String value) {
        String v = Util.fixEmptyAndTrim(value);
        return v == null ? FormValidation.ok() : FormValidation.validateNonNegativeInteger(v);
    }

    /** Checks one option through the resolver: a workflow text and a credential stand in for the rest. */
    static FormValidation checkOption(@CheckForNull String serverUrl, @CheckForNull String namespace,
            @CheckForNull String image, @CheckForNull String nodeLabelKey) {
        StepSettings probe = new StepSettings(null, "version: 0.1", "probe", Util.fixEmptyAndTrim(serverUrl),
                Util.fixEmptyAndTrim(namespace), Util.fixEmptyAndTrim(image), null, Util.fixEmptyAndTrim(nodeLabelKey),
                null, null, null, null, false, false);
        SettingsResolver.Resolution r = SettingsResolver.resolve(probe, GlobalDefaults.none());
        return r.ok() ? FormValidation.ok() : FormValidation.error(r.message());
    }

    /** Checks passEnv (names and globs) or node templates through the resolver, as a build would. */
    static FormValidation checkPassEnv(@CheckForNull String passEnv) {
        return checkNew(passEnv, null);
    }

    static FormValidation checkNodeTemplates(java.util.Map<String, String> nodeTemplates) {
        return checkNew(null, nodeTemplates);
    }

    private static FormValidation checkNew(
            @CheckForNull String passEnv, @CheckForNull java.util.Map<String, String> nodeTemplates) {
        StepSettings probe = new StepSettings(null, "version: 0.1", "probe", null, null, null, null, null, null, null,
                null, null, false, false, passEnv, nodeTemplates);
        SettingsResolver.Resolution r = SettingsResolver.resolve(probe, GlobalDefaults.none());
        return r.ok() ? FormValidation.ok() : FormValidation.error(r.message());
    }

    /** The cleanup choices; an empty value means "the global default" on a step, "always" globally. */
    static ListBoxModel cleanupItems(boolean withDefault) {
        ListBoxModel m = new ListBoxModel();
        if (withDefault) {
            m.add(Messages.FormSupport_cleanupDefault(), "");
        }
        m.add(Messages.FormSupport_cleanupAlways(), CleanupChoice.name(CleanupPolicy.ALWAYS));
        m.add(Messages.FormSupport_cleanupKeepOnFailure(), CleanupChoice.name(CleanupPolicy.KEEP_ON_FAILURE));
        m.add(Messages.FormSupport_cleanupNever(), CleanupChoice.name(CleanupPolicy.NEVER));
        return m;
    }

    /** The command modes; an empty value means "the global default" on a step, "shell" globally. */
    static ListBoxModel commandsItems(boolean withDefault) {
        ListBoxModel m = new ListBoxModel();
        if (withDefault) {
            m.add(Messages.FormSupport_commandsDefault(), "");
        }
        m.add(Messages.FormSupport_commandsShell(), CommandMode.SHELL.key());
        m.add(Messages.FormSupport_commandsReference(), CommandMode.REFERENCE.key());
        return m;
    }

    /** Empty and blank form values mean "not set". */
    @CheckForNull
    static String fix(@CheckForNull String value) {
        return Util.fixEmptyAndTrim(value);
    }
}
