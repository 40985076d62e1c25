package io.jenkins.plugins.roiergasias.run;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The caller's signal to stop a run (the user aborted the build, a timeout fired). Runners check it
 * and can wait on it instead of sleeping.
 */
public final class Abort {
    private final CountDownLatch latch = new CountDownLatch(1);
    private volatile String reason;

    /** Asks the run to stop; the first reason wins. */
    public void abort(String why) {
        synchronized (this) {
            if (reason == null) {
                reason = why;
            }
        }
        latch.countDown();
    }

    public boolean isAborted() {
        return latch.getCount() == 0;
    }

    @CheckForNull
    public String reason() {
        return reason;
    }

    /** Waits up to {@code timeout} for an abort; true when aborted. */
    public boolean await(Duration timeout) throws InterruptedException {
        return latch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
}
