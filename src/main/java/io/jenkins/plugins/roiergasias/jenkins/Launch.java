package io.jenkins.plugins.roiergasias.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.FilePath;
import hudson.init.Terminator;
import hudson.model.Run;
import hudson.util.DaemonThreadFactory;
import hudson.util.NamingThreadFactory;
import io.jenkins.plugins.roiergasias.kubernetes.ClusterException;
import io.jenkins.plugins.roiergasias.kubernetes.Credential;
import io.jenkins.plugins.roiergasias.kubernetes.JobRenderer;
import io.jenkins.plugins.roiergasias.kubernetes.RunIds;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.run.PassedEnv;
import io.jenkins.plugins.roiergasias.segment.Segment;
import io.jenkins.plugins.roiergasias.segment.Segmenter;
import io.jenkins.plugins.roiergasias.settings.ResolvedSettings;
import io.jenkins.plugins.roiergasias.settings.RunMessages;
import io.jenkins.plugins.roiergasias.workflow.Diagnostic;
import io.jenkins.plugins.roiergasias.workflow.ParseResult;
import io.jenkins.plugins.roiergasias.workflow.WorkflowParser;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;

/** The parts of a workflow run that the Pipeline step and the freestyle build step share. */
final class Launch {
    private static final Logger LOGGER = Logger.getLogger(Launch.class.getName());

    /** Runs the engine's blocking calls, so that no executor or CPS thread waits on a cluster. */
    @CheckForNull
    private static ExecutorService threads;

    private Launch() {}

    static synchronized ExecutorService threads() {
        if (threads == null) {
            threads = Executors.newCachedThreadPool(new NamingThreadFactory(new DaemonThreadFactory(), "roiergasias"));
        }
        return threads;
    }

    /**
     * Jenkins is going down: interrupt the runs. The engine then leaves their Jobs running and
     * returns; the steps do not end, and re-attach from their checkpoints after the restart.
     */
    @Terminator
    public static void stopThreads() {
        ExecutorService old;
        synchronized (Launch.class) {
            old = threads;
            threads = null;
        }
        if (old != null) {
            old.shutdownNow();
        }
    }

    /** The workflow file's text, from the workspace. */
    @NonNull
    static String read(@NonNull FilePath workspace, @NonNull String path) throws IOException, InterruptedException {
        FilePath file = workspace.child(path);
        if (!file.exists()) {
            throw new AbortException(Messages.Launch_noFile(path, workspace.getRemote()));
        }
        return file.readToString();
    }

    /**
     * Reads and splits a workflow; prints its warnings, and every error before failing, each as
     * {@code FILE:LINE:COLUMN: error: ...}.
     */
    @NonNull
    static List<Segment> segments(@NonNull ResolvedSettings settings, @NonNull String text, @NonNull PrintStream log)
            throws AbortException {
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
        return Segmenter.split(parsed.workflow(), settings.mergeSameNode());
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

    /** Prints the objects a run would create (a secret variable only as a reference); sends nothing to any cluster. */
    static void dryRun(@NonNull ResolvedSettings settings, @NonNull PassedEnv passed, @NonNull List<Segment> segments,
            @NonNull Run<?, ?> run, @NonNull PrintStream log) {
        String namespace = settings.namespace() != null ? settings.namespace() : "default";
        log.println(Messages.Launch_dryRun(segments.size(), namespace));
        log.print(JobRenderer.renderYaml(
                newRunId(run), segments, settings.jobOptions(annotations(run)).withEnv(passed), namespace));
        log.flush();
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

    /** A cluster failure becomes a plain build failure with its actionable message, without a stack trace. */
    @NonNull
    static Throwable userFacing(@NonNull Throwable t) {
        return t instanceof ClusterException ? new AbortException(t.getMessage()) : t;
    }

    /**
     * Ends a run: the summary line, the final report on the build page, the build saved.
     *
     * @return the failure to end the step with, null when the run succeeded
     */
    @CheckForNull
    static AbortException finish(@NonNull Run<?, ?> run, @NonNull RoiergasiasAction action, @NonNull RunReport report,
            @NonNull ConsoleListener console) {
        console.close();
        action.finish(report);
        console.println(RunMessages.summary(report));
        try {
            run.save();
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "could not save " + run, e);
        }
        String failure = RunMessages.failure(report);
        return failure == null ? null : new AbortException(failure);
    }
}
