package io.jenkins.plugins.roiergasias.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * The command line, printing on exit the largest heap it used: the sum of the peak usage of every
 * heap pool (an upper bound: the pools may peak at different moments). For measuring, e.g.
 * {@code java -Xmx256m -cp CLASSPATH io.jenkins.plugins.roiergasias.cli.HeapPeak split -f FILE}.
 */
public final class HeapPeak {
    private HeapPeak() {}

    public static void main(String[] args) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.err.println("heap-peak-bytes=" + peak())));
        Main.main(args);
    }

    static long peak() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
