package io.jenkins.plugins.roiergasias.kubernetes.connection;

import java.time.Duration;

/** Waits between retries; true when the wait was cut short by an abort. A seam so that tests need not sleep. */
@FunctionalInterface
public interface Sleeper {
    boolean sleep(Duration duration) throws InterruptedException;
}
