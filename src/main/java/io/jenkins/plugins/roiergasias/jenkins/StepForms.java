package io.jenkins.plugins.roiergasias.jenkins;

import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The form methods of the Pipeline step and the freestyle build step, which have the same fields;
 * see {@link OptionForms} for why an interface works. What lists something configured (credentials,
 * clusters) answers only to who may configure the item, as the credentials consumer guide asks.
 */
@Restricted(NoExternalUse.class)
public interface StepForms extends OptionForms {
    @POST
    default ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
        return KubernetesCredentials.fillItems(item, credentialsId);
    }

    default FormValidation doCheckCredentialsId(@AncestorInPath Item item, @QueryParameter String value) {
        return KubernetesCredentials.check(item, value);
    }

    /**
     * The cluster names, for who may configure the item; outside any item (a snippet generator
     * without a job), for an administrator. Anyone else gets an empty list.
     */
    @POST
    default ListBoxModel doFillClusterItems(@AncestorInPath Item item) {
        boolean allowed = item == null
                ? Jenkins.get().hasPermission(Jenkins.ADMINISTER)
                : item.hasPermission(Item.CONFIGURE);
        return allowed ? RoiergasiasConfiguration.get().clusterItems() : new ListBoxModel();
    }

    default ListBoxModel doFillCleanupItems() {
        return FormSupport.cleanupItems(true);
    }

    default ListBoxModel doFillCommandsItems() {
        return FormSupport.commandsItems(true);
    }

    default FormValidation doCheckPassEnv(@QueryParameter String value) {
        return FormSupport.checkPassEnv(value);
    }

    default ListBoxModel doFillRetryOnItems() {
        return ResultSettings.retryOnItems();
    }

    default FormValidation doCheckRetries(@QueryParameter String value) {
        return ResultSettings.checkRetries(value);
    }

    default FormValidation doCheckJunit(@QueryParameter String value) {
        return ResultSettings.checkJunit(value);
    }
}
