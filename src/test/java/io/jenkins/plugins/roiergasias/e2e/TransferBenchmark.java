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
            System.out.printf(Locale.ROOT, "plain copy through one exec each way (cat out of node1's pod, head -c into node2's): down %.2f s, up %.2f s, total %.2f s%n",
                    base[0], base[1], plain);
            System.out.printf(Locale.ROOT, "ratio %.2fx (target <= 1.5x); controller live heap growth %.1f MiB (target < 64)%n",
                    transfer / plain, peak / 1048576.0);
        } finally {
            cluster.deleteNamespace(ns);
        }
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
                up.addAndGet(System.nanoTime() - t - TimeUnit.SECONDS.toNanos(1)); // the marker's second
            }
            return r;
        };
    }

    /**
     * Seconds for the same move done plainly through the same API: one exec of {@code cat} reading
     * the bytes out of a pod on node1, and one of {@code head -c N > file} writing them into a pod on
     * node2 (the same random bytes). Also prints what the pod side of an upload costs with each way
     * of unpacking, into the node2 pod.
     */
    private static double[] baseline(KubernetesClient client, String ns, String image) throws Exception {
        PodExec exec = PodTransfer.fabric8(client, ns);
        String src = benchPod(client, exec, ns, image, "bench-src", "node1", "head -c " + BYTES + " /dev/urandom > /tmp/b");
        String dst = benchPod(client, exec, ns, image, "bench-dst", "node2", ":");
        byte[] random = new byte[1 << 20];
        new java.util.Random(1).nextBytes(random);
        // like the transfer: the bytes land in a file of the controller, then go from that file into pod 2
        Path copy = Files.createTempFile("bench-cat", ".bin");
        double down;
        double up;
        try {
            settle();
            long t = System.nanoTime();
            exec.exec(src, List.of("cat", "/tmp/b"), null, in -> {
                try (OutputStream f = Files.newOutputStream(copy)) {
                    in.transferTo(f);
                }
            });
            down = (System.nanoTime() - t) / 1e9;
            settle();
            t = System.nanoTime();
            exec.exec(dst, List.of("/bin/sh", "-c", "head -c " + BYTES + " > /tmp/c"), out -> {
                try (InputStream f = Files.newInputStream(copy)) {
                    f.transferTo(out);
                }
            }, in -> {});
            up = (System.nanoTime() - t) / 1e9;
        } finally {
            Files.deleteIfExists(copy);
        }
        long t;
        // inside the pod, no network: what each way of writing the same bytes costs
        java.io.ByteArrayOutputStream probe = new java.io.ByteArrayOutputStream();
        try {
            exec.exec(dst, List.of("/bin/sh", "-c", "mkdir -p /tmp/p; head -c " + BYTES + " /dev/urandom > /tmp/r;"
                + " tar -cf /tmp/r.tar -C /tmp r; for c in 'tar -xf /tmp/r.tar -C /tmp/p'"
                + " 'head -c " + BYTES + " < /tmp/r > /tmp/h' 'dd if=/tmp/r of=/tmp/d bs=1M 2>/dev/null'"
                + " 'cat /tmp/r > /tmp/c' 'cat /tmp/r.tar | tar -xf - -C /tmp/p' 'tar -cf - -C /tmp r | cat > /dev/null'"
                + " 'dd if=/tmp/r of=/tmp/d bs=512 2>/dev/null'; do s=$(cut -d' ' -f1 /proc/uptime); sh -c \"$c\";"
                + " e=$(cut -d' ' -f1 /proc/uptime); echo \"in the pod: $c: $(awk \"BEGIN{print ($e-$s)*1000}\") ms\";"
                + " done 2>&1; rm -rf /tmp/p /tmp/r* /tmp/h /tmp/d /tmp/c; true"), null, in -> in.transferTo(probe));
        } catch (IOException e) {
            System.out.println("in the pod: the probe ended with " + e);
        }
        System.out.print(probe.toString(java.nio.charset.StandardCharsets.UTF_8));
        // files one after the other from one stdin with head -c: does head read exactly its count?
        probe.reset();
        try {
            exec.exec(dst, List.of("/bin/sh", "-c", "timeout 20 head -c 52428800 > /tmp/s1; timeout 20 head -c 52428800 >"
                + " /tmp/s2; echo \"sequential head -c: $(wc -c < /tmp/s1) $(wc -c < /tmp/s2)\"; rm -f /tmp/s1 /tmp/s2"),
                out -> {
                    for (long left = 104857600L; left > 0; left -= random.length) {
                        out.write(random, 0, (int) Math.min(random.length, left));
                    }
                }, in -> in.transferTo(probe));
        } catch (java.io.IOException e) {
            System.out.println("sequential head -c: the exec ended with " + e);
        }
        System.out.print(probe.toString(java.nio.charset.StandardCharsets.UTF_8));
        long size = io.jenkins.plugins.roiergasias.transfer.TarWriter.archiveSize(List.of(
                new io.jenkins.plugins.roiergasias.transfer.InputFiles.Entry("b", Path.of("/dev/null"), BYTES, false, 0)));
        for (String way : List.of(
                "head -c " + size + " > /tmp/x.tar && tar -xf /tmp/x.tar -C /tmp/x && rm /tmp/x.tar",
                "head -c " + size + " | tar -xf - -C /tmp/x",
                "head -c " + size + " > /tmp/x.tar")) {
            settle();
            t = System.nanoTime();
            exec.exec(dst, List.of("/bin/sh", "-c", "rm -rf /tmp/x /tmp/x.tar; mkdir -p /tmp/x && " + way),
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
                                int n = (int) Math.min(Math.min(len, left), random.length);
                                System.arraycopy(random, 0, b, off, n);
                                left -= n;
                                return n;
                            }
                        });
                        w.finish();
                    }, in -> {});
            System.out.printf(Locale.ROOT, "pod side of an upload, a tar of the same bytes into node2's pod by"
                    + " \"%s\": %.2f s%n", way.replace(Long.toString(size), "SIZE"), (System.nanoTime() - t) / 1e9);
        }
        // the move without the workspace in between: pod 1's cat streamed straight into pod 2
        java.io.PipedOutputStream pipeOut = new java.io.PipedOutputStream();
        java.io.PipedInputStream pipeIn = new java.io.PipedInputStream(pipeOut, 1 << 20);
        settle();
        t = System.nanoTime();
        Thread reader = new Thread(() -> {
            try (pipeOut) {
                exec.exec(src, List.of("cat", "/tmp/b"), null, in -> in.transferTo(pipeOut));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        reader.start();
        exec.exec(dst, List.of("/bin/sh", "-c", "head -c " + BYTES + " > /tmp/d"), out -> pipeIn.transferTo(out),
                in -> {});
        reader.join();
        System.out.printf(Locale.ROOT, "relay: cat out of node1's pod streamed at once into head -c in node2's pod:"
                + " %.2f s%n", (System.nanoTime() - t) / 1e9);
        return new double[] {down, up};
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
