package io.jenkins.plugins.roiergasias.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.roiergasias.local.LocalRunner;
import io.jenkins.plugins.roiergasias.program.ProgramGenerator;
import io.jenkins.plugins.roiergasias.report.RunStatus;
import io.jenkins.plugins.roiergasias.run.Abort;
import io.jenkins.plugins.roiergasias.run.RunListener;
import io.jenkins.plugins.roiergasias.segment.Segment;
import io.jenkins.plugins.roiergasias.segment.Segmenter;
import io.jenkins.plugins.roiergasias.workflow.ParseResult;
import io.jenkins.plugins.roiergasias.workflow.WorkflowParser;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Engine benchmarks; numbers are printed, docs/benchmarks.md keeps a table. Run with
 * {@code mvn -f engine/pom.xml -Pbenchmark test}. Times are medians of repeated runs after warm-up;
 * the targets are ratios within one run, never absolute times.
 */
@Tag("benchmark")
class EngineBenchmark {
    @TempDir
    Path tmp;

    /** A workflow of {@code steps} steps over tasks of 10 steps pinned to two nodes. */
    static String workflow(int steps) {
        StringBuilder y = new StringBuilder(steps * 48);
        y.append("version: 0.1\nenvironment:\n  - GREETING: \"hello\"\ntask:\n");
        for (int i = 0; i < steps; i++) {
            if (i % 10 == 0) {
                y.append("  - node: node").append(i / 10 % 2 + 1).append("\n    sequential:\n");
            }
            switch (i % 3) {
                case 0 -> y.append("      - print:\n          - \"step ").append(i).append(" {{env:GREETING}}\"\n");
                case 1 -> y.append("      - environment:\n          - V").append(i % 10).append(": \"v")
                        .append(i).append("-{{env:GREETING}}\"\n");
                default -> y.append("      - execute:\n          - \"echo {{env:V").append((i - 1) % 10)
                        .append("}} > /dev/null\"\n");
            }
        }
        return y.toString();
    }

    static long pipeline(String text) {
        long t0 = System.nanoTime();
        ParseResult r = WorkflowParser.parse("bench.yaml", text);
        List<Segment> segments = Segmenter.split(r.workflow(), false);
        long chars = 0;
        for (Segment s : segments) {
            chars += ProgramGenerator.generate(s).length();
        }
        long t = System.nanoTime() - t0;
        assertTrue(chars > 0);
        return t;
    }

    static double medianMillis(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[s.length / 2] / 1e6;
    }

    @Test
    void parseValidateSegmentGenerate() {
        int[] sizes = {100, 1_000, 10_000, 100_000};
        String[] texts = new String[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            texts[i] = workflow(sizes[i]);
            assertTrue(WorkflowParser.parse("bench.yaml", texts[i]).ok(), "benchmark workflow must be valid");
        }
        for (int w = 0; w < 5; w++) { // warm-up: JIT the whole path at every size
            for (String t : texts) {
                pipeline(t);
            }
        }
        double previous = 0;
        System.out.println("| steps | median ms | x time vs 10x fewer steps |");
        for (int i = 0; i < sizes.length; i++) {
            int runs = sizes[i] >= 100_000 ? 9 : 41;
            System.gc(); // start each size from the same heap state
            long[] nanos = new long[runs];
            for (int r = 0; r < runs; r++) {
                nanos[r] = pipeline(texts[i]);
            }
            double ms = medianMillis(nanos);
            long a = System.nanoTime();
            ParseResult parsed = WorkflowParser.parse("bench.yaml", texts[i]);
            long b = System.nanoTime();
            List<Segment> segs = Segmenter.split(parsed.workflow(), false);
            long c = System.nanoTime();
            segs.forEach(ProgramGenerator::generate);
            long d = System.nanoTime();
            System.out.printf("  (one run: parse+validate %.2f ms, segment %.2f ms, generate %.2f ms)%n",
                    (b - a) / 1e6, (c - b) / 1e6, (d - c) / 1e6);
            System.out.printf("| %,d | %.2f | %s |%n", sizes[i], ms, previous == 0 ? "-" : String.format("%.1f", ms / previous));
            previous = ms;
        }
    }

    @Test
    void runLocalAgainstPlainScript() throws Exception {
        int steps = 1_000;
        StringBuilder y = new StringBuilder("version: 0.1\ntask:\n  - sequential:\n");
        StringBuilder sh = new StringBuilder();
        for (int i = 0; i < steps; i++) {
            if (i % 2 == 0) {
                y.append("      - print:\n          - \"line ").append(i).append(" {{env:X}}\"\n");
                sh.append("printf '%s\\n' \"line ").append(i).append(" $X\"\n");
            } else {
                y.append("      - environment:\n          - X: \"x").append(i).append("\"\n");
                sh.append("X=\"x").append(i).append("\"; export X\n");
            }
        }
        Path script = tmp.resolve("plain.sh");
        Files.writeString(script, sh.toString());
        List<Segment> segments = Segmenter.split(WorkflowParser.parse("bench.yaml", y.toString()).workflow(), false);
        int[] lines = new int[1];
        RunListener count = (segment, text, newline) -> lines[0]++;
        LocalRunner runner = new LocalRunner(count, "/bin/sh", Clock.systemUTC(), null, tmp);
        int rounds = 100;
        long[] ours = new long[rounds];
        long[] plain = new long[rounds];
        for (int r = -50; r < rounds; r++) { // 50 warm-up rounds; both interleaved to share machine noise
            lines[0] = 0;
            long t0 = System.nanoTime();
            assertEquals(RunStatus.SUCCEEDED, runner.run(segments, new Abort()).status());
            long t1 = System.nanoTime();
            assertEquals(steps / 2, lines[0]);
            int plainLines = runPlain(script);
            long t2 = System.nanoTime();
            assertEquals(steps / 2, plainLines);
            if (r >= 0) {
                ours[r] = t1 - t0;
                plain[r] = t2 - t1;
            }
        }
        double o = medianMillis(ours);
        double p = medianMillis(plain);
        System.out.printf("| run --local, %d print/environment steps | %.2f ms | plain sh script %.2f ms | ratio %.2f |%n",
                steps, o, p, o / p);
    }

    /** The baseline: /bin/sh runs the hand-written script, its stdout read line by line. */
    private int runPlain(Path script) throws Exception {
        Process p = new ProcessBuilder("/bin/sh", script.toString()).redirectErrorStream(true).start();
        int lines = 0;
        try (InputStream in = p.getInputStream()) {
            byte[] buf = new byte[16 * 1024];
            int n;
            while ((n = in.read(buf)) >= 0) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        assertEquals(0, p.waitFor());
        return lines;
    }
}
