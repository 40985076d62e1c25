package io.jenkins.plugins.roiergasias.jenkins;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.model.Descriptor.FormException;
import hudson.security.Permission;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.roiergasias.kubernetes.ConnectionSettings;
import io.jenkins.plugins.roiergasias.kubernetes.Credential;
import io.jenkins.plugins.roiergasias.kubernetes.PermissionCheck;
import io.jenkins.plugins.roiergasias.settings.GlobalDefaults;
import io.jenkins.plugins.roiergasias.settings.LinkTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * The defaults of every roiergasias step, under Manage Jenkins → System; configurable as code
 * ({@code unclassified: roiergasias: ...}). Every setter saves.
 *
 * <p>The page needs Overall/Manage, but the settings that decide where the default credential is
 * sent or what every pod may do (API server URL, credential, CA, skip-TLS, job template), the link
 * template (where the build pages' links lead) and "Test
 * connection" (which sends a stored credential to any URL) need Overall/Administer, as the Jenkins
 * security guidance asks of settings that can redirect or expose a credential.
 */
@Extension
@Symbol("roiergasias")
public class RoiergasiasConfiguration extends GlobalConfiguration {
    private static final Logger LOGGER = Logger.getLogger(RoiergasiasConfiguration.class.getName());

    private String serverUrl;
    private String credentialsId;
    private String namespace;
    private String caCertificate;
    private boolean skipTlsVerify;
    private String image;
    private String nodeLabelKey;
    private String jobTemplate;
    private String segmentTimeout;
    private String pendingTimeout;
    private Integer backoffLimit;
    private String cleanup;
    private List<NodeTemplate> nodeTemplates = new ArrayList<>();
    /** An administrator's URL template for links to a dashboard; see {@link LinkTemplate}. */
    private String linkTemplate;
    private String commands;

    public RoiergasiasConfiguration() {
        load();
    }

    @NonNull
    public static RoiergasiasConfiguration get() {
        return ExtensionList.lookupSingleton(RoiergasiasConfiguration.class);
    }

    /** The configured values, for the engine's settings resolver. */
    @NonNull
    GlobalDefaults defaults() {
        return new GlobalDefaults(serverUrl, credentialsId, namespace, caCertificate, skipTlsVerify, image,
                nodeLabelKey, jobTemplate, segmentTimeout, pendingTimeout, backoffLimit, cleanup,
                NodeTemplate.toMap(nodeTemplates))
                .withCommands(commands)
                .withRestrictStepTemplates(isRestrictStepTemplates());
    }

    /** Per node value, a template merged on top of the job template; a step's entry for the same node replaces it. */
    @NonNull
    public List<NodeTemplate> getNodeTemplates() {
        return nodeTemplates == null ? List.of() : nodeTemplates;
    }

    @DataBoundSetter
    public void setNodeTemplates(List<NodeTemplate> nodeTemplates) {
        this.nodeTemplates = nodeTemplates == null ? new ArrayList<>() : new ArrayList<>(nodeTemplates);
        save();
    }

    @NonNull
    @Override
    public Permission getRequiredGlobalConfigPagePermission() {
        return Jenkins.MANAGE;
    }

    @NonNull
    @Override
    public String getDisplayName() {
        return Messages.RoiergasiasConfiguration_DisplayName();
    }

    /**
     * Refuses a change of an administrator's setting from someone with Overall/Manage only; the
     * others are bound as usual. An administrator's form whose node template entries were all
     * removed sends none: they are cleared before binding (a manager's form never shows them).
     */
    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        boolean administrator = Jenkins.get().hasPermission(Jenkins.ADMINISTER);
        if (!administrator && changesAdministratorSettings(json)) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        }
        if (administrator) {
            nodeTemplates = new ArrayList<>();
        }
        boolean ok = super.configure(req, json);
        save();
        return ok;
    }

    private boolean changesAdministratorSettings(JSONObject json) {
        return changed(json, "serverUrl", serverUrl)
                || changed(json, "credentialsId", credentialsId)
                || changed(json, "caCertificate", caCertificate)
                || changed(json, "jobTemplate", jobTemplate)
                || json.has("nodeTemplates")
                || changed(json, "linkTemplate", linkTemplate)
                || json.has("restrictStepTemplates")
                        && json.optBoolean("restrictStepTemplates") != isRestrictStepTemplates()
                || json.has("skipTlsVerify") && json.optBoolean("skipTlsVerify") != skipTlsVerify;
    }

    private static boolean changed(JSONObject json, String key, @CheckForNull String current) {
        if (!json.has(key)) {
            return false;
        }
        String submitted = FormSupport.fix(json.optString(key, null));
        return !Objects.equals(lines(submitted), lines(current));
    }

    /** Browsers send text areas with CRLF line ends. */
    @CheckForNull
    private static String lines(@CheckForNull String text) {
        return text == null ? null : text.replace("\r\n", "\n");
    }

    public String getServerUrl() {
        return serverUrl;
    }

    @DataBoundSetter
    public void setServerUrl(String serverUrl) {
        this.serverUrl = FormSupport.fix(serverUrl);
        save();
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = FormSupport.fix(credentialsId);
        save();
    }

    public String getNamespace() {
        return namespace;
    }

    @DataBoundSetter
    public void setNamespace(String namespace) {
        this.namespace = FormSupport.fix(namespace);
        save();
    }

    public String getCaCertificate() {
        return caCertificate;
    }

    @DataBoundSetter
    public void setCaCertificate(String caCertificate) {
        this.caCertificate = FormSupport.fix(caCertificate);
        save();
    }

    public boolean isSkipTlsVerify() {
        return skipTlsVerify;
    }

    @DataBoundSetter
    public void setSkipTlsVerify(boolean skipTlsVerify) {
        this.skipTlsVerify = skipTlsVerify;
        save();
    }

    public String getImage() {
        return image;
    }

    @DataBoundSetter
    public void setImage(String image) {
        this.image = FormSupport.fix(image);
        save();
    }

    public String getNodeLabelKey() {
        return nodeLabelKey;
    }

    @DataBoundSetter
    public void setNodeLabelKey(String nodeLabelKey) {
        this.nodeLabelKey = FormSupport.fix(nodeLabelKey);
        save();
    }

    public String getJobTemplate() {
        return jobTemplate;
    }

    @DataBoundSetter
    public void setJobTemplate(String jobTemplate) {
        this.jobTemplate = FormSupport.fix(jobTemplate);
        save();
    }

    public String getSegmentTimeout() {
        return segmentTimeout;
    }

    @DataBoundSetter
    public void setSegmentTimeout(String segmentTimeout) {
        this.segmentTimeout = FormSupport.fix(segmentTimeout);
        save();
    }

    public String getPendingTimeout() {
        return pendingTimeout;
    }

    @DataBoundSetter
    public void setPendingTimeout(String pendingTimeout) {
        this.pendingTimeout = FormSupport.fix(pendingTimeout);
        save();
    }

    public Integer getBackoffLimit() {
        return backoffLimit;
    }

    @DataBoundSetter
    public void setBackoffLimit(Integer backoffLimit) {
        this.backoffLimit = backoffLimit;
        save();
    }

    public String getCleanup() {
        return cleanup;
    }

    @DataBoundSetter
    public void setCleanup(String cleanup) {
        this.cleanup = FormSupport.fix(cleanup);
        save();
    }

    /** The template that turns the build page's Job and pod names into links; null for none. */
    public String getLinkTemplate() {
        return linkTemplate;
    }

    @DataBoundSetter
    public void setLinkTemplate(String linkTemplate) {
        this.linkTemplate = FormSupport.fix(linkTemplate);
        save();
    }

    public FormValidation doCheckLinkTemplate(@QueryParameter String value) {
        String problem = LinkTemplate.problem(value);
        return problem == null ? FormValidation.ok() : FormValidation.error(problem);
    }

    public String getCommands() {
        return commands;
    }

    @DataBoundSetter
    public void setCommands(String commands) {
        this.commands = FormSupport.fix(commands);
        save();
    }

    /** Null until set: step templates are restricted unless an administrator turned it off. */
    private Boolean restrictStepTemplates;

    /** Whether a step's own templates are checked by the engine's {@code TemplatePolicy}; the global ones never are. */
    public boolean isRestrictStepTemplates() {
        return restrictStepTemplates == null || restrictStepTemplates;
    }

    @DataBoundSetter
    public void setRestrictStepTemplates(boolean restrictStepTemplates) {
        this.restrictStepTemplates = restrictStepTemplates;
        save();
    }

    public FormValidation doCheckServerUrl(@QueryParameter String value) {
        return FormSupport.checkOption(value, null, null, null);
    }

    public FormValidation doCheckNamespace(@QueryParameter String value) {
        return FormSupport.checkOption(null, value, null, null);
    }

    public FormValidation doCheckImage(@QueryParameter String value) {
        return FormSupport.checkOption(null, null, value, null);
    }

    public FormValidation doCheckNodeLabelKey(@QueryParameter String value) {
        return FormSupport.checkOption(null, null, null, value);
    }

    public FormValidation doCheckSegmentTimeout(@QueryParameter String value) {
        return FormSupport.checkDuration("segmentTimeout", value);
    }

    public FormValidation doCheckPendingTimeout(@QueryParameter String value) {
        return FormSupport.checkDuration("pendingTimeout", value);
    }

    public FormValidation doCheckBackoffLimit(@QueryParameter String value) {
        return FormSupport.checkBackoffLimit(value);
    }

    public ListBoxModel doFillCleanupItems() {
        return FormSupport.cleanupItems(false);
    }

    public ListBoxModel doFillCommandsItems() {
        return FormSupport.commandsItems(false);
    }

    @POST
    public ListBoxModel doFillCredentialsIdItems(@QueryParameter String credentialsId) {
        return KubernetesCredentials.fillItems(null, credentialsId);
    }

    public FormValidation doCheckCredentialsId(@QueryParameter String value) {
        return KubernetesCredentials.check(null, value);
    }

    /**
     * Checks that the API server answers and that the credential may do what a run does in the
     * namespace (Jobs, pods and their logs, ConfigMaps), by asking the server itself
     * (SelfSubjectAccessReview); lists what is missing.
     */
    @POST
    public FormValidation doTestConnection(
            @QueryParameter String serverUrl,
            @QueryParameter String credentialsId,
            @QueryParameter String namespace,
            @QueryParameter String caCertificate,
            @QueryParameter boolean skipTlsVerify) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        String id = FormSupport.fix(credentialsId);
        if (id == null) {
            return FormValidation.error(Messages.RoiergasiasConfiguration_noCredentials());
        }
        StandardCredentials c = KubernetesCredentials.global(id);
        if (c == null) {
            return FormValidation.error(Messages.KubernetesCredentials_notFoundHere(id));
        }
        try {
            Credential credential = KubernetesCredentials.convert(c);
            String url = FormSupport.fix(serverUrl);
            if (url == null && !(credential instanceof Credential.Kubeconfig)) {
                return FormValidation.error(Messages.RoiergasiasConfiguration_noServerUrl());
            }
            String ns = FormSupport.fix(namespace);
            ConnectionSettings settings =
                    new ConnectionSettings(url, FormSupport.fix(caCertificate), skipTlsVerify, ns, credential);
            List<String> missing = PermissionCheck.missing(settings);
            if (missing.isEmpty()) {
                return FormValidation.ok(Messages.RoiergasiasConfiguration_connected(ns == null ? "default" : ns));
            }
            return FormValidation.error(Messages.RoiergasiasConfiguration_missing(String.join("; ", missing)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FormValidation.error(Messages.RoiergasiasConfiguration_failed(message(e)));
        } catch (Exception e) {
            LOGGER.log(Level.FINE, "test connection failed", e);
            return FormValidation.error(Messages.RoiergasiasConfiguration_failed(message(e)));
        }
    }

    @CheckForNull
    private static String message(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
