package io.jenkins.plugins.roiergasias.kubernetes.logs;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.fabric8.kubernetes.api.model.Pod;
import io.jenkins.plugins.roiergasias.kubernetes.connection.ApiErrors;
import io.jenkins.plugins.roiergasias.kubernetes.watch.PodTracker;
import io.jenkins.plugins.roiergasias.kubernetes.watch.Pods;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Follows one pod's container log to its very end, through dropped connections, delivering every
 * line once.
 *
 * <h2>States</h2>
 *
 * <pre>
 *  WAIT_START --container running or ended--> CONNECT (follow=true, sinceTime=position)
 *  CONNECT --200--> STREAM
 *          --400 (ContainerCreating...)--> WAIT_START
 *          --404, or pod deleted--> GONE (end)
 *          --5xx, 429, I/O error--> CONNECT after backoff
 *  STREAM  --each line--> position.accept? deliver : skip (a repeat after a resume)
 *          --end of stream, container still running--> CONNECT (at once if the stream brought new
 *            lines, else after backoff or a pod change: never a tight loop)
 *          --end of stream, container ended--> VERIFY
 *  VERIFY  (follow=false, sinceTime=position)
 *          --answer brings no new line and ends like the answer before--> DRAINED (end)
 *          --otherwise (new lines, or broken)--> VERIFY again (at most 10 times)
 * </pre>
 *
 * <p>VERIFY exists because a clean end of stream does not prove that the log is complete: the API
 * server ends its answer cleanly also when its own connection to the kubelet breaks. In the usual
 * case it costs one short request per pod (the overlap since the last whole second). An unfinished
 * last line (no line end) is delivered only once two answers in a row end with it. What remains
 * undetectable is an answer that breaks exactly at a line end and still ends cleanly; the container's
 * termination message then still gives the step results ({@code kubernetes.StepRecorder#crossCheck}). A stream of an
 * ended container that stays silent for {@code drainSilence} is closed and VERIFY reads the rest.
 *
 * <p>Lines are cut by {@link LogReader}, so memory is bounded whatever the log size. A line
 * that a dropped connection cut in two is not delivered (and not counted) until it comes again
 * whole; pieces of an over-long line already delivered are skipped when it comes again.
 */
public final class LogFollower {
    private static final Logger LOGGER = Logger.getLogger(LogFollower.class.getName());
    private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final int MAX_VERIFY = 10;

    /** Receives log lines; {@code ts} is the line's timestamp, null when the server sent none. */
    public interface Lines {
        void line(@CheckForNull Instant ts, String text, boolean newline);
    }

    public enum End {
        /** The container ended and its whole log was read. */
        DRAINED,
        /** The pod was deleted (or the server refused the log) before the whole log was read. */
        GONE,
        /** {@link #stop()} was called. */
        STOPPED,
        /** The credential may not read pod logs: {@link #forbidden()} says what is missing. */
        FORBIDDEN
    }

    private final LogSource source;
    private final PodTracker pods;
    private final Consumer<String> progress;
    private final Duration drainSilence;
    private final String namespace;
    private volatile boolean stopped;

    @CheckForNull
    private volatile String forbidden;

    @CheckForNull
    private volatile InputStream current;

    @CheckForNull
    private volatile String currentPod;

    private volatile long lastByteNanos = System.nanoTime();

    /** How many requests were made, for tests and benchmarks. */
    private int requests;

    public LogFollower(LogSource source, PodTracker pods, Consumer<String> progress, Duration drainSilence, String namespace) {
        this.namespace = namespace;
        this.source = source;
        this.pods = pods;
        this.progress = progress;
        this.drainSilence = drainSilence;
    }

    /** Ends the current {@link #follow}: closes its stream. */
    public void stop() {
        stopped = true;
        closeCurrent();
        pods.signal().fire();
    }

    /** Why reading logs is forbidden, in words a user can act on; null while it is not. */
    @CheckForNull
    public String forbidden() {
        return forbidden;
    }

    public int requests() {
        return requests;
    }

    /** Follows {@code pod} from {@code position} (updated as lines are delivered) to the end. */
    public End follow(String pod, LogPosition position, Lines lines) throws InterruptedException {
        LogReader reader = new LogReader(position, lines, () -> lastByteNanos = System.nanoTime());
        Duration backoff = MIN_BACKOFF;
        boolean ended = false;
        int verifies = 0;
        byte[] lastFragment = null;
        while (!stopped) {
            long seen = pods.signal().version();
            Pod p = pods.pod(pod);
            if (p == null) {
                return End.GONE;
            }
            if (!Pods.started(p) && !Pods.finished(p)) {
                pods.signal().await(seen, Duration.ofSeconds(30));
                continue;
            }
            ended = Pods.finished(p);
            boolean verify = ended;
            InputStream in;
            try {
                requests++;
                in = source.open(pod, position.sinceTime(), !verify);
            } catch (LogSource.Refused r) {
                if (r.notStartedYet() && ended) {
                    // The pod ended without a container log (evicted or killed before it started).
                    LOGGER.log(Level.FINE, () -> "no log for ended pod " + pod + ": " + r.getMessage());
                    return End.GONE;
                } else if (r.notStartedYet()) {
                    LOGGER.log(Level.FINE, () -> "log of " + pod + " not available yet: " + r.getMessage());
                } else if (r.code() == 404) {
                    return End.GONE;
                } else if (r.code() == 401 || r.code() == 403) {
                    // The user must fix the Role: say exactly what is missing and stop the segment.
                    forbidden = ApiErrors.forbidden(r.getMessage(), ApiErrors.Op.of("get", "pods/log", pod), namespace);
                    return End.FORBIDDEN;
                } else if (!r.transientFailure()) {
                    progress.accept("cannot read the log of pod " + pod + " (HTTP " + r.code() + "): " + r.getMessage());
                    return End.GONE;
                }
                pods.signal().await(seen, backoff);
                backoff = longer(backoff);
                continue;
            } catch (IOException e) {
                LOGGER.log(Level.FINE, e, () -> "log request for " + pod + " failed");
                pods.signal().await(seen, backoff);
                backoff = longer(backoff);
                continue;
            }
            current = in;
            currentPod = pod;
            lastByteNanos = System.nanoTime();
            boolean clean = reader.read(in);
            current = null;
            if (stopped) {
                break;
            }
            if (verify && clean) {
                // Done when an answer brings nothing new and ends as the one before it did (a broken
                // answer ends inside a line that the next answer carries further).
                if (reader.deliveredThisConnection() == 0 && Arrays.equals(reader.fragment(), lastFragment)
                        && reader.fragmentIsWhole()) {
                    reader.deliverFragment();
                    return End.DRAINED;
                }
                lastFragment = reader.fragment();
                if (++verifies >= MAX_VERIFY) {
                    progress.accept("the log of pod " + pod + " kept changing after the container ended; it may be"
                            + " incomplete");
                    reader.deliverFragment();
                    return End.DRAINED;
                }
                continue;
            }
            if (reader.deliveredThisConnection() > 0) {
                backoff = MIN_BACKOFF;
            } else {
                // Nothing new: wait for the pod to change (it ends; also if it did during the read)
                // or for the backoff.
                pods.signal().await(seen, backoff);
                backoff = longer(backoff);
            }
        }
        return End.STOPPED;
    }

    /**
     * Closes the stream of an ended container that stayed silent for too long (VERIFY then reads the
     * rest). Called now and then by a timer.
     */
    public void checkSilence() {
        InputStream in = current;
        String pod = currentPod;
        if (in != null && pod != null && Pods.finished(pods.pod(pod))
                && System.nanoTime() - lastByteNanos > drainSilence.toNanos()) {
            LOGGER.log(Level.FINE, () -> "log of ended pod " + pod + " silent for " + drainSilence + ": closing");
            closeCurrent();
        }
    }

    private void closeCurrent() {
        InputStream in = current;
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                LOGGER.log(Level.FINE, "closing a log stream failed", e);
            }
        }
    }

    private static Duration longer(Duration d) {
        Duration twice = d.multipliedBy(2);
        return twice.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : twice;
    }
}
