package io.jenkins.plugins.roiergasias.kubernetes;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.fabric8.kubernetes.api.model.Pod;
import io.jenkins.plugins.roiergasias.kubernetes.logs.LogFollower;
import io.jenkins.plugins.roiergasias.kubernetes.logs.LogPosition;
import io.jenkins.plugins.roiergasias.kubernetes.watch.Pods;
import io.jenkins.plugins.roiergasias.kubernetes.watch.SegmentWatch;
import io.jenkins.plugins.roiergasias.kubernetes.watch.Signal;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The log thread of a segment: follows the logs of the segment's pods one after another, oldest
 * first (several pods when {@code backoffLimit > 0} retries the program), until told that no more
 * pods will come and every pod's log was read.
 */
final class LogPump implements Runnable {
    private static final Logger LOGGER = Logger.getLogger(LogPump.class.getName());

    private final SegmentWatch watch;
    private final LogFollower follower;
    private final StepRecorder recorder;
    private final Checkpoints checkpoints;
    private final Consumer<String> progress;
    private final Set<String> done = new HashSet<>();
    private final Signal doneSignal = new Signal();
    private volatile boolean noMorePods;
    private volatile boolean finished;
    private int attempts;

    @CheckForNull
    private Checkpoint resume;

    @CheckForNull
    private volatile LogPosition current;

    LogPump(SegmentWatch watch, LogFollower follower, StepRecorder recorder, Checkpoints checkpoints,
            Consumer<String> progress, @CheckForNull Checkpoint resume) {
        this.watch = watch;
        this.follower = follower;
        this.recorder = recorder;
        this.checkpoints = checkpoints;
        this.progress = progress;
        this.resume = resume;
    }

    /** No pod will be added: end once the known pods' logs are read. */
    void noMorePods() {
        noMorePods = true;
        watch.signal().fire();
    }

    void stop() {
        noMorePods = true;
        follower.stop();
    }

    LogFollower follower() {
        return follower;
    }

    /**
     * Hands out the log position now and then (a timer calls this every second), also while the
     * program is silent; the log thread itself only publishes it between lines.
     */
    void checkpointTick() {
        LogPosition p = current;
        LogPosition.Mark m = p == null ? null : p.published();
        if (m != null && m.timestamp() != null) {
            checkpoints.log(m.timestamp(), m.count(), recorder.nonce());
            checkpoints.flush();
        }
    }

    /** Waits until every pod's log was read; false when the time was up first. */
    boolean awaitDone(Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!finished) {
            long v = doneSignal.version();
            long left = end - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            doneSignal.await(v, Duration.ofNanos(left));
        }
        return true;
    }

    @Override
    public void run() {
        try {
            pump();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "reading the log failed", e);
            progress.accept("reading the log failed: " + e);
        } finally {
            finished = true;
            doneSignal.fire();
        }
    }

    private void pump() throws InterruptedException {
        if (resume != null && resume.pod() != null) {
            // Pods older than the checkpoint's were read before the restart.
            for (Pod p : watch.pods()) {
                if (p.getMetadata().getName().equals(resume.pod())) {
                    break;
                }
                done.add(Pods.name(p));
                attempts++;
            }
        }
        while (true) {
            long v = watch.signal().version();
            Pod next = next(watch.pods());
            if (next == null) {
                if (noMorePods) {
                    return;
                }
                watch.signal().await(v, Duration.ofSeconds(30));
                continue;
            }
            String name = Pods.name(next);
            attempts++;
            if (attempts > 1) {
                progress.accept("attempt " + attempts + ", pod " + name);
            }
            LogPosition position;
            String nonce = null;
            if (resume != null && name.equals(resume.pod())) {
                position = new LogPosition(resume.lastLogTimestamp(), resume.linesAtLastTimestamp());
                nonce = resume.nonce();
            } else {
                position = new LogPosition();
                checkpoints.pod(name);
            }
            resume = null;
            recorder.newAttempt(nonce);
            current = position;
            String[] knownNonce = {nonce};
            boolean everyLine = checkpoints.everyLine();
            LogFollower.End end = follower.follow(name, position, (ts, text, newline) -> {
                recorder.line(ts, text, newline);
                // The position goes out on the timer (checkpointTick); here only the nonce, once, at once.
                String n = knownNonce[0];
                if (n == null) {
                    n = recorder.nonce();
                    knownNonce[0] = n;
                    if (n != null) {
                        checkpoints.log(position.timestamp(), position.count(), n);
                        return;
                    }
                }
                if (everyLine) {
                    checkpoints.log(position.timestamp(), position.count(), n);
                }
            });
            current = null;
            checkpoints.log(position.timestamp(), position.count(), recorder.nonce());
            checkpoints.flush();
            done.add(name);
            LOGGER.log(Level.FINE, () -> "log of " + name + ": " + end);
            if (end == LogFollower.End.STOPPED) {
                return;
            }
            if (end == LogFollower.End.FORBIDDEN) {
                watch.signal().fire(); // the segment's thread reads follower().forbidden()
                return;
            }
        }
    }

    @CheckForNull
    private Pod next(List<Pod> pods) {
        for (Pod p : pods) {
            if (!done.contains(Pods.name(p))) {
                return p;
            }
        }
        return null;
    }
}
