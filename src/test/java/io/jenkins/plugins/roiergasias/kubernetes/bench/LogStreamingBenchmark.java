package io.jenkins.plugins.roiergasias.kubernetes.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jenkins.plugins.roiergasias.kubernetes.BenchAccess;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Log streaming through the runner's path (fabric8 HTTP client, timestamps, resume bookkeeping,
 * line splitting, marker reading) against a plain HTTP read of the same endpoint in the same run,
 * and the heap the runner needs for a 1 GiB log. Numbers are printed; docs/benchmarks-kubernetes.md
 * keeps a table. Run with {@code mvn -f engine/pom.xml -Pbenchmark test}.
 */
@Tag("benchmark")
class LogStreamingBenchmark {
    private static final long MIB = 1024 * 1024;

    @Test
    void throughputAgainstAPlainRead() throws Exception {
        long size = Long.getLong("bench.log.mib", 256) * MIB;
        try (SyntheticLogServer server = new SyntheticLogServer(size)) {
            // warm-up of both paths
            rawRead(server);
            BenchAccess.followLog(server.url(), "bench", "p");
            BenchAccess.transportOnly(server.url(), "bench", "p");
            List<Double> raw = new ArrayList<>();
            List<Double> transport = new ArrayList<>();
            List<Double> lines = new ArrayList<>();
            List<Double> engine = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                long t0 = System.nanoTime();
                long bytes = rawRead(server);
                raw.add(mibPerSecond(bytes, System.nanoTime() - t0));
                t0 = System.nanoTime();
                bytes = BenchAccess.transportOnly(server.url(), "bench", "p");
                transport.add(mibPerSecond(bytes, System.nanoTime() - t0));
                t0 = System.nanoTime();
                bytes = lineRead(server);
                lines.add(mibPerSecond(bytes, System.nanoTime() - t0));
                t0 = System.nanoTime();
                BenchAccess.LogRead read = BenchAccess.followLog(server.url(), "bench", "p");
                engine.add(mibPerSecond(size, System.nanoTime() - t0));
                assertEquals(server.lines() - 1, read.lines(), "every line but the header arrives once");
            }
            double r = median(raw);
            double t = median(transport);
            double l = median(lines);
            double e = median(engine);
            System.out.printf("log streaming, %d MiB, medians of 5: plain JDK HTTP read %.0f MiB/s; fabric8 transport"
                    + " alone %.0f MiB/s (%.2f of plain); plain JDK read into String lines (BufferedReader) %.0f MiB/s"
                    + " (%.2f of plain); runner %.0f MiB/s = %.2f of plain, %.2f of the fabric8 transport, %.2f of the"
                    + " String-line reader%n  rounds: plain %s%n  transport %s%n  lines %s%n  runner %s%n", size / MIB,
                    r, t, t / r, l, l / r, e, e / r, e / t, e / l, rounded(raw), rounded(transport), rounded(lines),
                    rounded(engine));
        }
    }

    @Test
    void heapStaysFlatFor1GiB() throws Exception {
        long size = Long.getLong("bench.memory.mib", 1024) * MIB;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (SyntheticLogServer server = new SyntheticLogServer(size)) {
            BenchAccess.followLog(server.url(), "bench", "p"); // warm-up: classes, pools
            System.gc();
            long before = memory.getHeapMemoryUsage().getUsed();
            long[] peak = {0};
            Thread sampler = new Thread(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        Thread.sleep(500);
                        System.gc(); // the live set, not garbage waiting for collection
                        peak[0] = Math.max(peak[0], memory.getHeapMemoryUsage().getUsed());
                    }
                } catch (InterruptedException e) {
                    // done
                }
            });
            sampler.setDaemon(true);
            long t0 = System.nanoTime();
            sampler.start();
            BenchAccess.LogRead read = BenchAccess.followLog(server.url(), "bench", "p");
            sampler.interrupt();
            sampler.join();
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(server.lines() - 1, read.lines());
            System.out.printf("memory, %d MiB log in %.1f s: live heap before %.1f MiB, peak during %.1f MiB,"
                    + " growth %.1f MiB (max heap %d MiB)%n", size / MIB, seconds, before / (double) MIB,
                    peak[0] / (double) MIB, Math.max(0, peak[0] - before) / (double) MIB,
                    Runtime.getRuntime().maxMemory() / MIB);
        }
    }

    /** The baseline: the same endpoint read with the JDK's HTTP client into a buffer, counting line ends. */
    private static long rawRead(SyntheticLogServer server) throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create(server.logUrl()).toURL().openConnection();
        long bytes = 0;
        long lines = 0;
        try (InputStream in = c.getInputStream()) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) >= 0) {
                bytes += n;
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        if (lines != server.lines()) {
            throw new IllegalStateException("raw read got " + lines + " lines");
        }
        return bytes;
    }

    /** A second baseline: the same read, each line decoded into a String as any line listener needs. */
    private static long lineRead(SyntheticLogServer server) throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create(server.logUrl()).toURL().openConnection();
        long chars = 0;
        long lines = 0;
        try (java.io.BufferedReader in = new java.io.BufferedReader(
                new java.io.InputStreamReader(c.getInputStream(), java.nio.charset.StandardCharsets.UTF_8), 64 * 1024)) {
            String line;
            while ((line = in.readLine()) != null) {
                chars += line.length() + 1;
                lines++;
            }
        }
        if (lines != server.lines()) {
            throw new IllegalStateException("line read got " + lines + " lines");
        }
        return chars;
    }

    private static double mibPerSecond(long bytes, long nanos) {
        return bytes / (double) MIB / (nanos / 1e9);
    }

    private static List<Long> rounded(List<Double> values) {
        return values.stream().map(Math::round).toList();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
