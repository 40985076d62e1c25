package io.jenkins.plugins.roiergasias.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Config;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.JobOptions;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.RunIds;
import io.jenkins.plugins.roiergasias.kubernetes.transfer.PodExec;
import io.jenkins.plugins.roiergasias.kubernetes.transfer.PodTransfer;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.RunStatus;
import io.jenkins.plugins.roiergasias.run.Abort;
import io.jenkins.plugins.roiergasias.transfer.TransferSpec;
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

    @TempDir
    Path workspace;

    @Test
    void hundredMebibytesFromNode1ToNode2AgainstAPlainCat() throws Exception {
        TestCluster cluster = TestCluster.fromEnvironment();
        String ns = cluster.newNamespace("bench-files");
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(cluster.adminKubeconfig)).build()) {
            AtomicLong downNanos = new AtomicLong();
            AtomicLong upNanos = new AtomicLong();
            HeapPeak heap = new HeapPeak();
            PodTransfer files = PodTransfer.prepare(workspace,
                    TransferSpec.of(null, null, "big.bin", null, BYTES * 2), m -> {});
            files.with((c, n) -> timed(PodTransfer.fabric8(c, n), downNanos, upNanos), Duration.ofMinutes(10));
            Console console = new Console();
            heap.start();
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
                                      - "wc -c < big.bin"
                            """.formatted(BYTES)), new Abort());
            long peak = heap.finish();
            assertEquals(RunStatus.SUCCEEDED, report.status(), () -> report.message() + console.progress);
            assertEquals(BYTES, Files.size(workspace.resolve("big.bin")));

            double[] base = baseline(client, ns, cluster.image);
            double transfer = (downNanos.get() + upNanos.get()) / 1e9;
            double plain = base[0] + base[1];
            System.out.printf(Locale.ROOT, "transfer of %d MiB node1 -> workspace -> node2: down %.2f s, up %.2f s,"
                            + " total %.2f s%n", BYTES >> 20, downNanos.get() / 1e9, upNanos.get() / 1e9, transfer);
            System.out.printf(Locale.ROOT, "plain cat through one exec each way: down %.2f s, up %.2f s, total %.2f s%n",
                    base[0], base[1], plain);
            System.out.printf(Locale.ROOT, "ratio %.2fx (target <= 1.5x); controller live heap growth %.1f MiB (target < 64)%n",
                    transfer / plain, peak / 1048576.0);
        } finally {
            cluster.deleteNamespace(ns);
        }
    }

    private static PodExec timed(PodExec inner, AtomicLong down, AtomicLong up) {
        return (pod, command, stdin, stdout) -> {
            long t = System.nanoTime();
            PodExec.Result r = inner.exec(pod, command, stdin, stdout);
            String script = command.get(2);
            if (script.contains("tar -cf")) {
                down.addAndGet(System.nanoTime() - t);
            } else if (script.contains("tar -xf")) {
                up.addAndGet(System.nanoTime() - t - TimeUnit.SECONDS.toNanos(1)); // the marker's second
            }
            return r;
        };
    }

    /** Seconds for one exec of {@code cat} reading the bytes out of a pod on node1, and one writing them into it. */
    private static double[] baseline(KubernetesClient client, String ns, String image) throws Exception {
        Pod pod = new PodBuilder().withNewMetadata().withName("bench-cat").endMetadata().withNewSpec()
                .withNodeSelector(Map.of(JobOptions.DEFAULT_NODE_LABEL_KEY, "node1"))
                .addNewContainer().withName("roiergasias").withImage(image)
                .withCommand("/bin/sh", "-c", "head -c " + BYTES + " /dev/urandom > /tmp/b && sleep 600")
                .endContainer().withTerminationGracePeriodSeconds(0L).endSpec().build();
        client.pods().inNamespace(ns).resource(pod).create();
        client.pods().inNamespace(ns).withName("bench-cat").waitUntilReady(5, TimeUnit.MINUTES);
        PodExec exec = PodTransfer.fabric8(client, ns);
        // wait for the file to be whole
        while (exec.exec("bench-cat", List.of("/bin/sh", "-c", "[ $(wc -c < /tmp/b) -eq " + BYTES + " ]"), null,
                in -> {}).exitCode() != 0) {
            TimeUnit.MILLISECONDS.sleep(200); // polling the pod until its file is written
        }
        long t = System.nanoTime();
        exec.exec("bench-cat", List.of("cat", "/tmp/b"), null, in -> in.transferTo(OutputStream.nullOutputStream()));
        double down = (System.nanoTime() - t) / 1e9;
        t = System.nanoTime();
        exec.exec("bench-cat", List.of("/bin/sh", "-c", "head -c " + BYTES + " > /tmp/c"), out -> {
            byte[] buf = new byte[1 << 16];
            for (long left = BYTES; left > 0; left -= buf.length) {
                out.write(buf, 0, (int) Math.min(buf.length, left));
            }
        }, in -> {});
        double up = (System.nanoTime() - t) / 1e9;
        // the same bytes as a tar archive into tar in the same pod: the pod side of an upload alone
        long size = io.jenkins.plugins.roiergasias.transfer.TarWriter.archiveSize(List.of(
                new io.jenkins.plugins.roiergasias.transfer.InputFiles.Entry("b", Path.of("/dev/null"), BYTES, false, 0)));
        t = System.nanoTime();
        exec.exec("bench-cat", List.of("/bin/sh", "-c", "mkdir -p /tmp/x && head -c " + size + " > /tmp/x.tar && tar -xf /tmp/x.tar -C /tmp/x && rm /tmp/x.tar"),
                out -> {
                    var w = new io.jenkins.plugins.roiergasias.transfer.TarWriter(out);
                    w.file("b", BYTES, false, 0, new InputStream() {
                        long left = BYTES;

                        @Override
                        public int read() {
                            return left-- > 0 ? 0 : -1;
                        }

                        @Override
                        public int read(byte[] b, int off, int len) {
                            if (left <= 0) {
                                return -1;
                            }
                            int n = (int) Math.min(len, left);
                            java.util.Arrays.fill(b, off, off + n, (byte) 0);
                            left -= n;
                            return n;
                        }
                    });
                    w.finish();
                }, in -> {});
        System.out.printf(Locale.ROOT, "tar of the same bytes into tar in the baseline pod: %.2f s%n",
                (System.nanoTime() - t) / 1e9);
        return new double[] {down, up};
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

    /** The highest live heap (after collections), sampled, above the live heap at the start. */
    private static final class HeapPeak extends Thread {
        private volatile boolean stop;
        private long base;
        private long peak;

        @Override
        public void run() {
            while (!stop) {
                peak = Math.max(peak, live());
                try {
                    TimeUnit.MILLISECONDS.sleep(20); // sampling interval
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
