package io.jenkins.plugins.roiergasias.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How parsing scales: time per step for growing workflows, valid, full of errors, with one very
 * wide mapping (duplicate-key detection) and with many misspelt top-level keys ("did you mean"). Numbers are printed; the only check is that the
 * time per element stays about flat (linear time), as a ratio within the same run. Run with
 * {@code mvn -f engine/pom.xml -Pbenchmark test}.
 */
@Tag("benchmark")
class WorkflowParserBenchmark {
    private static final int[] SIZES = {1_000, 10_000, 100_000};

    static String valid(int steps) {
        StringBuilder y = new StringBuilder(steps * 50).append("version: 0.1\ntask:\n");
        for (int i = 0; i < steps; i++) {
            if (i % 100 == 0) {
                y.append("  - node: node").append(i / 100 % 3).append("\n    sequential:\n");
            }
            switch (i % 3) {
                case 0 -> y.append("      - print:\n          - \"step ").append(i).append(" {{env:A}}\"\n");
                case 1 -> y.append("      - environment:\n          - V").append(i).append(": \"v{{env:A}}\"\n");
                default -> y.append("      - execute: [\"echo ").append(i).append("\"]\n");
            }
        }
        return y.toString();
    }

    /** Every step has an error: a number item, an unknown type, or a string argument. */
    static String broken(int steps) {
        StringBuilder y = new StringBuilder(steps * 40).append("version: 0.1\ntask:\n  - sequential:\n");
        for (int i = 0; i < steps; i++) {
            switch (i % 3) {
                case 0 -> y.append("      - print: [").append(i).append("]\n");
                case 1 -> y.append("      - exec: [\"ls\"]\n");
                default -> y.append("      - execute: \"ls\"\n");
            }
        }
        return y.toString();
    }

    /** One environment item with {@code keys} variables. */
    static String wide(int keys) {
        StringBuilder y = new StringBuilder(keys * 16).append("version: 0.1\nenvironment:\n  - ");
        for (int i = 0; i < keys; i++) {
            y.append(i == 0 ? "" : "    ").append("K").append(i).append(": \"v\"\n");
        }
        return y.append("task: [{sequential: []}]\n").toString();
    }

    /** {@code keys} unknown top-level keys that all look like `task`, which is missing. */
    static String nearMisses(int keys) {
        StringBuilder y = new StringBuilder(keys * 16).append("version: 0.1\n");
        for (int i = 0; i < keys; i++) {
            y.append("task").append(i).append(": x\n");
        }
        return y.toString();
    }

    private static double[] measure(String name, IntFunction<String> workload, boolean ok) {
        double[] perThousand = new double[SIZES.length];
        for (int s = 0; s < SIZES.length; s++) {
            String text = workload.apply(SIZES[s]);
            ParseResult first = WorkflowParser.parse("bench.yaml", text);
            assertEquals(ok, first.ok(), name);
            int runs = SIZES[s] >= 100_000 ? 5 : 15;
            long[] nanos = new long[runs];
            for (int r = 0; r < runs; r++) {
                long t0 = System.nanoTime();
                WorkflowParser.parse("bench.yaml", text);
                nanos[r] = System.nanoTime() - t0;
            }
            Arrays.sort(nanos);
            double millis = nanos[runs / 2] / 1e6;
            perThousand[s] = millis / (SIZES[s] / 1000.0);
            System.out.printf("%-28s %,8d elements  %9.1f ms  %6.2f ms per 1,000  (%,d chars, %d diagnostics)%n",
                    name, SIZES[s], millis, perThousand[s], text.length(), first.diagnostics().size());
        }
        return perThousand;
    }

    @Test
    void parsingIsLinear() {
        for (int i = 0; i < 5; i++) { // warm-up
            WorkflowParser.parse("bench.yaml", valid(10_000));
            WorkflowParser.parse("bench.yaml", broken(10_000));
        }
        double[] valid = measure("valid workflow (steps)", WorkflowParserBenchmark::valid, true);
        double[] broken = measure("an error in every step", WorkflowParserBenchmark::broken, false);
        double[] wide = measure("one mapping (keys)", WorkflowParserBenchmark::wide, true);
        double[] near = measure("near misses of `task` (keys)", WorkflowParserBenchmark::nearMisses, false);
        for (double[] series : new double[][] {valid, broken, wide, near}) {
            double ratio = series[2] / series[1];
            System.out.printf("time per element, 100,000 vs 10,000: %.2f (1.0 = linear)%n", ratio);
            assertTrue(ratio < 4, "parsing must stay linear: time per element grew " + ratio + " times");
        }
    }
}
