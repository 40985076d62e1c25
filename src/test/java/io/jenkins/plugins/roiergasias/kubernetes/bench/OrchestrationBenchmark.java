package io.jenkins.plugins.roiergasias.kubernetes.bench;

import io.jenkins.plugins.roiergasias.kubernetes.BenchAccess;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Against the mock API server (the test playing scheduler and kubelet): how fast the runner notices
 * that a pod ended, and what one segment costs in API requests and time besides its program's own
 * run time. Numbers are printed; docs/benchmarks-kubernetes.md keeps a table.
 */
@Tag("benchmark")
class OrchestrationBenchmark {
    @Test
    void detectionLatencyAndOrchestrationPerSegment() throws Exception {
        BenchAccess.timeSegments(4); // warm-up
        int n = Integer.getInteger("bench.segments", 40);
        List<BenchAccess.SegmentTiming> timings = BenchAccess.timeSegments(n);
        double[] detect = timings.stream().mapToDouble(t -> t.detectNanos() / 1e6).sorted().toArray();
        double[] orchestration = timings.stream()
                .mapToDouble(t -> (t.wallNanos() - t.programNanos()) / 1e6).sorted().toArray();
        double[] program = timings.stream().mapToDouble(t -> t.programNanos() / 1e6).sorted().toArray();
        long[] requests = timings.stream().mapToLong(BenchAccess.SegmentTiming::requests).sorted().toArray();
        System.out.printf("detection latency over %d segments: p50 %.1f ms, p95 %.1f ms, max %.1f ms%n", n,
                pct(detect, 50), pct(detect, 95), detect[detect.length - 1]);
        System.out.printf("  for comparison (computed): polling every 1 s gives p50 500 ms, p95 950 ms;"
                + " a 10 s requeue gives p50 5000 ms, p95 9500 ms%n");
        System.out.printf("orchestration per segment (wall time minus the program's run time): p50 %.1f ms,"
                + " p95 %.1f ms; program itself p50 %.1f ms%n", pct(orchestration, 50), pct(orchestration, 95),
                pct(program, 50));
        System.out.printf("API requests per segment: min %d, median %d, max %d (%s)%n", requests[0],
                requests[requests.length / 2], requests[requests.length - 1], Arrays.toString(requests));
    }

    private static double pct(double[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
