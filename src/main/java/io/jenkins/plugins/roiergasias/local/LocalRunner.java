package io.jenkins.plugins.roiergasias.local;

import io.jenkins.plugins.roiergasias.program.LineSplitter;
import io.jenkins.plugins.roiergasias.program.MarkerReader;
import io.jenkins.plugins.roiergasias.program.ProgramGenerator;
import io.jenkins.plugins.roiergasias.program.ProgramStatus;
import io.jenkins.plugins.roiergasias.report.ReportBuilder;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.RunStatus;
import io.jenkins.plugins.roiergasias.report.SegmentStatus;
import io.jenkins.plugins.roiergasias.run.Abort;
import io.jenkins.plugins.roiergasias.run.RunListener;
import io.jenkins.plugins.roiergasias.run.SegmentEvents;
import io.jenkins.plugins.roiergasias.segment.Segment;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs segments one after another with {@code /bin/sh} on this machine, as a pod would: each
 * segment is a fresh shell with this process's environment plus the segment's carried
 * environment. Stops at the first segment that fails.
 */
public final class LocalRunner {
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
    private final RunListener listener;
    private final String shell;
    private final Clock clock;
    @CheckForNull
    private final Map<String, String> environment;
    @CheckForNull
    private final Path workDir;

    public LocalRunner(RunListener listener) {
        this(listener, "/bin/sh", Clock.systemUTC(), null, null);
    }

    /**
     * @param shell the shell that runs the programs, as command words, e.g. {@code /bin/dash} or
     *     {@code /bin/busybox sh}
     * @param environment the whole environment of the programs; null for this process's
     * @param workDir the programs' working directory; null for this process's
     */
    public LocalRunner(
            RunListener listener,
            String shell,
            Clock clock,
            @CheckForNull Map<String, String> environment,
            @CheckForNull Path workDir) {
        this.listener = listener;
        this.shell = shell;
        this.clock = clock;
        this.environment = environment == null ? null : Map.copyOf(environment);
        this.workDir = workDir;
    }

    public RunReport run(List<Segment> segments, Abort abort) throws IOException, InterruptedException {
        ReportBuilder report = new ReportBuilder(segments);
        Path dir = Files.createTempDirectory("roiergasias-");
        try {
            for (Segment segment : segments) {
                if (abort.isAborted()) {
                    return report.snapshot(RunStatus.ABORTED, "aborted: " + abort.reason());
                }
                RunStatus status = runSegment(segment, report, dir, abort);
                if (status != RunStatus.SUCCEEDED) {
                    return report.snapshot(status, failureMessage(segment, report, status, abort));
                }
            }
            return report.snapshot(RunStatus.SUCCEEDED, null);
        } finally {
            deleteTree(dir);
        }
    }

    private RunStatus runSegment(Segment segment, ReportBuilder report, Path dir, Abort abort)
            throws IOException, InterruptedException {
        Path program = dir.resolve("segment-" + segment.index() + ".sh");
        Path statusFile = dir.resolve("segment-" + segment.index() + ".status");
        Files.writeString(program, ProgramGenerator.generate(segment), StandardCharsets.UTF_8);
        report.segmentStarted(segment.index(), clock.instant());
        listener.segmentStarted(segment);
        List<String> command = new java.util.ArrayList<>(List.of(shell.split(" ")));
        command.add(program.toString());
        command.add(statusFile.toString());
        command.add("-");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (environment != null) {
            pb.environment().clear();
            pb.environment().putAll(environment);
        }
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        Process process = pb.start();
        // The marker nonce goes in through stdin: no fork in the program, and never in its
        // environment or a file where a command could read it. Commands get /dev/null as stdin.
        try (var stdin = process.getOutputStream()) {
            stdin.write((nonce() + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // the shell ended before reading it; its output and exit code tell what happened
        }
        Thread killer = abortWatcher(process, abort);
        SegmentEvents events = new SegmentEvents(segment, report, listener, clock);
        MarkerReader reader = new MarkerReader(events);
        try (InputStream in = process.getInputStream()) {
            new LineSplitter().pump(in, reader::line);
        }
        int exit = process.waitFor();
        killer.interrupt();
        ProgramStatus status = ProgramStatus.parse(
                Files.exists(statusFile) ? Files.readString(statusFile, StandardCharsets.UTF_8) : null);
        SegmentStatus outcome;
        String message = null;
        if (abort.isAborted()) {
            outcome = SegmentStatus.ABORTED;
            message = "aborted: " + abort.reason();
        } else if (exit == 0 && status != null && status.exitCode() == 0) {
            outcome = SegmentStatus.SUCCEEDED;
        } else if (status != null && status.failedStep() != null) {
            outcome = SegmentStatus.FAILED;
            // The status file is the cross-check: it names the failed step even if its marker was lost.
            if (events.lastFinished() < status.failedStep()) {
                report.stepFinished(segment.index(), status.failedStep(), status.exitCode(), clock.instant());
            }
        } else {
            outcome = SegmentStatus.ERROR;
            message = "the segment's shell ended with exit code " + exit + " without a result";
        }
        report.segmentFinished(segment.index(), outcome, message, clock.instant());
        listener.segmentFinished(segment, report.segment(segment.index()));
        return switch (outcome) {
            case SUCCEEDED -> RunStatus.SUCCEEDED;
            case FAILED -> RunStatus.FAILED;
            case ABORTED -> RunStatus.ABORTED;
            default -> RunStatus.ERROR;
        };
    }

    private static String nonce() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }

    private static Thread abortWatcher(Process process, Abort abort) {
        Thread t = new Thread(() -> {
            try {
                while (process.isAlive()) {
                    if (abort.await(java.time.Duration.ofSeconds(1))) {
                        process.toHandle().descendants().forEach(ProcessHandle::destroy);
                        process.destroy();
                        if (!process.waitFor(5, TimeUnit.SECONDS)) {
                            process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                            process.destroyForcibly();
                        }
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "roiergasias-local-abort");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static String failureMessage(Segment segment, ReportBuilder report, RunStatus status, Abort abort) {
        if (status == RunStatus.ABORTED) {
            return "aborted: " + abort.reason();
        }
        var seg = report.segment(segment.index());
        var step = seg.failedStep();
        if (step != null) {
            return io.jenkins.plugins.roiergasias.run.Outcomes.stepFailed(segment, step);
        }
        return seg.message() != null ? seg.message() : "segment " + (segment.index() + 1) + " failed";
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
