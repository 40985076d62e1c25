package io.jenkins.plugins.roiergasias.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.roiergasias.kubernetes.Checkpoint;
import io.jenkins.plugins.roiergasias.kubernetes.Credential;
import io.jenkins.plugins.roiergasias.kubernetes.KubernetesRunner;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.RunStatus;
import io.jenkins.plugins.roiergasias.run.Abort;
import io.jenkins.plugins.roiergasias.segment.Segment;
import io.jenkins.plugins.roiergasias.settings.CheckpointText;
import io.jenkins.plugins.roiergasias.settings.LiveReport;
import io.jenkins.plugins.roiergasias.settings.ResolvedSettings;
import io.jenkins.plugins.roiergasias.settings.RunMessages;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.CauseOfInterruption;
import jenkins.util.SystemProperties;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * The durable, asynchronous execution of {@link RoiergasiasStep}.
 *
 * <p>Lifecycle: {@link #start()} returns at once; a pooled thread reads the workflow, creates the
 * build page's action and runs the engine's blocking {@link KubernetesRunner}. No executor is
 * held while Jobs run. The execution persists (with the Pipeline program) only plain text: the
 * resolved settings, the workflow, the run id, the latest {@link Checkpoint} and the report's
 * JSON; threads, clients and watches are transient. After a Jenkins restart, {@link #onResume()}
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

    private transient volatile FilePath workspace;
    private transient volatile Abort abort;
    private transient volatile Future<?> task;
    private transient volatile String status;
    private transient volatile long savedAt;
    private transient volatile Throwable stopCause;
    private transient boolean ended;

    RoiergasiasStepExecution(StepContext context, ResolvedSettings settings, @CheckForNull String inlineText) {
        super(context);
        this.settingsText = settings.encode();
        this.workflowText = inlineText;
    }

    RoiergasiasStepExecution withFiles(@CheckForNull FileSettings f) {
        this.files = f;
        return this;
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
        task = Launch.threads().submit(() -> execute(resuming));
    }

    /** The whole run, on a pooled thread; ends the step one way or another. */
    private void execute(boolean resuming) {
        StepContext context = getContext();
        try {
            Run<?, ?> run = Objects.requireNonNull(context.get(Run.class), "Run");
            TaskListener listener = Objects.requireNonNull(context.get(TaskListener.class), "TaskListener");
            ResolvedSettings s = settings();
            if (workflowText == null) {
                FilePath ws = workspace;
                if (ws == null) {
                    throw new AbortException(Messages.RoiergasiasStep_needsWorkspace(s.source()));
                }
                status = "reading " + s.source();
                workflowText = Launch.read(ws, s.source());
                workspace = null;
                context.saveState();
            }
            List<Segment> segments = Launch.segments(s, workflowText, listener.getLogger());
            if (s.dryRun()) {
                Launch.dryRun(s, segments, run, listener.getLogger());
                complete(new RoiergasiasResult(segments.size()), null);
                return;
            }
            RunReport earlier = reportJson == null ? null : RunReport.fromJson(reportJson);
            RoiergasiasAction action = RoiergasiasAction.find(run, actionUrl);
            if (action == null) {
                RunReport initial = earlier != null ? earlier : new LiveReport(segments).snapshot();
                action = RoiergasiasAction.attach(run, s.source(), initial);
            }
            if (runId == null) {
                runId = Launch.newRunId(run);
                actionUrl = action.getUrlName();
                action.setRunId(runId);
                run.save();
                saveNow(); // the run id is persisted before any Job carries it
            }
            Credential credential = Launch.credential(run, s);
            LiveReport live = earlier != null ? new LiveReport(earlier) : new LiveReport(segments);
            RoiergasiasAction page = action;
            ConsoleListener console = new ConsoleListener(listener.getLogger(), live, snapshot -> {
                page.update(snapshot);
                reportJson = snapshot.toJson();
            });
            KubernetesRunner runner = new KubernetesRunner(s.connection(credential),
                    s.jobOptions(Launch.annotations(run)), console, c -> checkpoint(c, console, segments));
            WorkspaceFiles moved = null;
            if (files != null && !s.dryRun()) {
                FilePath ws = context.get(FilePath.class);
                if (ws == null) {
                    throw new AbortException(Messages.RoiergasiasStep_filesNeedWorkspace());
                }
                moved = WorkspaceFiles.prepare(ws, files.spec(), listener.getLogger());
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
            reportJson = report.toJson();
            if (moved != null) {
                moved.finish(run, listener.getLogger());
            }
            AbortException failure = Launch.finish(run, action, report, console);
            status = "finished";
            if (failure == null) {
                complete(new RoiergasiasResult(report, runId), null);
            } else if (report.status() == RunStatus.ABORTED && stopCause != null) {
                complete(null, stopCause);
            } else {
                complete(null, failure);
            }
        } catch (Throwable t) {
            if (t instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
                return; // Jenkins is shutting down; onResume carries on
            }
            LOGGER.log(Level.FINE, "roiergasias step failed", t);
            complete(null, Launch.userFacing(t));
        }
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
            complete(null, cause);
            return;
        }
        a.abort(reason(cause));
        // the engine deletes the Job and returns; if the cluster does not answer, stop waiting
        Timer.get().schedule(() -> complete(null, cause), STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
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
