package io.jenkins.plugins.roiergasias.kubernetes;






import io.jenkins.plugins.roiergasias.kubernetes.connection.Backoff;
import io.jenkins.plugins.roiergasias.kubernetes.connection.ClientFactory;
import io.jenkins.plugins.roiergasias.kubernetes.connection.Cluster;
import io.jenkins.plugins.roiergasias.kubernetes.connection.ConnectionSettings;
import io.jenkins.plugins.roiergasias.kubernetes.connection.Credential;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.JobOptions;

import io.jenkins.plugins.roiergasias.kubernetes.logs.ChunkStream;
import io.jenkins.plugins.roiergasias.kubernetes.logs.HttpLogSource;
import io.jenkins.plugins.roiergasias.kubernetes.logs.LogFollower;
import io.jenkins.plugins.roiergasias.kubernetes.logs.LogPosition;
import io.jenkins.plugins.roiergasias.kubernetes.logs.LogSource;
import io.jenkins.plugins.roiergasias.kubernetes.watch.EndingPod;

import io.jenkins.plugins.roiergasias.report.ReportBuilder;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.run.Abort;
import io.jenkins.plugins.roiergasias.run.RunListener;
import io.jenkins.plugins.roiergasias.segment.Segment;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;

/** What the benchmarks (package {@code bench}) need of the runner's package-private parts. */
public final class BenchAccess {
    private BenchAccess() {}

    /** Counts of one log read. */
    public record LogRead(long lines, long chars, int requests) {}

    /**
     * Reads a pod's log through the runner's own path (fabric8 HTTP client, {@link LogFollower},
     * timestamps, {@link StepRecorder}, checkpoints) into a counting listener; the pod counts as ended once the first
     * answer has been read, so the follower then verifies and stops.
     */
    public static LogRead followLog(String serverUrl, String namespace, String pod) throws InterruptedException {
        ConnectionSettings s = new ConnectionSettings(serverUrl, null, false, namespace, new Credential.Token("bench"));
        try (Cluster cluster = new Cluster(ClientFactory.of(s), Backoff.DEFAULT, d -> false, m -> {})) {
            EndingPod pods = new EndingPod();
            LogSource http = new HttpLogSource(cluster);
            // The stream is handed over as is (a ChunkStream, read in push mode like the runner's own
            // path); the pod counts as ended from the first answer on: the follower decided before the
            // request that this one follows, so the next request is the verifying one.
            LogSource source = (name, since, follow) -> {
                InputStream in = http.open(name, since, follow);
                pods.end();
                return in;
            };
            long[] counts = new long[2];
            // the runner's own per-line path: StepRecorder (markers, report), serialised listener, checkpoints
            List<Segment> segments = Workflows.split("version: 0.1\ntask:\n  - sequential:\n      - print: [\"x\"]\n");
            RunListener listener = new SerialListener(new RunListener() {
                @Override
                public void output(Segment segment, String text, boolean newline) {
                    counts[0]++;
                    counts[1] += text.length();
                }
            });
            StepRecorder recorder = new StepRecorder(segments.get(0), new ReportBuilder(segments), listener);
            recorder.newAttempt(null);
            Checkpoints checkpoints = new Checkpoints(c -> {}, "bench", namespace, Checkpoints.INTERVAL);
            checkpoints.segment(0, "bench-s1");
            checkpoints.pod(pod);
            LogFollower follower = new LogFollower(source, pods, m -> {}, Duration.ofSeconds(30), "bench");
            LogPosition position = new LogPosition();
            String[] knownNonce = {null};
            // the same per-line work as LogPump's
            LogFollower.End end = follower.follow(pod, position, (ts, text, newline) -> {
                recorder.line(ts, text, newline);
                if (knownNonce[0] == null) {
                    knownNonce[0] = recorder.nonce();
                    if (knownNonce[0] != null) {
                        checkpoints.log(position.timestamp(), position.count(), knownNonce[0]);
                    }
                }
            });
            if (end != LogFollower.End.DRAINED) {
                throw new IllegalStateException("log not drained: " + end);
            }
            return new LogRead(counts[0], counts[1], follower.requests());
        }
    }

    /**
     * One segment as measured against the mock API server.
     *
     * @param detectNanos from just before the fake kubelet wrote the pod's terminal status to the runner noticing
     * @param wallNanos from segmentStarted to segmentFinished
     * @param programNanos how long the pod's program ran
     * @param requests the runner's API requests for the segment
     */
    public record SegmentTiming(long detectNanos, long wallNanos, long programNanos, long requests) {}

    /** Runs a workflow of {@code count} one-line segments (alternating node1, node2) and times each. */
    public static List<SegmentTiming> timeSegments(int count) throws Exception {
        StringBuilder yaml = new StringBuilder("version: 0.1\ntask:\n");
        for (int i = 0; i < count; i++) {
            yaml.append("  - node: node").append(1 + i % 2).append("\n    sequential:\n      - print: [\"segment ")
                    .append(i + 1).append("\"]\n");
        }
        List<Segment> segments = Workflows.split(yaml.toString());
        try (FakeCluster cluster = new FakeCluster()) {
            java.util.Map<String, Long> written = new java.util.concurrent.ConcurrentHashMap<>();
            java.util.Map<String, Long> ran = new java.util.concurrent.ConcurrentHashMap<>();
            cluster.kubelet.beforeTerminalWrite = (pod, t) -> written.put(segmentOf(pod), t);
            cluster.kubelet.programRan = (pod, t) -> ran.put(segmentOf(pod), t);
            long[] noticed = new long[count];
            long[] started = new long[count];
            long[] finished = new long[count];
            long[] requestsBefore = new long[count + 1];
            RunListener listener = new RunListener() {
                @Override
                public void output(Segment segment, String text, boolean newline) {}

                @Override
                public void segmentStarted(Segment segment) {
                    started[segment.index()] = System.nanoTime();
                    requestsBefore[segment.index()] = cluster.runnerRequests().size();
                }

                @Override
                public void segmentFinished(Segment segment, io.jenkins.plugins.roiergasias.report.SegmentReport r) {
                    finished[segment.index()] = System.nanoTime();
                    requestsBefore[segment.index() + 1] = cluster.runnerRequests().size();
                }
            };
            RunReport report = new KubernetesRunner(cluster.settings(), JobOptions.defaults(), listener, c -> {})
                    .tracer(new RunContext.Tracer() {
                        @Override
                        public void ended(int segment) {
                            noticed[segment] = System.nanoTime();
                        }
                    })
                    .run("bench-abcdefgh", segments, new Abort());
            if (report.status() != io.jenkins.plugins.roiergasias.report.RunStatus.SUCCEEDED) {
                throw new IllegalStateException(report.message());
            }
            List<SegmentTiming> out = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                String key = String.valueOf(i + 1);
                out.add(new SegmentTiming(noticed[i] - written.getOrDefault(key, noticed[i]), finished[i] - started[i],
                        ran.getOrDefault(key, 0L), requestsBefore[i + 1] - requestsBefore[i]));
            }
            return out;
        }
    }

    private static String segmentOf(String pod) {
        // bench-abcdefgh-s<N>-xxxxx
        String rest = pod.substring("bench-abcdefgh-s".length());
        return rest.substring(0, rest.indexOf('-'));
    }

    /** The transport alone: the bytes of the log through the runner's HTTP path, not looked at. */
    public static long transportOnly(String serverUrl, String namespace, String pod) throws Exception {
        ConnectionSettings s = new ConnectionSettings(serverUrl, null, false, namespace, new Credential.Token("bench"));
        try (Cluster cluster = new Cluster(ClientFactory.of(s), Backoff.DEFAULT, d -> false, m -> {})) {
            long[] bytes = {0};
            try (InputStream in = new HttpLogSource(cluster).open(pod, null, true)) {
                ((ChunkStream) in).pushTo((b, off, len) -> bytes[0] += len);
            }
            return bytes[0];
        }
    }
}
