package io.jenkins.plugins.roiergasias.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.roiergasias.settings.ClusterResolver;
import io.jenkins.plugins.roiergasias.settings.ResolvedSettings;
import io.jenkins.plugins.roiergasias.settings.SettingsResolver;
import io.jenkins.plugins.roiergasias.settings.StepSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code roiergasias file: 'workflow.yaml'} or {@code roiergasias text: '...'}: runs a workflow
 * as Kubernetes Jobs. With {@code text:} it needs no node; with {@code file:} it reads the file
 * from the workspace of the enclosing {@code node}. Options left out come from the global
 * configuration.
 */
public class RoiergasiasStep extends Step {
    private String file;
    private String text;
    private String credentialsId;
    private String serverUrl;
    private String namespace;
    private String image;
    private String jobTemplate;
    private String nodeLabelKey;
    private String segmentTimeout;
    private String pendingTimeout;
    private Integer backoffLimit;
    private String cleanup;
    private boolean mergeSameNode;
    private boolean dryRun;
    private String passEnv;
    private List<NodeTemplate> nodeTemplates = new ArrayList<>();
    private String commands;

    @DataBoundConstructor
    public RoiergasiasStep() {}

    /** The user's options, as the engine's settings resolver takes them. */
    StepSettings toSettings() {
        return new StepSettings(file, text, credentialsId, serverUrl, namespace, image, jobTemplate, nodeLabelKey,
                segmentTimeout, pendingTimeout, backoffLimit, cleanup, mergeSameNode, dryRun, passEnv,
                NodeTemplate.toMap(nodeTemplates))
                .withCommands(commands);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        SettingsResolver.Resolution r =
                ClusterResolver.resolve(toSettings(), cluster, RoiergasiasConfiguration.get().clusterDefaults());
        if (!r.ok()) {
            throw new AbortException(r.message());
        }
        ResolvedSettings settings = r.settings();
        return new RoiergasiasStepExecution(context, settings, settings.fromFile() ? null : text)
                .withFiles(FileSettings.of(inputs, outputs, excludes, workDir))
                .withResults(ResultSettings.of(junit, propagate, retries, retryOn));
    }

    // Results and failures (junit, propagate, retries, retryOn): see ResultSettings.
    private String junit;
    private boolean propagate = true;
    private Integer retries;
    private String retryOn;

    public String getJunit() {
        return junit;
    }

    /** A workspace path for the step results as JUnit XML, for the {@code junit} step. */
    @DataBoundSetter
    public void setJunit(String junit) {
        this.junit = Util.fixEmptyAndTrim(junit);
    }

    public boolean isPropagate() {
        return propagate;
    }

    /** False: a failed run returns its result instead of failing the step, as the {@code build} step does. */
    @DataBoundSetter
    public void setPropagate(boolean propagate) {
        this.propagate = propagate;
    }

    public Integer getRetries() {
        return retries;
    }

    @DataBoundSetter
    public void setRetries(Integer retries) {
        this.retries = retries == null || retries == 0 ? null : retries;
    }

    public String getRetryOn() {
        return retryOn;
    }

    @DataBoundSetter
    public void setRetryOn(String retryOn) {
        String v = Util.fixEmptyAndTrim(retryOn);
        this.retryOn = "infrastructure".equals(v) ? null : v;
    }

    /** The configured cluster to run on, by name; null for the default cluster. */
    private String cluster;

    public String getCluster() {
        return cluster;
    }

    @DataBoundSetter
    public void setCluster(String cluster) {
        this.cluster = FormSupport.fix(cluster);
    }

    // Files in and out (inputs, outputs, excludes, workDir): see FileSettings.
    private String inputs;
    private String outputs;
    private String excludes;
    private String workDir;

    public String getInputs() {
        return inputs;
    }

    @DataBoundSetter
    public void setInputs(String inputs) {
        this.inputs = Util.fixEmptyAndTrim(inputs);
    }

    public String getOutputs() {
        return outputs;
    }

    @DataBoundSetter
    public void setOutputs(String outputs) {
        this.outputs = Util.fixEmptyAndTrim(outputs);
    }

    public String getExcludes() {
        return excludes;
    }

    @DataBoundSetter
    public void setExcludes(String excludes) {
        this.excludes = Util.fixEmptyAndTrim(excludes);
    }

    public String getWorkDir() {
        return workDir;
    }

    @DataBoundSetter
    public void setWorkDir(String workDir) {
        this.workDir = Util.fixEmptyAndTrim(workDir);
    }

    public String getFile() {
        return file;
    }

    @DataBoundSetter
    public void setFile(String file) {
        this.file = FormSupport.fix(file);
    }

    public String getText() {
        return text;
    }

    @DataBoundSetter
    public void setText(String text) {
        this.text = text == null || text.isBlank() ? null : text;
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = FormSupport.fix(credentialsId);
    }

    public String getServerUrl() {
        return serverUrl;
    }

    @DataBoundSetter
    public void setServerUrl(String serverUrl) {
        this.serverUrl = FormSupport.fix(serverUrl);
    }

    public String getNamespace() {
        return namespace;
    }

    @DataBoundSetter
    public void setNamespace(String namespace) {
        this.namespace = FormSupport.fix(namespace);
    }

    public String getImage() {
        return image;
    }

    @DataBoundSetter
    public void setImage(String image) {
        this.image = FormSupport.fix(image);
    }

    public String getJobTemplate() {
        return jobTemplate;
    }

    @DataBoundSetter
    public void setJobTemplate(String jobTemplate) {
        this.jobTemplate = jobTemplate == null || jobTemplate.isBlank() ? null : jobTemplate;
    }

    public String getNodeLabelKey() {
        return nodeLabelKey;
    }

    @DataBoundSetter
    public void setNodeLabelKey(String nodeLabelKey) {
        this.nodeLabelKey = FormSupport.fix(nodeLabelKey);
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

    public boolean isMergeSameNode() {
        return mergeSameNode;
    }

    @DataBoundSetter
    public void setMergeSameNode(boolean mergeSameNode) {
        this.mergeSameNode = mergeSameNode;
    }

    public boolean isDryRun() {
        return dryRun;
    }

    @DataBoundSetter
    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    public String getPassEnv() {
        return passEnv;
    }

    /** Names or globs of build variables passed to the workflow, e.g. {@code 'BUILD_*, GIT_COMMIT, API_KEY'}. */
    @DataBoundSetter
    public void setPassEnv(String passEnv) {
        this.passEnv = FormSupport.fix(passEnv);
    }

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

    /** {@code shell} or {@code reference}; a file's own {@code x-roiergasias-commands} wins. */
    @DataBoundSetter
    public void setCommands(String commands) {
        this.commands = FormSupport.fix(commands);
    }

    @Extension
    public static class DescriptorImpl extends StepDescriptor implements StepForms {
        private static final String NODE_TEMPLATES = "nodeTemplates";

        /**
         * Also takes {@code nodeTemplates} as a map, {@code [gpu: readFile('gpu.yaml'), node2: '...']}, the
         * form a Pipeline author writes; the list of {@code [node: ..., template: ...]} the form binds works too.
         */
        @Override
        public Step newInstance(Map<String, Object> arguments) throws Exception {
            Object templates = arguments.get(NODE_TEMPLATES);
            if (!(templates instanceof Map<?, ?> map)) {
                return super.newInstance(arguments);
            }
            Map<String, Object> rest = new LinkedHashMap<>(arguments);
            rest.remove(NODE_TEMPLATES);
            RoiergasiasStep step = (RoiergasiasStep) super.newInstance(rest);
            step.setNodeTemplates(NodeTemplate.fromMap(map));
            return step;
        }

        /** Shows node templates as the map a Pipeline author writes (Snippet Generator, replay). */
        @Override
        public Map<String, Object> defineArguments(Step step) throws UnsupportedOperationException {
            Map<String, Object> args = new TreeMap<>(super.defineArguments(step));
            List<NodeTemplate> templates = ((RoiergasiasStep) step).getNodeTemplates();
            if (!templates.isEmpty()) {
                args.put(NODE_TEMPLATES, new TreeMap<>(NodeTemplate.toMap(templates)));
            }
            return args;
        }

        /** The shared form shows {@code propagate} only here. */
        public boolean isPipeline() {
            return true;
        }

        @Override
        public String getFunctionName() {
            return "roiergasias";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.RoiergasiasStep_DisplayName();
        }

        /** No workspace needed: {@code text:} runs outside {@code node}; {@code file:} asks for one at start. */
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(TaskListener.class, Run.class);
        }

        /** Shows the file name, or the first line of an inline workflow, in the Pipeline's step list. */
        @Override
        @CheckForNull
        public String argumentsToString(@NonNull java.util.Map<String, Object> namedArgs) {
            Object f = namedArgs.get("file");
            return f instanceof String s ? s : null;
        }
    }
}
