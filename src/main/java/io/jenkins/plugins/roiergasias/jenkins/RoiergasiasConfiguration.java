package io.jenkins.plugins.roiergasias.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.BulkChange;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.model.Descriptor.FormException;
import hudson.security.Permission;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.roiergasias.page.LinkTemplate;
import io.jenkins.plugins.roiergasias.settings.ClusterChoice;
import io.jenkins.plugins.roiergasias.settings.ClusterDefaults;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import net.sf.json.JSONArray;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * The named clusters steps run on, each with its own defaults ({@link ClusterConfig}), and the
 * link template of the build pages, under Manage Jenkins → System; configurable as code
 * ({@code unclassified: roiergasias: clusters: ...}). Every setter saves.
 *
 * <p>The page needs Overall/Manage, but the settings that decide where a cluster's credential is
 * sent or what every pod may do (a cluster's name, API server URL, credential, CA, skip-TLS and
 * templates), the link template (where the build pages' links lead) and "Test connection" (which
 * sends a stored credential to any URL) need Overall/Administer, as the Jenkins security guidance
 * asks of settings that can redirect or expose a credential. A manager changes the other settings
 * of the clusters an administrator defined, and adds or removes none.
 *
 * <p>A configuration saved before named clusters had one server and its defaults at the top
 * level: {@link #load()} turns them into one cluster named {@code default}, the one steps that name
 * no cluster keep using. Configuration as code still accepts that form, deprecated: its attributes
 * fill the cluster {@code default} and are never exported.
 */
@Extension
@Symbol("roiergasias")
public class RoiergasiasConfiguration extends GlobalConfiguration {
    private static final Logger LOGGER = Logger.getLogger(RoiergasiasConfiguration.class.getName());
    /**
     * The attributes of the single-server form: a form never sends them, but binding would call
     * their setters, which reach the cluster "default"'s administrator settings.
     */
    private static final List<String> SINGLE_SERVER = List.of("serverUrl", "credentialsId", "namespace",
            "caCertificate", "skipTlsVerify", "image", "nodeLabelKey", "jobTemplate", "segmentTimeout",
            "pendingTimeout", "backoffLimit", "cleanup", "nodeTemplates", "commands");

    private List<ClusterConfig> clusters = new ArrayList<>();
    /** An administrator's URL template for links to a dashboard; see {@link LinkTemplate}. */
    private String linkTemplate;

    // The single server of the form before named clusters, from an old config.xml or from the old
    // configuration-as-code form (unclassified: roiergasias: serverUrl: ...): held here until
    // moveSingleServer() moves it into the cluster "default"; never written again.
    @Deprecated private String serverUrl;
    @Deprecated private String credentialsId;
    @Deprecated private String namespace;
    @Deprecated private String caCertificate;
    @Deprecated private Boolean skipTlsVerify;
    @Deprecated private String image;
    @Deprecated private String nodeLabelKey;
    @Deprecated private String jobTemplate;
    @Deprecated private String segmentTimeout;
    @Deprecated private String pendingTimeout;
    @Deprecated private Integer backoffLimit;
    @Deprecated private String cleanup;
    @Deprecated private List<NodeTemplate> nodeTemplates;
    @Deprecated private String commands;

    public RoiergasiasConfiguration() {
        load();
    }

    @NonNull
    public static RoiergasiasConfiguration get() {
        return ExtensionList.lookupSingleton(RoiergasiasConfiguration.class);
    }

    /** Loads, and saves once in the new form a configuration that had a single server. */
    @Override
    public synchronized void load() {
        super.load();
        if (moveSingleServer()) {
            save();
        }
    }

    /**
     * Moves what the single-server form set into the cluster "default" first. Configuration as code
     * sets attributes in no fixed order inside a bulk change and saves once at its end: moving only
     * then keeps the result the same whether {@code clusters} came before or after them.
     */
    @Override
    public synchronized void save() {
        if (!BulkChange.contains(this)) {
            moveSingleServer();
        }
        super.save();
    }

    /**
     * Moves the single-server values into the cluster named {@code default}, created first in the
     * list when there is none: a configuration as code that still uses the old form updates the
     * same cluster on every start. Returns whether there was anything to move or to clear.
     */
    @SuppressWarnings("deprecation")
    private boolean moveSingleServer() {
        boolean saved = serverUrl != null || credentialsId != null || namespace != null || caCertificate != null
                || Boolean.TRUE.equals(skipTlsVerify) || image != null || nodeLabelKey != null || jobTemplate != null
                || segmentTimeout != null || pendingTimeout != null || backoffLimit != null || cleanup != null
                || nodeTemplates != null && !nodeTemplates.isEmpty() || commands != null;
        boolean stale = saved || skipTlsVerify != null || nodeTemplates != null;
        if (saved) {
            LOGGER.log(Level.WARNING, "roiergasias: the single-server settings (serverUrl, credentialsId, ... at the"
                    + " top level) are deprecated and were moved into the cluster \"default\"; in configuration as"
                    + " code, write them under clusters");
            ClusterConfig c = getClusters().stream()
                    .filter(x -> ClusterDefaults.DEFAULT_NAME.equals(x.getName()))
                    .findFirst()
                    .orElse(null);
            if (c == null) {
                c = new ClusterConfig(ClusterDefaults.DEFAULT_NAME);
                List<ClusterConfig> list = new ArrayList<>(List.of(c));
                list.addAll(getClusters());
                clusters = list;
            }
            // only what was set: the old form given as code changes just those settings of "default"
            if (serverUrl != null) c.setServerUrl(serverUrl);
            if (credentialsId != null) c.setCredentialsId(credentialsId);
            if (namespace != null) c.setNamespace(namespace);
            if (caCertificate != null) c.setCaCertificate(caCertificate);
            if (skipTlsVerify != null) c.setSkipTlsVerify(skipTlsVerify);
            if (image != null) c.setImage(image);
            if (nodeLabelKey != null) c.setNodeLabelKey(nodeLabelKey);
            if (jobTemplate != null) c.setJobTemplate(jobTemplate);
            if (segmentTimeout != null) c.setSegmentTimeout(segmentTimeout);
            if (pendingTimeout != null) c.setPendingTimeout(pendingTimeout);
            if (backoffLimit != null) c.setBackoffLimit(backoffLimit);
            if (cleanup != null) c.setCleanup(cleanup);
            if (nodeTemplates != null) c.setNodeTemplates(nodeTemplates);
            if (commands != null) c.setCommands(commands);
        }
        serverUrl = credentialsId = namespace = caCertificate = image = nodeLabelKey = jobTemplate = null;
        segmentTimeout = pendingTimeout = cleanup = commands = null;
        skipTlsVerify = null;
        backoffLimit = null;
        nodeTemplates = null;
        return stale;
    }

    /*
     * The single-server attributes of configuration as code, deprecated: each setter holds its value
     * for moveSingleServer() and saves. The getters exist because configuration as code only knows
     * attributes that have one; they return null outside a configuration in progress, so an export
     * never writes the old form. Not annotated @Deprecated: configuration as code refuses such
     * attributes unless the file says "configuration-as-code: deprecated: warn", and old files must
     * load unchanged. No @DataBoundSetter: the form never binds them, and configure() refuses them
     * from a user who is not an administrator.
     */

    public String getServerUrl() {
        return serverUrl;
    }

    public void setServerUrl(String serverUrl) {
        this.serverUrl = FormSupport.fix(serverUrl);
        save();
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    public void setCredentialsId(String credentialsId) {
        this.credentialsId = FormSupport.fix(credentialsId);
        save();
    }

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = FormSupport.fix(namespace);
        save();
    }

    public String getCaCertificate() {
        return caCertificate;
    }

    public void setCaCertificate(String caCertificate) {
        this.caCertificate = FormSupport.fix(caCertificate);
        save();
    }

    public Boolean getSkipTlsVerify() {
        return skipTlsVerify;
    }

    public void setSkipTlsVerify(Boolean skipTlsVerify) {
        this.skipTlsVerify = skipTlsVerify;
        save();
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = FormSupport.fix(image);
        save();
    }

    public String getNodeLabelKey() {
        return nodeLabelKey;
    }

    public void setNodeLabelKey(String nodeLabelKey) {
        this.nodeLabelKey = FormSupport.fix(nodeLabelKey);
        save();
    }

    public String getJobTemplate() {
        return jobTemplate;
    }

    public void setJobTemplate(String jobTemplate) {
        this.jobTemplate = FormSupport.fix(jobTemplate);
        save();
    }

    public String getSegmentTimeout() {
        return segmentTimeout;
    }

    public void setSegmentTimeout(String segmentTimeout) {
        this.segmentTimeout = FormSupport.fix(segmentTimeout);
        save();
    }

    public String getPendingTimeout() {
        return pendingTimeout;
    }

    public void setPendingTimeout(String pendingTimeout) {
        this.pendingTimeout = FormSupport.fix(pendingTimeout);
        save();
    }

    public Integer getBackoffLimit() {
        return backoffLimit;
    }

    public void setBackoffLimit(Integer backoffLimit) {
        this.backoffLimit = backoffLimit;
        save();
    }

    public String getCleanup() {
        return cleanup;
    }

    public void setCleanup(String cleanup) {
        this.cleanup = FormSupport.fix(cleanup);
        save();
    }

    public List<NodeTemplate> getNodeTemplates() {
        return nodeTemplates;
    }

    public void setNodeTemplates(List<NodeTemplate> nodeTemplates) {
        this.nodeTemplates = nodeTemplates == null ? null : new ArrayList<>(nodeTemplates);
        save();
    }

    public String getCommands() {
        return commands;
    }

    public void setCommands(String commands) {
        this.commands = FormSupport.fix(commands);
        save();
    }

    /** The clusters, in the order of the page. */
    @NonNull
    public List<ClusterConfig> getClusters() {
        return clusters == null ? List.of() : clusters;
    }

    /** Replaces the clusters; their names must be valid and distinct. */
    @DataBoundSetter
    public void setClusters(List<ClusterConfig> clusters) {
        List<ClusterConfig> list = clusters == null ? new ArrayList<>() : new ArrayList<>(clusters);
        List<String> problems = ClusterChoice.problems(names(list));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join(" ", problems));
        }
        this.clusters = list;
        save();
    }

    /** The clusters as the engine's resolver takes them. */
    @NonNull
    List<ClusterDefaults> clusterDefaults() {
        boolean restrict = isRestrictStepTemplates();
        return getClusters().stream()
                .map(ClusterConfig::toDefaults)
                .map(d -> new ClusterDefaults(d.name(), d.settings().withRestrictStepTemplates(restrict)))
                .toList();
    }

    /** The choices of a step's cluster field: the default, then each cluster by name. */
    @NonNull
    ListBoxModel clusterItems() {
        ListBoxModel m = new ListBoxModel();
        m.add(Messages.RoiergasiasConfiguration_defaultCluster(), "");
        for (ClusterConfig c : getClusters()) {
            m.add(c.getName(), c.getName());
        }
        return m;
    }

    private static List<String> names(List<ClusterConfig> clusters) {
        List<String> names = new ArrayList<>();
        for (ClusterConfig c : clusters) {
            names.add(c.getName());
        }
        return names;
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
     * Checks the cluster names, then binds. Someone with Overall/Manage only may change the other
     * settings of the saved clusters, matched by position: a form that adds, removes, renames or
     * reorders a cluster, or sends an administrator's setting that differs from the saved one, is
     * refused; what a manager's form lacks is kept from the saved cluster. An administrator's form
     * whose clusters were all removed sends none: they are cleared before binding.
     */
    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        boolean administrator = Jenkins.get().hasPermission(Jenkins.ADMINISTER);
        List<JSONObject> items = items(json.opt("clusters"));
        List<ClusterConfig> submitted = new ArrayList<>();
        for (JSONObject item : items) {
            submitted.add(req.bindJSON(ClusterConfig.class, item));
        }
        List<String> problems = ClusterChoice.problems(names(submitted));
        if (!problems.isEmpty()) {
            throw new FormException(String.join(" ", problems), "clusters");
        }
        if (administrator) {
            clusters = new ArrayList<>();
            boolean ok = super.configure(req, json);
            save();
            return ok;
        }
        List<ClusterConfig> saved = getClusters();
        if (changed(json, "linkTemplate", linkTemplate)
                || SINGLE_SERVER.stream().anyMatch(json::has)
                || json.has("restrictStepTemplates")
                        && json.optBoolean("restrictStepTemplates") != isRestrictStepTemplates()
                || changesAdministratorSettings(items, submitted, saved)) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        }
        List<ClusterConfig> merged = new ArrayList<>();
        for (int i = 0; i < submitted.size(); i++) {
            merged.add(submitted.get(i).withAdministratorSettingsOf(saved.get(i)));
        }
        json.remove("clusters");
        boolean ok = super.configure(req, json);
        clusters = merged;
        save();
        return ok;
    }

    /** The structured form sends one cluster as an object, several as an array, none as nothing. */
    private static List<JSONObject> items(@CheckForNull Object clusters) {
        List<JSONObject> items = new ArrayList<>();
        if (clusters instanceof JSONObject o) {
            items.add(o);
        } else if (clusters instanceof JSONArray a) {
            for (Object o : a) {
                items.add((JSONObject) o);
            }
        }
        return items;
    }

    private static boolean changesAdministratorSettings(
            List<JSONObject> items, List<ClusterConfig> submitted, List<ClusterConfig> saved) {
        if (submitted.size() != saved.size()) {
            return true;
        }
        for (int i = 0; i < submitted.size(); i++) {
            if (submitted.get(i).changesAdministratorSettingsOf(saved.get(i), items.get(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean changed(JSONObject json, String key, @CheckForNull String current) {
        if (!json.has(key)) {
            return false;
        }
        return !Objects.equals(FormSupport.fix(json.optString(key, null)), current);
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

    /** Null until set: step templates are restricted unless an administrator turned it off. */
    private Boolean restrictStepTemplates;

    /** Whether a step's own templates are checked by the engine's {@code TemplatePolicy}; the clusters' never are. */
    public boolean isRestrictStepTemplates() {
        return restrictStepTemplates == null || restrictStepTemplates;
    }

    @DataBoundSetter
    public void setRestrictStepTemplates(boolean restrictStepTemplates) {
        this.restrictStepTemplates = restrictStepTemplates;
        save();
    }
}
