package io.jenkins.plugins.roiergasias.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import hudson.model.listeners.ItemListener;
import hudson.util.ClassLoaderSanityThreadFactory;
import hudson.util.DaemonThreadFactory;
import hudson.util.NamingThreadFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.util.ContextResettingExecutorService;

/**
 * The threads that run the engine's blocking calls, so that no executor or CPS thread waits on a
 * cluster: one pool for Pipeline steps, one for freestyle builds. Made as
 * {@code SynchronousNonBlockingStepExecution} makes its own: daemon threads with the plugin's class
 * loader, named, and reset after every task.
 *
 * <p>When Jenkins goes down, the Pipeline runs are interrupted in {@link #onBeforeShutdown()}, which
 * Jenkins calls before any {@code @Terminator} and so before Pipeline executions are suspended: the
 * engine then leaves their Jobs running, and the steps re-attach from their checkpoints after the
 * restart. Jenkins waits at most
 * {@code io.jenkins.plugins.roiergasias.jenkins.RunnerThreads.shutdownSeconds} (default 30) for them.
 * Freestyle runs are not touched here: Jenkins interrupts their executors later, and the build step
 * then deletes its Job, as on any abort, since a freestyle build cannot resume.
 */
@Extension
public final class RunnerThreads extends ItemListener {
    private static final Logger LOGGER = Logger.getLogger(RunnerThreads.class.getName());
    private static final long SHUTDOWN_SECONDS = Long.getLong(RunnerThreads.class.getName() + ".shutdownSeconds", 30);

    @CheckForNull
    private static ExecutorService pipeline;

    @CheckForNull
    private static ExecutorService freestyle;

    static synchronized ExecutorService pipeline() {
        if (pipeline == null) {
            pipeline = pool("roiergasias pipeline step");
        }
        return pipeline;
    }

    static synchronized ExecutorService freestyle() {
        if (freestyle == null) {
            freestyle = pool("roiergasias build step");
        }
        return freestyle;
    }

    private static ExecutorService pool(String name) {
        return new ContextResettingExecutorService(Executors.newCachedThreadPool(
                new NamingThreadFactory(new ClassLoaderSanityThreadFactory(new DaemonThreadFactory()), name)));
    }

    @Override
    public void onBeforeShutdown() {
        ExecutorService old;
        synchronized (RunnerThreads.class) {
            old = pipeline;
            pipeline = null;
        }
        if (old == null) {
            return;
        }
        old.shutdownNow();
        try {
            if (!old.awaitTermination(SHUTDOWN_SECONDS, TimeUnit.SECONDS)) {
                LOGGER.warning(() -> "roiergasias steps still running after " + SHUTDOWN_SECONDS + " s of shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOGGER.log(Level.FINE, "interrupted while waiting for roiergasias steps to stop", e);
        }
    }
}
