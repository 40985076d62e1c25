package io.jenkins.plugins.roiergasias.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.roiergasias.kubernetes.Checkpoint;
import io.jenkins.plugins.roiergasias.kubernetes.CheckpointText;
import io.jenkins.plugins.roiergasias.kubernetes.KubernetesRunner;
import io.jenkins.plugins.roiergasias.kubernetes.connection.Credential;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.RunIds;
import io.jenkins.plugins.roiergasias.page.LiveReport;
import io.jenkins.plugins.roiergasias.page.RunMessages;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.RunStatus;
import io.jenkins.plugins.roiergasias.report.SecretMask;
import io.jenkins.plugins.roiergasias.run.Abort;
import io.jenkins.plugins.roiergasias.run.PassedEnv;
import io.jenkins.plugins.roiergasias.run.StepTails;
import io.jenkins.plugins.roiergasias.segment.Segment;
import io.jenkins.plugins.roiergasias.settings.ResolvedSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.CauseOfInterruption;
import jenkins.model.Jenkins;
import jenkins.util.SystemProperties;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * The durable, asynchronous execution of {@link RoiergasiasStep}.
 *
 * <p>Lifecycle: {@link #start()} returns at once; a pooled thread ({@link RunnerThreads}) reads the
 * workflow (a safe restart waits for that), resolves the credential, creates the build page's
 * action and runs the engine's blocking {@link KubernetesRunner}. Every way the step ends also ends
 * the action, with the reason when there is no final report. No executor is
 * held while Jobs run. The execution persists (with the Pipeline program) only plain text: the
 * resolved settings, the workflow, the run id, the latest {@link Checkpoint} and the report's
 * JSON; threads, clients and watches are transient. The run id, which starts every object name,
 * is derived from the build and the step's node ({@code derivedRunId}), so a restart finds it
 * even when the program was last saved before it was set (a crash in the durable modes; the save
 * is not awaited). After a Jenkins restart, {@link #onResume()}
 * re-attaches through {@link KubernetesRunner#resume}, which finds the running Job instead of
 * creating another. {@link #stop} asks the engine to abort, which deletes the Job and reports it;
 * the step then fails with the cause of the stop.
 *
 * <p>A new checkpoint comes with every log line (its position in the log); the Pipeline program is
 * saved at once when the segment, Job or pod changes, and otherwise at most every
 * {@code io.jenkins.plugins.roiergasias.jenkins.RoiergasiasStepExecution.saveSeconds} seconds
 * (default 5), so that a restart replays at most that much log.
 */
public final class RoiergasiasStepExecution extends StepExecution {
    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(RoiergasiasStepExecution.class.getName());
    private static final long SAVE_MILLIS = TimeUnit.SECONDS.toMillis(
            SystemProperties.getInteger(RoiergasiasStepExecution.class.getName() + ".saveSeconds", 5));
    /** How long an abort may take to delete the Job before the step gives up waiting. */
    private static final long STOP_TIMEOUT_SECONDS =
            SystemProperties.getInteger(RoiergasiasStepExecution.class.getName() + ".stopTimeoutSeconds", 60);
    /** How long the save of a workflow read from a file may take before the run goes on anyway. */
    private static final long SAVE_WAIT_SECONDS =
            SystemProperties.getInteger(RoiergasiasStepExecution.class.getName() + ".saveWaitSeconds", 30);

    private final String settingsText;
    @CheckForNull
    private String workflowText;
    @CheckForNull
    private String runId;
    @CheckForNull
    private String actionUrl;
    @CheckForNull
    private volatile String checkpointText;
    @CheckForNull
    private volatile String reportJson;

    /** Files in and out; null when the step moves none. */
    @CheckForNull
    private FileSettings files;

    /**
     * The outputs copied back into the workspace so far, by name: after a restart they are sent
     * again to the segments still to run (read from the workspace, which holds them). Null in a
     * program saved before there was this field.
     */
    @CheckForNull
    private ArrayList<String> carried;

    private transient volatile FilePath workspace;
    private transient volatile Abort abort;
    private transient volatile Future<?> task;
    private transient volatile String status;
    private transient volatile long savedAt;
    private transient volatile Throwable stopCause;
    private transient boolean ended;
    private transient volatile boolean reading;
    private transient volatile RoiergasiasAction page;

    RoiergasiasStepExecution(StepContext context, ResolvedSettings settings, @CheckForNull String inlineText) {
        super(context);
        this.settingsText = settings.encode();
        this.workflowText = inlineText;
    }

    RoiergasiasStepExecution withFiles(@CheckForNull FileSettings f) {
        this.files = f;
        return this;
    }

    /** JUnit report, propagation and retries; null (an execution saved before they existed) means none. */
    @CheckForNull
    private ResultSettings results;

    RoiergasiasStepExecution withResults(ResultSettings r) {
        this.results = r;
        return this;
    }

    private ResultSettings results() {
        return results != null ? results : new ResultSettings(null, true, 0, null);
    }

    private ResolvedSettings settings() {
        return ResolvedSettings.decode(settingsText);
    }

    @Override
    public boolean start() throws Exception {
        ResolvedSettings s = settings();
        if (files != null && getContext().get(FilePath.class) == null) {
            throw new AbortException(Messages.RoiergasiasStep_filesNeedWorkspace());
        }
        if (results().junit() != null && getContext().get(FilePath.class) == null) {
            throw new AbortException(Messages.RoiergasiasStep_junitNeedsWorkspace());
        }
        if (s.fromFile()) {
            workspace = getContext().get(FilePath.class);
            if (workspace == null) {
                throw new AbortException(Messages.RoiergasiasStep_needsWorkspace(s.source()));
            }
        }
        launch(false);
        return false;
    }

    @Override
    public void onResume() {
        if (workflowText == null) {
            complete(null, new AbortException(Messages.RoiergasiasStep_restartedBeforeRead(settings().source())));
            return;
        }
        launch(true);
    }

    private synchronized void launch(boolean resuming) {
        status = resuming ? "re-attaching after a restart" : "starting";
        abort = new Abort();
        task = RunnerThreads.pipeline().submit(() -> execute(resuming));
    }

    /** The whole run, on a pooled thread; ends the step one way or another, and the build page with it. */
    private void execute(boolean resuming) {
        StepContext context = getContext();
        Run<?, ?> run = null;
        RunReport plan = null;
        SecretMask mask = new SecretMask(List.of());
        String source = settings().source();
        WorkspaceFiles moved = null;
        try {
            run = Objects.requireNonNull(context.get(Run.class), "Run");
            Thread.currentThread().setName("roiergasias " + run.getExternalizableId() + " " + source);
            TaskListener listener = Objects.requireNonNull(context.get(TaskListener.class), "TaskListener");
            ResolvedSettings s = settings();
            if (workflowText == null) {
                readWorkflow(s);
            }
            List<Segment> segments = Launch.segments(s, workflowText, listener.getLogger());
            // read again on resume; held only here, never in a field that the Pipeline program persists
            PassedEnv passed = PassEnv.forStep(context, run, s, listener);
            if (s.dryRun()) {
                Launch.dryRun(s, passed, segments, files, run, listener.getLogger(),
                        Launch.mask(context.get(EnvVars.class), sensitiveNames(context), null));
                complete(new RoiergasiasResult(segments.size()), null);
                return;
            }
            RunReport earlier = reportJson == null ? null : RunReport.fromJson(reportJson);
            plan = earlier != null ? earlier : new LiveReport(segments).snapshot();
            String id = runId != null ? runId : derivedRunId(run, context);
            page = RoiergasiasAction.find(run, actionUrl, id);
            EnvVars env = context.get(EnvVars.class);
            Set<String> sensitive = sensitiveNames(context);
            mask = Launch.mask(env, sensitive, null);
            // resolved before the action is attached: a missing credential leaves a finished page, not a running one
            Credential credential = Launch.credential(run, s);
            mask = Launch.mask(env, sensitive, credential);
            if (page == null) {
                page = RoiergasiasAction.attach(run, s.source(), mask.mask(plan));
            }
            RoiergasiasAction action = page;
            if (runId == null) {
                runId = id;
                actionUrl = action.getUrlName();
                action.setRunId(runId);
                run.save();
                saveNow(); // not awaited: if this save is lost, the step derives the same id after a restart
            }
            LiveReport live = earlier != null ? new LiveReport(earlier) : new LiveReport(segments);
            ConsoleListener console = new ConsoleListener(listener.getLogger(), live, mask, snapshot -> {
                action.update(snapshot);
                reportJson = snapshot.toJson();
            });
            console.publish(); // a reloaded page shows the saved report at once, not its state at the restart
            StepTails tails = new StepTails(console);
            KubernetesRunner runner = new KubernetesRunner(s.connection(credential),
                    s.jobOptions(Launch.annotations(run)).withEnv(passed), tails,
                    c -> checkpoint(c, console, segments)).retries(results().retryPolicy());
            if (files != null) {
                FilePath ws = context.get(FilePath.class);
                if (ws == null) {
                    throw new AbortException(Messages.RoiergasiasStep_filesNeedWorkspace());
                }
                moved = WorkspaceFiles.prepare(ws, files, carriedNow(), listener.getLogger(), this::carry);
                runner.files(moved.transfer());
            }
            Checkpoint from = CheckpointText.decode(checkpointText);
            if (from == null && resuming && s.namespace() != null) {
                // restarted before the first checkpoint: the runner looks for the first Job by its labels
                from = new Checkpoint(runId, s.namespace(), 0, null, null, null, 0, null);
            }
            status = "running " + segments.size() + " segments";
            RunReport report = from != null
                    ? runner.resume(from, segments, earlier != null ? earlier : live.snapshot(), abort)
                    : runner.run(runId, segments, abort);
            if (Thread.currentThread().isInterrupted()) {
                // Jenkins is shutting down: the Job goes on, and onResume re-attaches to it
                LOGGER.fine(() -> "left " + runId + " running for the restart");
                return;
            }
            if (moved != null) {
                moved.report(run, listener.getLogger());
            }
            if (results().junit() != null) {
                FilePath ws = Objects.requireNonNull(context.get(FilePath.class), "workspace");
                JunitReport.write(ws, results().junit(), source, console.masked(report), tails, mask);
            }
            AbortException failure = Launch.finish(run, action, report, console);
            reportJson = console.masked(report).toJson();
            status = "finished";
            if (failure == null) {
                complete(new RoiergasiasResult(console.masked(report), runId), null);
            } else if (report.status() == RunStatus.ABORTED && stopCause != null) {
                complete(null, stopCause);
            } else if (!results().propagate()) {
                // propagate: false, as the build step has it: the script gets the result and decides
                console.println(failure.getMessage() + " (propagate: false: the step returns the result)");
                complete(new RoiergasiasResult(console.masked(report), runId), null);
            } else {
                complete(null, failure);
            }
        } catch (Throwable t) {
            if (t instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
                return; // Jenkins is shutting down; onResume carries on
            }
            LOGGER.log(Level.FINE, "roiergasias step failed", t);
            Throwable shown = Launch.userFacing(t);
            if (run != null) {
                Launch.endWith(run, page, source, plan == null ? null : mask.mask(plan),
                        mask.mask(String.valueOf(shown.getMessage())));
            }
            complete(null, shown);
        } finally {
            closeQuietly(moved); // the staging directory of an agent's workspace goes, however the run ends
        }
    }

    private static void closeQuietly(@CheckForNull WorkspaceFiles moved) {
        if (moved == null) {
            return;
        }
        try {
            moved.close();
        } catch (Exception e) {
            LOGGER.log(Level.WARNING, "could not remove the staging directory of the files", e);
        }
    }

    private synchronized List<String> carriedNow() {
        return carried == null ? List.of() : List.copyOf(carried);
    }

    /** One segment's outputs are in the workspace: their names persist with the program at once. */
    private void carry(List<String> names) {
        synchronized (this) {
            ArrayList<String> now = carried == null ? new ArrayList<>() : new ArrayList<>(carried);
            for (String n : names) {
                if (!now.contains(n)) {
                    now.add(n);
                }
            }
            carried = now;
        }
        saveNow();
    }

    /** Reads the workflow file; a safe restart waits for this short window instead of failing the step. */
    private void readWorkflow(ResolvedSettings s) throws Exception {
        FilePath ws = workspace;
        if (ws == null) {
            throw new AbortException(Messages.RoiergasiasStep_needsWorkspace(s.source()));
        }
        status = "reading " + s.source();
        reading = true;
        try {
            workflowText = Launch.read(ws, s.source());
        } finally {
            reading = false;
        }
        workspace = null;
        saveAndWait();
    }

    /**
     * The run id of this step, computed from what a restart keeps whatever was saved: this Jenkins
     * instance, the build (its name, number and start time, so that a re-created job's build #1 is
     * not an earlier one's) and the step's node in the Pipeline graph. A step resumed from a program
     * saved before its run id finds the same id, and so its Job.
     */
    private static String derivedRunId(Run<?, ?> run, StepContext context) throws Exception {
        FlowNode node = Objects.requireNonNull(context.get(FlowNode.class), "FlowNode");
        String key = String.join("\n", Jenkins.get().getLegacyInstanceId(), run.getExternalizableId(),
                Long.toString(run.getTimeInMillis()), node.getId());
        return RunIds.derive(run.getParent().getName(), key);
    }

    /** The names of the variables that {@code withCredentials} and similar steps mark as secret here. */
    private static Set<String> sensitiveNames(StepContext context) throws Exception {
        EnvironmentExpander expander = context.get(EnvironmentExpander.class);
        return expander == null ? Set.of() : expander.getSensitiveVariables();
    }

    private void checkpoint(Checkpoint c, ConsoleListener console, List<Segment> segments) {
        Checkpoint previous = CheckpointText.decode(checkpointText);
        checkpointText = CheckpointText.encode(c);
        status = RunMessages.waitingOn(c, segments);
        boolean moved = previous == null
                || previous.segment() != c.segment()
                || !Objects.equals(previous.job(), c.job())
                || !Objects.equals(previous.pod(), c.pod());
        if (moved) {
            RoiergasiasAction p = page;
            if (p != null) {
                p.placedIn(c.namespace());
            }
            console.placed(c);
        }
        if (moved || System.currentTimeMillis() - savedAt >= SAVE_MILLIS) {
            saveNow();
        }
    }

    private void saveNow() {
        savedAt = System.currentTimeMillis();
        getContext().saveState();
    }

    /**
     * Saves the Pipeline program and waits for it, at most {@link #SAVE_WAIT_SECONDS}: {@code
     * saveState()} only queues the save on the CPS thread. Only the text of a workflow file needs
     * this (nothing can compute it again); the run id does not (see {@code derivedRunId}).
     */
    private void saveAndWait() throws InterruptedException {
        savedAt = System.currentTimeMillis();
        try {
            getContext().saveState().get(SAVE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOGGER.log(Level.WARNING, "the Pipeline program was not saved in time; a restart before the next save"
                    + " fails the step, as it cannot read " + settings().source() + " again", e);
        }
    }

    /** Ends the step once, however many ways it is asked to end. */
    private void complete(@CheckForNull Object result, @CheckForNull Throwable failure) {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
        }
        if (failure == null) {
            getContext().onSuccess(result);
        } else {
            getContext().onFailure(failure);
        }
    }

    @Override
    public void stop(@NonNull Throwable cause) throws Exception {
        stopCause = cause;
        Abort a = abort;
        Future<?> t = task;
        if (a == null || t == null || t.isDone()) {
            endPage(String.valueOf(cause.getMessage()));
            complete(null, cause);
            return;
        }
        a.abort(reason(cause));
        // the engine deletes the Job and returns; if the cluster does not answer, stop waiting
        Timer.get().schedule(() -> {
            if (!isEnded()) {
                endPage(Messages.RoiergasiasStep_stopUnconfirmed(STOP_TIMEOUT_SECONDS, runId));
                complete(null, cause);
            }
        }, STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** A safe restart waits while the workflow file is read; at any other time the step survives a restart. */
    @Override
    public boolean blocksRestart() {
        return reading;
    }

    private synchronized boolean isEnded() {
        return ended;
    }

    private void endPage(String message) {
        RoiergasiasAction p = page;
        if (p != null && p.endWith(message)) {
            try {
                p.getRun().save();
            } catch (Exception e) {
                LOGGER.log(Level.WARNING, "could not save the build of " + runId, e);
            }
        }
    }

    private static String reason(Throwable cause) {
        if (cause instanceof FlowInterruptedException fie && !fie.getCauses().isEmpty()) {
            CauseOfInterruption first = fie.getCauses().get(0);
            return first.getShortDescription();
        }
        return Messages.RoiergasiasStep_aborted();
    }

    @Override
    public String getStatus() {
        String s = status;
        return s != null ? s : RunMessages.waitingOn(CheckpointText.decode(checkpointText), List.of());
    }
}
