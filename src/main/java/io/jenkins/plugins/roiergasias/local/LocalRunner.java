package io.jenkins.plugins.roiergasias.local;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.roiergasias.program.LineSplitter;
import io.jenkins.plugins.roiergasias.program.MarkerReader;
import io.jenkins.plugins.roiergasias.program.ProgramGenerator;
import io.jenkins.plugins.roiergasias.report.ReportBuilder;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.RunStatus;
import io.jenkins.plugins.roiergasias.report.SegmentReport;
import io.jenkins.plugins.roiergasias.report.SegmentStatus;
import io.jenkins.plugins.roiergasias.report.StepReport;
import io.jenkins.plugins.roiergasias.run.Abort;
import io.jenkins.plugins.roiergasias.run.Outcomes;
import io.jenkins.plugins.roiergasias.run.RunListener;
import io.jenkins.plugins.roiergasias.run.SegmentEvents;
import io.jenkins.plugins.roiergasias.segment.Segment;
import io.jenkins.plugins.roiergasias.workflow.ExecuteStep;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs segments one after another with {@code /bin/sh} on this machine, as a pod would: each
 * segment is a fresh shell with this process's environment plus the segment's carried
 * environment. Stops at the first segment that fails.
 *
 * <p>The program's output comes through a pipe, which cannot lose lines, so the step markers and
 * the shell's exit code are the whole truth here; the status file that survives a lost pod log is
 * not needed ({@code /dev/null}).
 */
public final class LocalRunner {
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * {@code setsid}, when this machine has it: the program then leads a process group of its own,
     * and an abort can stop every process the workflow started, including those whose parent
     * already ended (a POSIX shell without a terminal cannot give its commands process groups).
     */
    @CheckForNull
    private static final String SETSID = java.util.stream.Stream.of("/usr/bin/setsid", "/bin/setsid")
            .filter(p -> Files.isExecutable(Path.of(p)))
            .findFirst()
            .orElse(null);

    private final RunListener listener;
    private final List<String> shell;
    private final Clock clock;
    @CheckForNull
    private final Map<String, String> environment;
    @CheckForNull
    private final Path workDir;
    private AfterSegment afterSegment = (segment, status) -> {};

    /** What happens after each segment that ran, before the next one starts (e.g. copying its outputs back). */
    public interface AfterSegment {
        /** @throws IOException to end the run with an error, its message telling why */
        void after(Segment segment, SegmentStatus status) throws IOException;
    }

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
        this.shell = List.of(shell.split(" "));
        this.clock = clock;
        this.environment = environment == null ? null : Map.copyOf(environment);
        this.workDir = workDir;
    }

    public LocalRunner afterEachSegment(AfterSegment hook) {
        this.afterSegment = hook;
        return this;
    }

    public RunReport run(List<Segment> segments, Abort abort) throws IOException, InterruptedException {
        ReportBuilder report = new ReportBuilder(segments);
        for (Segment segment : segments) {
            if (abort.isAborted()) {
                return report.snapshot(RunStatus.ABORTED, "aborted: " + abort.reason());
            }
            SegmentStatus outcome = runSegment(segment, report, abort);
            try {
                afterSegment.after(segment, outcome);
            } catch (IOException e) {
                return report.snapshot(RunStatus.ERROR, segment.label() + ": " + e.getMessage());
            }
            if (outcome != SegmentStatus.SUCCEEDED) {
                SegmentReport seg = report.segment(segment.index());
                StepReport failed = seg.failedStep();
                RunStatus status = switch (outcome) {
                    case FAILED -> RunStatus.FAILED;
                    case ABORTED -> RunStatus.ABORTED;
                    default -> RunStatus.ERROR;
                };
                String why = failed != null ? Outcomes.stepFailed(failed) : seg.message();
                return report.snapshot(status, segment.label() + ": " + why);
            }
        }
        return report.snapshot(RunStatus.SUCCEEDED, null);
    }

    private SegmentStatus runSegment(Segment segment, ReportBuilder report, Abort abort)
            throws IOException, InterruptedException {
        String program = ProgramGenerator.generate(segment);
        // Through a file, never `sh -c PROGRAM`: Java encodes arguments in the locale's charset, which
        // turns every non-ASCII character into '?' in a C locale.
        Path file = Files.createTempFile("roiergasias-", ".sh");
        try {
            List<String> command = new ArrayList<>();
            // Without commands the shell starts no process, and there is no group to stop: save
            // setsid's exec (about as costly as starting the shell itself).
            boolean group = SETSID != null && segment.steps().stream().anyMatch(st -> st instanceof ExecuteStep);
            if (group) {
                command.add(SETSID);
            }
            command.addAll(shell);
            Files.writeString(file, program, StandardCharsets.UTF_8);
            command.add(file.toString());
            command.addAll(List.of("/dev/null", "-"));
            report.segmentStarted(segment.index(), clock.instant());
            listener.segmentStarted(segment);
            SegmentEvents events = new SegmentEvents(segment, report, listener, clock);
            int exit = execute(command, events, abort, group);
            SegmentStatus outcome;
            String message = null;
            int last = segment.firstStep() + segment.stepCount() - 1;
            if (abort.isAborted()) {
                outcome = SegmentStatus.ABORTED;
                message = "aborted: " + abort.reason();
            } else if (events.failedStep() >= 0) {
                outcome = SegmentStatus.FAILED;
            } else if (exit == 0 && (segment.stepCount() == 0 || events.lastFinished() == last)) {
                outcome = SegmentStatus.SUCCEEDED;
            } else {
                outcome = SegmentStatus.ERROR;
                message = "the shell of " + segment.label() + " ended with exit code " + exit
                        + " before its steps were done";
            }
            report.segmentFinished(segment.index(), outcome, message, clock.instant());
            listener.segmentFinished(segment, report.segment(segment.index()));
            return outcome;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Runs the shell, feeds its output through the marker reader, and returns its exit code. */
    private int execute(List<String> command, SegmentEvents events, Abort abort, boolean group)
            throws IOException, InterruptedException {
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
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write((nonce() + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // the shell ended before reading it; its output and exit code tell what happened
        }
        Thread killer = abortWatcher(process, abort, group);
        try (InputStream in = process.getInputStream()) {
            new LineSplitter().pump(in, new MarkerReader(events)::line);
        } catch (IOException e) {
            if (!abort.isAborted()) {
                throw e;
            }
            // stopping the process closed its output
        } finally {
            killer.interrupt();
        }
        return process.waitFor();
    }

    private static String nonce() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /**
     * Stops the shell and every process under it when the run is aborted: with {@code setsid}, the
     * whole process group; without it, the commands the shell holds as descendants first (once it
     * exits they would be orphans out of reach), then the shell, whose SIGTERM handler ends the
     * program. SIGKILL for whatever is left after a grace period.
     */
    private static Thread abortWatcher(Process process, Abort abort, boolean group) {
        Thread t = new Thread(() -> {
            try {
                if (abort.await(Duration.ofDays(365))) {
                    List<ProcessHandle> tree = process.toHandle().descendants().toList();
                    if (group) {
                        signalGroup(process, "TERM");
                    }
                    tree.forEach(ProcessHandle::destroy);
                    process.destroy();
                    if (!process.waitFor(5, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                    if (group) {
                        signalGroup(process, "KILL");
                    }
                    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "roiergasias-local-abort");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Signals the program's process group, which exists when it was started by setsid. */
    private static void signalGroup(Process process, String signal) throws InterruptedException {
        try {
            new ProcessBuilder("/bin/sh", "-c", "kill -" + signal + " -\"$1\" 2>/dev/null", "sh",
                            Long.toString(process.pid()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // nothing more to do: the per-process signals follow
        }
    }
}
