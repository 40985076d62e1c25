package io.jenkins.plugins.roiergasias.e2e;

import io.jenkins.plugins.roiergasias.report.StepReport;
import io.jenkins.plugins.roiergasias.run.RunListener;
import io.jenkins.plugins.roiergasias.segment.Segment;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** What the user sees of a run: output text (or only its line count, for huge logs) and progress. */
final class Console implements RunListener {
    private final StringBuilder text = new StringBuilder();
    private final boolean countOnly;
    final AtomicLong lines = new AtomicLong();
    final List<String> progress = new CopyOnWriteArrayList<>();
    final List<StepReport> steps = new CopyOnWriteArrayList<>();
    private volatile String waitingFor;
    private final CountDownLatch seen = new CountDownLatch(1);

    Console(boolean countOnly) {
        this.countOnly = countOnly;
    }

    Console() {
        this(false);
    }

    /** Arms {@link #awaitLine}: the first output line equal to {@code line} opens it. */
    Console expecting(String line) {
        this.waitingFor = line;
        return this;
    }

    boolean awaitLine(long seconds) throws InterruptedException {
        return seen.await(seconds, TimeUnit.SECONDS);
    }

    @Override
    public synchronized void output(Segment segment, String t, boolean newline) {
        if (newline) {
            lines.incrementAndGet();
        }
        if (!countOnly) {
            text.append(t).append(newline ? "\n" : "");
        }
        if (newline && t.equals(waitingFor)) {
            seen.countDown();
        }
    }

    @Override
    public void progress(String message) {
        progress.add(message);
    }

    @Override
    public void stepFinished(Segment segment, StepReport step) {
        steps.add(step);
    }

    synchronized String text() {
        return text.toString();
    }
}
