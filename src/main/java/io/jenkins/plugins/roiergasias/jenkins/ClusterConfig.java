package io.jenkins.plugins.roiergasias.jenkins;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.roiergasias.kubernetes.connection.ConnectionSettings;
import io.jenkins.plugins.roiergasias.kubernetes.connection.Credential;
import io.jenkins.plugins.roiergasias.kubernetes.connection.PermissionCheck;
import io.jenkins.plugins.roiergasias.settings.ClusterChoice;
import io.jenkins.plugins.roiergasias.settings.ClusterDefaults;
import io.jenkins.plugins.roiergasias.settings.GlobalDefaults;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * One named cluster of the global configuration: its API server, credential, CA, TLS
 * verification and namespace, and the defaults of the steps that run there. Steps choose it with
 * {@code cluster: 'name'}. The fields that decide where a credential goes or what every pod may do
 * (server URL, credential, CA, skip-TLS, templates) are an administrator's: see
 * {@link RoiergasiasConfiguration}.
 */
public final class ClusterConfig extends AbstractDescribableImpl<ClusterConfig> {
    private static final Logger LOGGER = Logger.getLogger(ClusterConfig.class.getName());

    private final String name;
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
    private String commands;

    @DataBoundConstructor
    public ClusterConfig(String name) {
        this.name = FormSupport.fix(name);
    }

    /** The cluster's values, for the engine's resolver. */
    @NonNull
    ClusterDefaults toDefaults() {
        return new ClusterDefaults(name == null ? "" : name, new GlobalDefaults(serverUrl, credentialsId, namespace,
                caCertificate, skipTlsVerify, image, nodeLabelKey, jobTemplate, segmentTimeout, pendingTimeout,
                backoffLimit, cleanup, NodeTemplate.toMap(nodeTemplates), commands));
    }

    /**
     * This cluster as a manager submitted it, with the administrator's settings of {@code saved}:
     * a manager's form has no inputs for them.
     */
    @NonNull
    ClusterConfig withAdministratorSettingsOf(@NonNull ClusterConfig saved) {
        ClusterConfig c = new ClusterConfig(saved.name);
        c.serverUrl = saved.serverUrl;
        c.credentialsId = saved.credentialsId;
        c.caCertificate = saved.caCertificate;
        c.skipTlsVerify = saved.skipTlsVerify;
        c.jobTemplate = saved.jobTemplate;
        c.nodeTemplates = new ArrayList<>(saved.getNodeTemplates());
        c.namespace = namespace;
        c.image = image;
        c.nodeLabelKey = nodeLabelKey;
        c.segmentTimeout = segmentTimeout;
        c.pendingTimeout = pendingTimeout;
        c.backoffLimit = backoffLimit;
        c.cleanup = cleanup;
        c.commands = commands;
        return c;
    }

    /**
     * Whether this cluster, bound from {@code submitted}, changes an administrator's setting of
     * {@code saved}: only what the form sent counts, as a manager's form sends none of them but
     * the name.
     */
    boolean changesAdministratorSettingsOf(@NonNull ClusterConfig saved, @NonNull JSONObject submitted) {
        return submitted.has("name") && !Objects.equals(name, saved.name)
                || submitted.has("serverUrl") && !Objects.equals(serverUrl, saved.serverUrl)
                || submitted.has("credentialsId") && !Objects.equals(credentialsId, saved.credentialsId)
                || submitted.has("caCertificate") && !Objects.equals(lines(caCertificate), lines(saved.caCertificate))
                || submitted.has("skipTlsVerify") && skipTlsVerify != saved.skipTlsVerify
                || submitted.has("jobTemplate") && !Objects.equals(lines(jobTemplate), lines(saved.jobTemplate))
                || submitted.has("nodeTemplates");
    }

    /** Browsers send text areas with CRLF line ends. */
    @CheckForNull
    private static String lines(@CheckForNull String text) {
        return text == null ? null : text.replace("\r\n", "\n");
    }

    public String getName() {
        return name;
    }

    public String getServerUrl() {
        return serverUrl;
    }

    @DataBoundSetter
    public void setServerUrl(String serverUrl) {
        this.serverUrl = FormSupport.fix(serverUrl);
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = FormSupport.fix(credentialsId);
    }

    public String getNamespace() {
        return namespace;
    }

    @DataBoundSetter
    public void setNamespace(String namespace) {
        this.namespace = FormSupport.fix(namespace);
    }

    public String getCaCertificate() {
        return caCertificate;
    }

    @DataBoundSetter
    public void setCaCertificate(String caCertificate) {
        this.caCertificate = FormSupport.fix(caCertificate);
    }

    public boolean isSkipTlsVerify() {
        return skipTlsVerify;
    }

    @DataBoundSetter
    public void setSkipTlsVerify(boolean skipTlsVerify) {
        this.skipTlsVerify = skipTlsVerify;
    }

    public String getImage() {
        return image;
    }

    @DataBoundSetter
    public void setImage(String image) {
        this.image = FormSupport.fix(image);
    }

    public String getNodeLabelKey() {
        return nodeLabelKey;
    }

    @DataBoundSetter
    public void setNodeLabelKey(String nodeLabelKey) {
        this.nodeLabelKey = FormSupport.fix(nodeLabelKey);
    }

    public String getJobTemplate() {
        return jobTemplate;
    }

    @DataBoundSetter
    public void setJobTemplate(String jobTemplate) {
        this.jobTemplate = FormSupport.fix(jobTemplate);
    }

    public String getSegmentTimeout() {
        return segmentTimeout;
    }

    @DataBoundSetter
    public void setSegmentTimeout(String segmentTimeout) {
        this.segmentTimeout = FormSupport.fix(segmentTimeout);
    }

    public String getPendingTimeout() {
        return pendingTimeout;
    }

    @DataBoundSetter
    public void setPendingTimeout(String pendingTimeout) {
        this.pendingTimeout = FormSupport.fix(pendingTimeout);
    }

    public Integer getBackoffLimit() {
        return backoffLimit;
    }

    @DataBoundSetter
    public void setBackoffLimit(Integer backoffLimit) {
        this.backoffLimit = backoffLimit;
    }

    public String getCleanup() {
        return cleanup;
    }

    @DataBoundSetter
    public void setCleanup(String cleanup) {
        this.cleanup = FormSupport.fix(cleanup);
    }

    /** Per node value, a template merged on top of the job template; a step's entry for the same node replaces it. */
    @NonNull
    public List<NodeTemplate> getNodeTemplates() {
        return nodeTemplates == null ? List.of() : nodeTemplates;
    }

    @DataBoundSetter
    public void setNodeTemplates(List<NodeTemplate> nodeTemplates) {
        this.nodeTemplates = nodeTemplates == null ? new ArrayList<>() : new ArrayList<>(nodeTemplates);
    }

    public String getCommands() {
        return commands;
    }

    @DataBoundSetter
    public void setCommands(String commands) {
        this.commands = FormSupport.fix(commands);
    }

    @Extension
    @Symbol("cluster")
    public static class DescriptorImpl extends Descriptor<ClusterConfig> implements OptionForms {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.ClusterConfig_DisplayName();
        }

        public FormValidation doCheckName(@QueryParameter String value) {
            String problem = ClusterChoice.problem(value);
            return problem == null ? FormValidation.ok() : FormValidation.error(problem);
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
         * Checks the cluster as the form shows it, unsaved values included: that the API server
         * answers and that the credential may do what a run does in the namespace (Jobs, pods and
         * their logs, ConfigMaps), by asking the server itself (SelfSubjectAccessReview). Sends a
         * stored credential to any URL, so only an administrator may.
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
                    return FormValidation.ok(
                            Messages.RoiergasiasConfiguration_connected(ns == null ? "default" : ns));
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

        private static String message(Exception e) {
            return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        }
    }
}
