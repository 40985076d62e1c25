package io.jenkins.plugins.roiergasias.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller's share of a transfer, without a cluster: 100 MiB read from a file, written as tar
 * into a pipe, read back by the safe extractor into another file (write aside, rename), against a
 * plain copy of the same bytes through the same kind of pipe. Medians of 5 rounds; prints numbers.
 */
@Tag("benchmark")
class TarPathBenchmark {
    private static final long BYTES = Long.getLong("bench.transfer.mib", 100) << 20;

    @TempDir
    Path dir;

    @Test
    void tarPathAgainstAPlainCopy() throws Exception {
        Path src = dir.resolve("src.bin");
        byte[] chunk = new byte[1 << 20];
        new Random(1).nextBytes(chunk);
        try (OutputStream o = Files.newOutputStream(src)) {
            for (long i = 0; i < BYTES; i += chunk.length) {
                o.write(chunk);
            }
        }
        double[] plain = new double[5];
        double[] tar = new double[5];
        long heapPeak = 0;
        for (int r = 0; r < 5; r++) {
            Path out = Files.createDirectories(dir.resolve("out" + r));
            long t = System.nanoTime();
            pipe(o -> Files.copy(src, o), in -> Files.copy(in, out.resolve("plain.bin")));
            plain[r] = (System.nanoTime() - t) / 1e9;
            System.gc();
            long before = usedHeap();
            long[] peak = {before};
            t = System.nanoTime();
            pipe(o -> {
                TarWriter w = new TarWriter(o);
                try (InputStream in = Files.newInputStream(src)) {
                    w.file("data/big file ü.bin", BYTES, false, 0, in);
                }
                w.finish();
                peak[0] = Math.max(peak[0], usedHeap());
            }, in -> {
                TarExtractor.extract(in, new SafeWriter(out, BYTES * 2, "max"), n -> true, n -> {});
                peak[0] = Math.max(peak[0], usedHeap());
            });
            tar[r] = (System.nanoTime() - t) / 1e9;
            heapPeak = Math.max(heapPeak, peak[0] - before);
            assertEquals(BYTES, Files.size(out.resolve("data/big file ü.bin")));
        }
        Arrays.sort(plain);
        Arrays.sort(tar);
        System.out.printf(Locale.ROOT, "%d MiB: plain copy through a pipe %.3f s, tar writer + safe extractor %.3f s:"
                        + " %.2fx; heap growth at most %.1f MiB%n", BYTES >> 20, plain[2], tar[2], tar[2] / plain[2],
                heapPeak / 1048576.0);
    }

    interface Writer {
        void write(OutputStream o) throws IOException;
    }

    interface Reader {
        void read(InputStream in) throws IOException;
    }

    private static void pipe(Writer w, Reader r) throws Exception {
        PipedInputStream in = new PipedInputStream(64 * 1024);
        PipedOutputStream out = new PipedOutputStream(in);
        Exception[] failed = new Exception[1];
        Thread t = new Thread(() -> {
            try (out) {
                w.write(out);
            } catch (Exception e) {
                failed[0] = e;
            }
        });
        t.start();
        try (in) {
            r.read(in);
        }
        t.join();
        if (failed[0] != null) {
            throw failed[0];
        }
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
