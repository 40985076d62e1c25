package io.jenkins.plugins.roiergasias.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code run --local} as a real process, stopped by a real signal: the workflow's processes stop, exit status 4. */
@Timeout(60)
class LocalSignalTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"INT", "TERM"})
    void aSignalStopsTheWorkflowAndExitsWithFour(String signal) throws Exception {
        Path workflow = dir.resolve("wf.yaml");
        Path pidFile = dir.resolve("sleep.pid");
        Files.writeString(workflow, """
                version: 0.1
                task:
                  - sequential:
                      - print: ["started"]
                      - execute: ["echo $$ > %s; exec sleep 30"]
                """.formatted(pidFile), StandardCharsets.UTF_8);
        try (CliProcess cli = CliProcess.fromClasspath(dir, "run", "--local", "-f", workflow.toString())) {
            assertTrue(cli.awaitStdout("started\n", Duration.ofSeconds(30)), cli::stderr);
            awaitPid(pidFile);
            cli.signal(signal);

            assertEquals(4, cli.exitStatus(Duration.ofSeconds(30)), cli::stderr);
            assertTrue(cli.stderr().contains("roiergasias: aborted: "), cli::stderr);
            assertTrue(cli.stderr().contains("interrupted (Ctrl-C or SIGTERM)"), cli::stderr);
            // The workflow's shell may add its own word about the killed command ("Terminated").
            assertTrue(cli.stdout().startsWith("started\n"), cli::stdout);
        }
        long pid = awaitPid(pidFile);
        // The CLI ended after its abort had stopped the command; allow the kernel a moment to reap it.
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < end) {
            Thread.sleep(50); // re-check until the deadline
        }
        assertTrue(ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), "the workflow's sleep still runs");
    }

    /** The PID the command wrote, once it is there. */
    private static long awaitPid(Path file) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.exists(file) || !Files.readString(file).endsWith("\n")) {
            assertTrue(System.nanoTime() < end, "the command never started");
            Thread.sleep(20); // re-check until the deadline
        }
        return Long.parseLong(Files.readString(file).trim());
    }
}
