package io.jenkins.plugins.roiergasias.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Run;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.roiergasias.kubernetes.connection.ClusterException;
import io.jenkins.plugins.roiergasias.kubernetes.connection.Credential;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.JobRenderer;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.RunIds;
import io.jenkins.plugins.roiergasias.kubernetes.transfer.PodTransfer;
import io.jenkins.plugins.roiergasias.lint.MigrationLint;
import io.jenkins.plugins.roiergasias.lint.NestedShellLint;
import io.jenkins.plugins.roiergasias.page.DryRunPlan;
import io.jenkins.plugins.roiergasias.page.RunMessages;
import io.jenkins.plugins.roiergasias.program.ProgramSize;
import io.jenkins.plugins.roiergasias.program.UnsupportedCommandException;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.SecretMask;
import io.jenkins.plugins.roiergasias.run.PassedEnv;
import io.jenkins.plugins.roiergasias.segment.Segment;
import io.jenkins.plugins.roiergasias.segment.SegmentTooLargeException;
import io.jenkins.plugins.roiergasias.segment.Segmenter;
import io.jenkins.plugins.roiergasias.settings.ResolvedSettings;
import io.jenkins.plugins.roiergasias.workflow.Diagnostic;
import io.jenkins.plugins.roiergasias.workflow.ParseResult;
import io.jenkins.plugins.roiergasias.workflow.Workflow;
import io.jenkins.plugins.roiergasias.workflow.WorkflowParser;
import io.jenkins.plugins.roiergasias.workflow.WorkflowText;
import io.jenkins.plugins.roiergasias.workflow.WorkflowTooLargeException;
import io.jenkins.plugins.roiergasias.workflow.WorkspaceFile;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.MasterToSlaveFileCallable;
import jenkins.model.Jenkins;

/** The parts of a workflow run that the Pipeline step and the freestyle build step share. */
final class Launch {
    private static final Logger LOGGER = Logger.getLogger(Launch.class.getName());

    private Launch() {}

    /**
     * The workflow file's text, from inside the workspace only (no absolute path, no {@code ..}, no
     * symbolic link out of it, no device or pipe), at most {@link WorkflowText#maxBytes()}, read as
     * UTF-8. No message quotes what was read.
     */
    @NonNull
    static String read(@NonNull FilePath workspace, @NonNull String path) throws IOException, InterruptedException {
        String problem = WorkspaceFile.problem(path);
        if (problem != null) {
            throw new AbortException(problem);
        }
        long max = WorkflowText.maxBytes();
        byte[] bytes;
        try {
            bytes = workspace.act(new ReadInside(path, max));
        } catch (NoSuchFileException e) {
            throw new AbortException(Messages.Launch_noFile(path, workspace.getRemote()));
        } catch (WorkspaceFile.Refused e) {
            throw new AbortException(e.getMessage());
        }
        try {
            return WorkflowText.read(new ByteArrayInputStream(bytes), max, path);
        } catch (IOException e) { // too large, or not UTF-8: the engine's message names the file, not its text
            throw new AbortException(e.getMessage());
        }
    }

    /** Opens the file where the workspace is (an agent, maybe) and returns at most one byte more than the limit. */
    private static final class ReadInside extends MasterToSlaveFileCallable<byte[]> {
        private static final long serialVersionUID = 1L;
        private final String path;
        private final long maxBytes;

        ReadInside(String path, long maxBytes) {
            this.path = path;
            this.maxBytes = maxBytes;
        }

        @Override
        public byte[] invoke(File workspace, VirtualChannel channel) throws IOException {
            try (InputStream in = WorkspaceFile.open(workspace.toPath(), path)) {
                return in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
            }
        }
    }

    /**
     * Reads and splits a workflow; prints its warnings, and every error before failing, each as
     * {@code FILE:LINE:COLUMN: error: ...}.
     */
    @NonNull
    static List<Segment> segments(@NonNull ResolvedSettings settings, @NonNull String text, @NonNull PrintStream log)
            throws AbortException {
        try { // text: has the same limit as file:
            WorkflowText.checkSize(text, WorkflowText.maxBytes(), settings.source());
        } catch (WorkflowTooLargeException e) {
            throw new AbortException(e.getMessage());
        }
        ParseResult parsed = WorkflowParser.parse(settings.source(), text);
        for (Diagnostic d : parsed.warnings()) {
            log.println(d.format());
        }
        if (!parsed.ok()) {
            for (Diagnostic d : parsed.errors()) {
                log.println(d.format());
            }
            throw new AbortException(Messages.Launch_invalid(settings.source(), parsed.errors().size()));
        }
        // The run's command mode, unless the file names one (the file wins).
        Workflow workflow = parsed.workflow().withCommandDefault(settings.commands());
        // Commands that would run differently in the original engine: warned before anything runs.
        for (Diagnostic d : MigrationLint.forRun(parsed.workflow(), settings.commands(), null)) {
            log.println(d.format());
        }
        for (Diagnostic d : NestedShellLint.check(workflow)) {
            log.println(d.format());
        }
        try {
            List<Segment> segments = Segmenter.split(workflow, settings.mergeSameNode());
            ProgramSize.check(workflow.source(), segments);
            return segments;
        } catch (SegmentTooLargeException | UnsupportedCommandException e) {
            log.println(e.getMessage());
            throw new AbortException(Messages.Launch_invalid(settings.source(), 1));
        }
    }

    @NonNull
    static String newRunId(@NonNull Run<?, ?> run) {
        return RunIds.create(run.getParent().getName());
    }

    /** Annotations for people on every object: which build created it. */
    @NonNull
    static Map<String, String> annotations(@NonNull Run<?, ?> run) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("jenkins.io/build", run.getExternalizableId());
        Jenkins j = Jenkins.getInstanceOrNull();
        String root = j == null ? null : j.getRootUrl();
        if (root != null) {
            m.put("jenkins.io/build-url", root + run.getUrl());
        }
        return m;
    }

    /**
     * Prints the objects a run would create (a secret variable only as a reference) and shows them on
     * the build page, masked; sends nothing to any cluster.
     */
    static void dryRun(@NonNull ResolvedSettings settings, @NonNull PassedEnv passed, @NonNull List<Segment> segments,
            @CheckForNull FileSettings files, @NonNull Run<?, ?> run, @NonNull PrintStream log,
            @NonNull SecretMask mask) throws AbortException {
        String namespace = settings.namespace() != null ? settings.namespace() : "default";
        log.println(Messages.Launch_dryRun(segments.size(), namespace));
        String runId = newRunId(run);
        String yaml = JobRenderer.renderYaml(runId, segments, settings.jobOptions(annotations(run)).withEnv(passed),
                namespace, files == null ? null : PodTransfer.objectsOnly(files.spec())::decorate);
        log.print(yaml);
        log.flush();
        DryRunPlan plan = DryRunPlan.of(runId, segments, yaml);
        RoiergasiasAction.attachDryRun(run, settings.source(), mask.mask(plan.report()), mask.mask(plan.objects()));
        try {
            run.save();
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "could not save " + run, e);
        }
    }

    /** The build's credential, as the engine takes it; fails when it cannot be used with these settings. */
    @NonNull
    static Credential credential(@NonNull Run<?, ?> run, @NonNull ResolvedSettings settings)
            throws IOException, InterruptedException {
        Credential c = KubernetesCredentials.forRun(run, settings.credentialsId());
        String problem = settings.problemWith(c);
        if (problem != null) {
            throw new AbortException(problem);
        }
        return c;
    }

    /**
     * What a report may not show: the values of the build's sensitive variables (bound by
     * {@code withCredentials}, password parameters) and the secret of the cluster credential.
     */
    @NonNull
    static SecretMask mask(@CheckForNull EnvVars env, @NonNull Collection<String> sensitiveNames,
            @CheckForNull Credential credential) {
        List<String> values = new ArrayList<>();
        if (env != null) {
            for (String name : sensitiveNames) {
                String v = env.get(name);
                if (v != null) {
                    values.add(v);
                }
            }
        }
        if (credential instanceof Credential.Token t) {
            values.add(t.token());
        } else if (credential instanceof Credential.UsernamePassword up) {
            values.add(up.password());
        }
        return new SecretMask(values);
    }

    /**
     * Shows on the build page that a run ended without its final report, with the reason: the
     * action, attached first if the run failed before it was, stops saying "running".
     *
     * @param plan the report to show when the action must be attached; null attaches none
     */
    static void endWith(@NonNull Run<?, ?> run, @CheckForNull RoiergasiasAction action, @NonNull String source,
            @CheckForNull RunReport plan, @NonNull String message) {
        RoiergasiasAction a = action;
        if (a == null) {
            if (plan == null) {
                return;
            }
            a = RoiergasiasAction.attach(run, source, plan);
        }
        if (a.endWith(message)) {
            try {
                run.save();
            } catch (IOException e) {
                LOGGER.log(Level.WARNING, "could not save " + run, e);
            }
        }
    }

    /** A cluster failure becomes a plain build failure with its actionable message, without a stack trace. */
    @NonNull
    static Throwable userFacing(@NonNull Throwable t) {
        return t instanceof ClusterException ? new AbortException(t.getMessage()) : t;
    }

    /**
     * Ends a run: the summary line, the final report on the build page (masked), the build saved.
     *
     * @return the failure to end the step with, null when the run succeeded
     */
    @CheckForNull
    static AbortException finish(@NonNull Run<?, ?> run, @NonNull RoiergasiasAction action, @NonNull RunReport report,
            @NonNull ConsoleListener console) {
        RunReport shown = console.masked(report);
        console.close();
        action.finish(shown);
        console.println(RunMessages.summary(shown));
        try {
            run.save();
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "could not save " + run, e);
        }
        String failure = RunMessages.failure(shown);
        return failure == null ? null : new AbortException(failure);
    }
}
