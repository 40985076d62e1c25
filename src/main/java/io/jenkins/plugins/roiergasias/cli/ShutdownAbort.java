package io.jenkins.plugins.roiergasias.cli;

import io.jenkins.plugins.roiergasias.run.Abort;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (SIGINT), SIGTERM and SIGHUP during {@code run}. The JVM answers them by running its
 * shutdown hooks and then exiting, whatever other threads still do. So the hook does not only ask
 * the run to stop: it holds the JVM until the run has cleaned up (the running Job, its pods and its
 * ConfigMap deleted and seen gone) and the result is printed, then ends the process with the run's
 * exit status (4 for an aborted run). It waits at most {@code limit}; after that it says what may be
 * left and ends with 4.
 *
 * <p>{@link System#exit} cannot be used from the hook (it would wait for the hook itself), and the
 * main thread's own {@code System.exit} blocks while hooks run; so the hook ends the process with
 * {@link Runtime#halt} once the main thread has {@linkplain #finished finished}.
 */
final class ShutdownAbort implements AutoCloseable {
    static final String REASON = "interrupted (Ctrl-C or SIGTERM)";

    private final Abort abort;
    private final Duration limit;
    private final String leftover;
    private final PrintStream out;
    private final PrintStream err;
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook = new Thread(this::abortAndWait, "roiergasias-abort");
    private volatile int exitCode = Main.INFRASTRUCTURE;

    /**
     * @param limit how long the clean-up may take at most
     * @param leftover what to tell the user when it took longer (which objects to look for)
     */
    private ShutdownAbort(Abort abort, Duration limit, String leftover, PrintStream out, PrintStream err) {
        this.abort = abort;
        this.limit = limit;
        this.leftover = leftover;
        this.out = out;
        this.err = err;
    }

    /** Installs the hook until {@link #close}. */
    static ShutdownAbort install(Abort abort, Duration limit, String leftover, PrintStream out, PrintStream err) {
        ShutdownAbort s = new ShutdownAbort(abort, limit, leftover, out, err);
        Runtime.getRuntime().addShutdownHook(s.hook);
        return s;
    }

    /** The run is over and its result printed; a running hook may now end the process with {@code code}. */
    void finished(int code) {
        exitCode = code;
        done.countDown();
    }

    private void abortAndWait() {
        err.println("roiergasias: " + REASON + ": stopping the run and cleaning up (at most "
                + limit.toSeconds() + " s)");
        err.flush();
        abort.abort(REASON);
        boolean ended;
        try {
            ended = done.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            ended = false;
        }
        if (!ended) {
            err.println("roiergasias: aborted: the clean-up did not end within " + limit.toSeconds() + " s; "
                    + leftover);
        }
        out.flush();
        err.flush();
        Runtime.getRuntime().halt(ended ? exitCode : Main.INFRASTRUCTURE);
    }

    /** Removes the hook; when it is already running (a signal came), it ends the process after {@link #finished}. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook runs and halts the JVM once the run is finished; a run that ended with an
            // exception instead of a report is finished too.
            if (done.getCount() > 0) {
                finished(Main.INFRASTRUCTURE);
            }
        }
    }
}
