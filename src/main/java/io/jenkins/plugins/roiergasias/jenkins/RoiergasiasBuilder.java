package io.jenkins.plugins.roiergasias.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Util;
import hudson.model.AbstractBuild;
import hudson.model.AbstractProject;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.Builder;
import io.jenkins.plugins.roiergasias.kubernetes.KubernetesRunner;
import io.jenkins.plugins.roiergasias.kubernetes.connection.Credential;
import io.jenkins.plugins.roiergasias.page.LiveReport;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.SecretMask;
import io.jenkins.plugins.roiergasias.run.Abort;
import io.jenkins.plugins.roiergasias.run.PassedEnv;
import io.jenkins.plugins.roiergasias.run.StepTails;
import io.jenkins.plugins.roiergasias.segment.Segment;
import io.jenkins.plugins.roiergasias.settings.ClusterResolver;
import io.jenkins.plugins.roiergasias.settings.ResolvedSettings;
import io.jenkins.plugins.roiergasias.settings.SettingsResolver;
import io.jenkins.plugins.roiergasias.settings.StepSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jenkins.tasks.SimpleBuildStep;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The freestyle build step: the same settings and behaviour as the {@code roiergasias} Pipeline
 * step, run while the build holds its executor (as every freestyle step does). Deliberately
 * without {@code @Symbol("roiergasias")}, which would shadow the Pipeline step.
 */
public class RoiergasiasBuilder extends Builder implements SimpleBuildStep {
    private static final long ABORT_WAIT_SECONDS = 60;

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
    public RoiergasiasBuilder() {}

    @Override
    public void perform(@NonNull Run<?, ?> run, @NonNull FilePath workspace, @NonNull EnvVars env,
            @NonNull Launcher launcher, @NonNull TaskListener listener) throws InterruptedException, IOException {
        SettingsResolver.Resolution r = ClusterResolver.resolve(new StepSettings(file, text, credentialsId, serverUrl,
                namespace, image, jobTemplate, nodeLabelKey, segmentTimeout, pendingTimeout, backoffLimit, cleanup,
                mergeSameNode, dryRun, passEnv, NodeTemplate.toMap(nodeTemplates)).withCommands(commands),
                cluster, RoiergasiasConfiguration.get().clusterDefaults());
        if (!r.ok()) {
            throw new AbortException(r.message());
        }
        ResolvedSettings s = r.settings();
        ResultSettings results = ResultSettings.of(junit, true, retries, retryOn);
        String workflow = s.fromFile() ? Launch.read(workspace, s.source()) : text;
        List<Segment> segments = Launch.segments(s, workflow, listener.getLogger());
        PassedEnv passed = PassEnv.forBuild(run, env, s, listener);
        Set<String> sensitive = run instanceof AbstractBuild<?, ?> b ? b.getSensitiveBuildVariables() : Set.of();
        SecretMask mask = Launch.mask(env, sensitive, null);
        if (s.dryRun()) {
            Launch.dryRun(s, passed, segments, FileSettings.of(inputs, outputs, excludes, workDir), run,
                    listener.getLogger(), mask);
            return;
        }
        LiveReport live = new LiveReport(segments);
        Credential credential;
        try {
            // resolved before the action is attached; a failure still leaves a finished page with the reason
            credential = Launch.credential(run, s);
        } catch (IOException e) {
            String message = mask.mask(String.valueOf(e.getMessage()));
            Launch.endWith(run, null, s.source(), mask.mask(live.snapshot()), message);
            throw e;
        }
        mask = Launch.mask(env, sensitive, credential);
        RoiergasiasAction action = RoiergasiasAction.attach(run, s.source(), mask.mask(live.snapshot()));
        String runId = Launch.newRunId(run);
        action.setRunId(runId);
        String unfinished = Messages.RoiergasiasBuilder_abortUnconfirmed(runId);
        WorkspaceFiles moved = null;
        try {
            ConsoleListener console = new ConsoleListener(listener.getLogger(), live, mask, action::update);
            StepTails tails = new StepTails(console);
            KubernetesRunner runner = new KubernetesRunner(
                    s.connection(credential), s.jobOptions(Launch.annotations(run)).withEnv(passed), tails,
                    c -> {
                        action.placedIn(c.namespace());
                        console.placed(c);
                    }).retries(results.retryPolicy());
            FileSettings fileSettings = FileSettings.of(inputs, outputs, excludes, workDir);
            if (fileSettings != null) {
                moved = WorkspaceFiles.prepare(workspace, fileSettings, List.of(), listener.getLogger(), names -> {});
                runner.files(moved.transfer());
            }
            Abort abort = new Abort();
            Future<RunReport> future = RunnerThreads.freestyle().submit(() -> runner.run(runId, segments, abort));
            RunReport report;
            try {
                report = future.get();
            } catch (InterruptedException e) {
                // the build was aborted, or Jenkins is going down: the engine deletes the running Job and reports it
                abort.abort(Messages.RoiergasiasStep_aborted());
                try {
                    Launch.finish(run, action, future.get(ABORT_WAIT_SECONDS, TimeUnit.SECONDS), console);
                } catch (ExecutionException | TimeoutException x) {
                    listener.error(unfinished);
                }
                throw e;
            } catch (ExecutionException e) {
                Throwable cause = Launch.userFacing(e.getCause());
                unfinished = mask.mask(String.valueOf(cause.getMessage()));
                if (cause instanceof IOException io) {
                    throw io;
                }
                throw new IOException(cause);
            }
            if (results.junit() != null) {
                JunitReport.write(workspace, results.junit(), s.source(), console.masked(report), tails, mask);
            }
            AbortException failure = Launch.finish(run, action, report, console);
            if (failure != null) {
                throw failure;
            }
        } finally {
            try {
                if (moved != null) { // each segment's outputs are in the workspace already; this removes the staging
                    try {
                        moved.report(run, listener.getLogger());
                    } finally {
                        moved.close();
                    }
                }
            } finally {
                Launch.endWith(run, action, s.source(), null, unfinished); // only if no final report was shown
            }
        }
    }

    // Results and retries (junit, retries, retryOn): see ResultSettings. A freestyle build has no propagate.
    private String junit;
    private Integer retries;
    private String retryOn;

    public String getJunit() {
        return junit;
    }

    @DataBoundSetter
    public void setJunit(String junit) {
        this.junit = Util.fixEmptyAndTrim(junit);
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

    @DataBoundSetter
    public void setCommands(String commands) {
        this.commands = FormSupport.fix(commands);
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

    /** Shares the Pipeline step's form and help files, so that the two never drift apart. */
    @Extension
    public static class DescriptorImpl extends BuildStepDescriptor<Builder> implements StepForms {
        private static final String[] FIELDS = {
            "file", "text", "credentialsId", "serverUrl", "namespace", "image", "jobTemplate", "nodeLabelKey",
            "segmentTimeout", "pendingTimeout", "backoffLimit", "cleanup", "mergeSameNode", "dryRun", "passEnv",
            "nodeTemplates", "commands", "cluster", "junit", "retries", "retryOn", "inputs", "outputs", "excludes",
            "workDir"
        };

        public DescriptorImpl() {
            for (String field : FIELDS) {
                addHelpFileRedirect(field, RoiergasiasStep.class, field);
            }
        }

        /** The form leaves out what only a Pipeline step has ({@code propagate}). */
        public boolean isPipeline() {
            return false;
        }

        @Override
        public boolean isApplicable(Class<? extends AbstractProject> jobType) {
            return true;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.RoiergasiasBuilder_DisplayName();
        }
    }
}
