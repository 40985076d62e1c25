package io.jenkins.plugins.roiergasias.kubernetes.watch;

import java.time.Duration;

/**
 * Wakes waiters when something changed (a watch event, an abort, a log stream ending). Waiters
 * remember the version they saw, so a change between their check and their wait is never missed.
 */
public final class Signal {
    private long version;

    public synchronized void fire() {
        version++;
        notifyAll();
    }

    public synchronized long version() {
        return version;
    }

    /** Waits until the version differs from {@code seen} or the time is up; true when it changed. */
    public synchronized boolean await(long seen, Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (version == seen) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            long ms = left / 1_000_000;
            wait(ms, (int) (left % 1_000_000));
        }
        return true;
    }
}
