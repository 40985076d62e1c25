package io.jenkins.plugins.roiergasias.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.JobOptions;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.RunIds;
import io.jenkins.plugins.roiergasias.kubernetes.transfer.PodExec;
import io.jenkins.plugins.roiergasias.kubernetes.transfer.PodTransfer;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.RunStatus;
import io.jenkins.plugins.roiergasias.run.Abort;
import io.jenkins.plugins.roiergasias.transfer.TransferSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Moving 100 MiB from segment 1 on node1 into segment 2 on node2 (read back from pod 1 into the
 * workspace, then sent to pod 2), against one plain exec of {@code cat} over the same bytes in
 * each direction, in the same run, on the real cluster. Prints the numbers; docs/benchmarks-kubernetes.md.
 * Run: {@code mvn -f engine/pom.xml -Pbenchmark test -Dtest=TransferBenchmark} with the cluster's environment.
 */
@Tag("benchmark")
class TransferBenchmark {
    private static final long BYTES = Long.getLong("bench.transfer.mib", 100) << 20;
    private static final int ROUNDS = Integer.getInteger("bench.transfer.rounds", 2);

    @TempDir
    Path workspace;

    @Test
    void hundredMebibytesFromNode1ToNode2AgainstAPlainCat() throws Exception {
        TestCluster cluster = TestCluster.fromEnvironment();
        String ns = cluster.newNamespace("bench-files");
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(cluster.adminKubeconfig)).build()) {
            // the same JVM moves 100 MiB each way once before anything is timed: the first transfer of a
            // JVM runs the WebSocket, TLS and copy paths interpreted, which cost ~1 s more
            PodExec exec = PodTransfer.fabric8(client, ns);
            String src = benchPod(client, exec, ns, cluster.image, "bench-src", "node1", "head -c " + BYTES
                    + " /dev/urandom > /tmp/b");
            String dst = benchPod(client, exec, ns, cluster.image, "bench-dst", "node2", ":");
            double[] warm = plain(exec, src, dst);
            System.out.printf(Locale.ROOT, "warm-up (not counted): down %.2f s, up %.2f s%n", warm[0], warm[1]);
            double transfer = 0;
            double plain = 0;
            for (int round = 1; round <= ROUNDS; round++) {
                double[] t = transfer(cluster, ns, false);
                double[] b = plain(exec, src, dst);
                System.out.printf(Locale.ROOT, "round %d: transfer node1 -> workspace -> node2 down %.2f s + up %.2f s"
                        + " = %.2f s; plain cat out + head -c in down %.2f s + up %.2f s = %.2f s; %.2fx%n", round, t[0],
                        t[1], t[0] + t[1], b[0], b[1], b[0] + b[1], (t[0] + t[1]) / (b[0] + b[1]));
                transfer += t[0] + t[1];
                plain += b[0] + b[1];
            }
            relay(exec, src, dst);
            double heap = transfer(cluster, ns, true)[2];
            System.out.printf(Locale.ROOT, "%d MiB, %d rounds: transfer %.2f s, plain %.2f s, ratio %.2fx (target <= 1.5x);"
                    + " controller live heap growth %.1f MiB (target < 64)%n", BYTES >> 20, ROUNDS, transfer, plain,
                    transfer / plain, heap / 1048576.0);
        } finally {
            cluster.deleteNamespace(ns);
        }
    }

    /**
     * One run of the two-segment workflow with files: seconds of reading back from pod 1 and of
     * sending to pod 2, and (when {@code heap}) the controller's live heap growth in bytes, measured
     * with a collection every 100 ms (which slows the run: its times are not used).
     */
    private double[] transfer(TestCluster cluster, String ns, boolean heap) throws Exception {
        Path ws = Files.createTempDirectory(workspace, "run");
        AtomicLong downNanos = new AtomicLong();
        AtomicLong upNanos = new AtomicLong();
        PodTransfer files = PodTransfer.prepare(ws, TransferSpec.of(null, null, "big.bin", null, BYTES * 2), m -> {});
        files.with((c, n) -> timed(PodTransfer.fabric8(c, n), downNanos, upNanos), Duration.ofMinutes(10));
        Console console = new Console();
        HeapPeak peak = heap ? new HeapPeak() : null;
        if (peak != null) {
            peak.start();
        }
        RunReport report = cluster.runner(cluster.adminKubeconfig, ns, cluster.options(), console, c -> {})
                .files(files)
                .run(RunIds.create("bench"), EndToEndTest.segments("""
                        version: 0.1
                        task:
                          - node: node1
                            sequential:
                              - execute:
                                  - "head -c %d /dev/urandom > big.bin"
                          - node: node2
                            sequential:
                              - execute:
                                  - "test $(wc -c < big.bin) = %d"
                        """.formatted(BYTES, BYTES)), new Abort());
        long grown = peak == null ? 0 : peak.finish();
        assertEquals(RunStatus.SUCCEEDED, report.status(), () -> report.message() + console.progress);
        assertEquals(BYTES, Files.size(ws.resolve("big.bin")));
        Files.delete(ws.resolve("big.bin"));
        return new double[] {downNanos.get() / 1e9, upNanos.get() / 1e9, grown};
    }

    private static PodExec timed(PodExec inner, AtomicLong down, AtomicLong up) {
        return (pod, command, stdin, stdout) -> {
            settle();
            long t = System.nanoTime();
            PodExec.Result r = inner.exec(pod, command, stdin, stdout);
            String script = command.get(2);
            if (script.contains("tar -cf")) {
                down.addAndGet(System.nanoTime() - t);
            } else if (script.contains("tar -xf")) {
                up.addAndGet(System.nanoTime() - t);
            }
            return r;
        };
    }

    /**
     * Seconds for the same move done plainly through the same API: one exec of {@code cat} reading
     * the bytes out of a pod on node1 into a file of the controller, and one of {@code head -c N}
     * writing them from that file into a pod on node2. Every phase checks that all the bytes
     * arrived: the container runtime closes an exec's stdin as soon as its stdout closes, so a
     * command whose shell hands stdout over ({@code sh -c "head -c N > f"} execs head with stdout on
     * the file) gets only the first few kilobytes and ends with 0, which looks fast.
     */
    private static double[] plain(PodExec exec, String src, String dst) throws Exception {
        Path copy = Files.createTempFile("bench-cat", ".bin");
        double down;
        double up;
        try {
            settle();
            long t = System.nanoTime();
            PodExec.Result r = exec.exec(src, List.of("cat", "/tmp/b"), null, in -> {
                try (OutputStream f = Files.newOutputStream(copy)) {
                    in.transferTo(f);
                }
            });
            down = (System.nanoTime() - t) / 1e9;
            assertEquals(0, r.exitCode(), () -> "baseline cat: " + r.stderr());
            assertEquals(BYTES, Files.size(copy), "baseline cat: bytes out of node1's pod");
            settle();
            t = System.nanoTime();
            long landed = upload(exec, dst, "/tmp/c", out -> {
                try (InputStream f = Files.newInputStream(copy)) {
                    copy(f, out);
                }
            });
            up = (System.nanoTime() - t) / 1e9;
            assertEquals(BYTES, landed, "baseline head -c: bytes in node2's pod");
        } finally {
            Files.deleteIfExists(copy);
        }
        return new double[] {down, up};
    }

    /** The move without the workspace in between: pod 1's cat streamed straight into pod 2. */
    private static void relay(PodExec exec, String src, String dst) throws Exception {
        java.io.PipedOutputStream pipeOut = new java.io.PipedOutputStream();
        java.io.PipedInputStream pipeIn = new java.io.PipedInputStream(pipeOut, 1 << 20);
        settle();
        long t = System.nanoTime();
        Thread reader = new Thread(() -> {
            try (pipeOut) {
                exec.exec(src, List.of("cat", "/tmp/b"), null, in -> in.transferTo(pipeOut));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        reader.start();
        long relayed = upload(exec, dst, "/tmp/d", out -> copy(pipeIn, out));
        reader.join();
        double relay = (System.nanoTime() - t) / 1e9;
        assertEquals(BYTES, relayed, "relay: bytes in node2's pod");
        System.out.printf(Locale.ROOT, "relay: cat out of node1's pod streamed at once into head -c in node2's pod:"
                + " %.2f s%n", relay);
    }

    /**
     * {@code head -c BYTES > file} in a pod with the bytes the writer gives, then the size of the
     * file, printed by the same shell (which so keeps the exec's stdout, and with it stdin, open).
     */
    private static long upload(PodExec exec, String pod, String file, PodExec.Input bytes)
            throws IOException, InterruptedException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        PodExec.Result r = exec.exec(pod, List.of("/bin/sh", "-c", "head -c " + BYTES + " > " + file + "; wc -c < "
                + file), bytes, in -> in.transferTo(out));
        assertEquals(0, r.exitCode(), () -> "head -c into " + pod + ": " + r.stderr());
        return Long.parseLong(out.toString(java.nio.charset.StandardCharsets.US_ASCII).trim());
    }

    /** Copies in writes of 64 KiB, as the transfer's tar writer does: the exec sends one message per write. */
    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
            out.write(buffer, 0, n);
        }
    }

    /** Whether the pod's setup is done (the client reports a failed test as a closed stream). */
    private static boolean ready(PodExec exec, String pod) throws InterruptedException {
        try {
            return exec.exec(pod, List.of("/bin/sh", "-c", "[ -e /tmp/ready ]"), null, in -> {}).exitCode() == 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /**
     * Lets the machine write back what earlier phases left dirty before a phase is timed: the
     * controller and both nodes share one disk here, and a phase that starts on a full write-back
     * queue pays for the one before. Applied alike to the transfer and the baseline.
     */
    private static void settle() throws IOException, InterruptedException {
        new ProcessBuilder("sync").inheritIO().start().waitFor();
    }

    private static String benchPod(KubernetesClient client, PodExec exec, String ns, String image, String name,
            String node, String setup) throws Exception {
        Pod pod = new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withNodeSelector(Map.of(JobOptions.DEFAULT_NODE_LABEL_KEY, node))
                .addNewContainer().withName("roiergasias").withImage(image)
                .withCommand("/bin/sh", "-c", setup + " && touch /tmp/ready && sleep 600")
                .endContainer().withTerminationGracePeriodSeconds(0L).endSpec().build();
        client.pods().inNamespace(ns).resource(pod).create();
        client.pods().inNamespace(ns).withName(name).waitUntilReady(5, TimeUnit.MINUTES);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!ready(exec, name)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("pod " + name + " did not get ready");
            }
            TimeUnit.MILLISECONDS.sleep(200); // polling the pod until its setup is done
        }
        return name;
    }

    /** What the heap held after the latest collection of each pool: live data, not garbage. */
    private static long live() {
        long sum = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getCollectionUsage() != null) {
                sum += pool.getCollectionUsage().getUsed();
            }
        }
        return sum;
    }

    /** The highest live heap (right after a collection, every 100 ms) above the live heap at the start. */
    private static final class HeapPeak extends Thread {
        private volatile boolean stop;
        private long base;
        private long peak;

        @Override
        public void run() {
            while (!stop) {
                System.gc();
                peak = Math.max(peak, live());
                try {
                    TimeUnit.MILLISECONDS.sleep(100); // sampling interval
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        @Override
        public synchronized void start() {
            System.gc();
            base = live();
            setDaemon(true);
            super.start();
        }

        long finish() throws InterruptedException {
            stop = true;
            join();
            return Math.max(0, peak - base);
        }
    }
}
