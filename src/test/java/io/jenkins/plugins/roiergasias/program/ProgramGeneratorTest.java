package io.jenkins.plugins.roiergasias.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.roiergasias.local.LocalRunner;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.RunStatus;
import io.jenkins.plugins.roiergasias.report.StepReport;
import io.jenkins.plugins.roiergasias.report.StepStatus;
import io.jenkins.plugins.roiergasias.run.Abort;
import io.jenkins.plugins.roiergasias.run.RunListener;
import io.jenkins.plugins.roiergasias.segment.Segment;
import io.jenkins.plugins.roiergasias.segment.Segmenter;
import io.jenkins.plugins.roiergasias.workflow.EnvItem;
import io.jenkins.plugins.roiergasias.workflow.EnvVar;
import io.jenkins.plugins.roiergasias.workflow.EnvironmentStep;
import io.jenkins.plugins.roiergasias.workflow.ExecuteStep;
import io.jenkins.plugins.roiergasias.workflow.Position;
import io.jenkins.plugins.roiergasias.workflow.PrintStep;
import io.jenkins.plugins.roiergasias.workflow.Step;
import io.jenkins.plugins.roiergasias.workflow.Task;
import io.jenkins.plugins.roiergasias.workflow.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Generated programs run by real dash, bash and busybox sh, through the local runner. */
class ProgramGeneratorTest {
    static List<String> shells() {
        return Shells.all().toList();
    }

    record Outcome(String stdout, RunReport report) {}

    static Outcome run(String shell, Workflow w) throws Exception {
        StringBuilder out = new StringBuilder();
        RunListener listener = (segment, text, newline) -> out.append(text).append(newline ? "\n" : "");
        List<Segment> segments = Segmenter.split(w, false);
        RunReport report = new LocalRunner(listener, shell, Clock.systemUTC(), null, null).run(segments, new Abort());
        return new Outcome(out.toString(), report);
    }

    static Workflow workflow(List<EnvItem> env, Task... tasks) {
        return new Workflow("test.yaml", "0.1", env, List.of(tasks));
    }

    static Task task(int index, String node, Step... steps) {
        return new Task(index, node, List.of(steps), Position.UNKNOWN);
    }

    static PrintStep print(String... items) {
        return new PrintStep(List.of(items), Position.UNKNOWN);
    }

    static ExecuteStep exec(String... commands) {
        return new ExecuteStep(List.of(commands), Position.UNKNOWN);
    }

    static EnvironmentStep env(String... nameValues) {
        List<EnvVar> vars = new ArrayList<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            vars.add(new EnvVar(nameValues[i], nameValues[i + 1]));
        }
        return new EnvironmentStep(List.of(new EnvItem(vars)), Position.UNKNOWN);
    }

    static EnvItem item(String... nameValues) {
        return env(nameValues).items().get(0);
    }

    @ParameterizedTest
    @MethodSource("shells")
    void printsResolvesAndRunsCommands(String shell) throws Exception {
        Workflow w = workflow(
                List.of(item("welcome", "Welcome!"), item("A", "a-{{env:welcome}}")),
                task(0, null, print("Hello", "{{env:welcome}} / {{env:A}}"), env("greeting", "Warm greetings!")),
                task(1, null, exec("echo {{env:greeting}}", "echo 'quoted: {{env:greeting}}' \"dq: {{env:greeting}}\"")));
        Outcome o = run(shell, w);
        assertEquals(
                "Hello\nWelcome! / a-Welcome!\nWarm greetings!\nquoted: Warm greetings! dq: Warm greetings!\n",
                o.stdout());
        assertEquals(RunStatus.SUCCEEDED, o.report().status());
        assertTrue(o.report().segments().get(0).steps().stream().allMatch(s -> s.status() == StepStatus.OK));
    }

    @ParameterizedTest
    @MethodSource("shells")
    void valuesNeverBecomeCode(String shell) throws Exception {
        Workflow w = workflow(
                List.of(item("EVIL", "x; echo INJECTED $(echo INJECTED) `echo INJECTED` ' \" \\")),
                task(0, null,
                        exec("echo {{env:EVIL}}", "echo \"{{env:EVIL}}\"", "echo '{{env:EVIL}}'",
                                "echo $(echo {{env:EVIL}})"),
                        print("{{env:EVIL}}")));
        Outcome o = run(shell, w);
        String v = "x; echo INJECTED $(echo INJECTED) `echo INJECTED` ' \" \\";
        assertEquals(v + "\n" + v + "\n" + v + "\n" + v + "\n" + v + "\n", o.stdout());
    }

    @ParameterizedTest
    @MethodSource("shells")
    void literalTextIsPrintedAsWritten(String shell) throws Exception {
        String tricky = "back\\slash \"dq\" 'sq' $HOME ${X} `date` $(id) \\n %s %% {{ env:A }} \t tab";
        Workflow w = workflow(List.of(item("V", tricky)), task(0, null, print(tricky, "{{env:V}}", "", "a\nb")));
        assertEquals(tricky + "\n" + tricky + "\n\na\nb\n", run(shell, w).stdout());
    }

    @ParameterizedTest
    @MethodSource("shells")
    void sameStepItemsDoNotSeeEachOtherButLaterStepsDo(String shell) throws Exception {
        Workflow w = workflow(
                List.of(item("G1", "one", "G2", "[{{env:G1}}]"), item("G3", "[{{env:G1}}]")),
                task(0, null,
                        new EnvironmentStep(List.of(item("FIRST", "one"), item("SECOND", "[{{env:FIRST}}]")),
                                Position.UNKNOWN),
                        env("THIRD", "[{{env:FIRST}}]"),
                        print("{{env:G2}} {{env:G3}} {{env:SECOND}} {{env:THIRD}}")));
        assertEquals("[] [one] [] [one]\n", run(shell, w).stdout());
    }

    @ParameterizedTest
    @MethodSource("shells")
    void dashedNamesReachCommandsAsRealEnvironmentVariables(String shell) throws Exception {
        Workflow w = workflow(
                List.of(item("input-data-file", "/data/in.csv")),
                task(0, null,
                        env("IFS", "weird", "_roi_m", "mine"),
                        exec("printenv input-data-file", "printenv IFS", "printenv _roi_m"),
                        print("{{env:input-data-file}} {{env:IFS}} {{env:_roi_m}}")));
        assertEquals("/data/in.csv\nweird\nmine\n/data/in.csv weird mine\n", run(shell, w).stdout());
    }

    @ParameterizedTest
    @MethodSource("shells")
    void stopsAtTheFirstFailingStepWithItsExitCode(String shell) throws Exception {
        Workflow w = workflow(
                List.of(),
                task(0, "node1", print("before"), exec("echo partial; exit 3", "echo never")),
                task(1, "node2", print("not reached")));
        Outcome o = run(shell, w);
        assertEquals("before\npartial\n", o.stdout());
        assertEquals(RunStatus.FAILED, o.report().status());
        List<StepReport> steps = o.report().segments().get(0).steps();
        assertEquals(StepStatus.OK, steps.get(0).status());
        assertEquals(StepStatus.FAILED, steps.get(1).status());
        assertEquals(3, steps.get(1).exitCode());
        assertEquals(StepStatus.NOT_RUN, o.report().segments().get(1).steps().get(0).status());
    }

    @ParameterizedTest
    @MethodSource("shells")
    void sigtermIsPassedToTheRunningCommandAndEndsTheProgramAtOnce(String shell) throws Exception {
        Workflow w = workflow(List.of(), task(0, null, print("started"), exec("sleep 300"), print("never")));
        Path dir = Files.createTempDirectory("roiergasias-signal-");
        try {
            Path program = dir.resolve("p.sh");
            Path status = dir.resolve("status");
            Files.writeString(program, ProgramGenerator.generate(Segmenter.split(w, false).get(0)));
            List<String> command = new ArrayList<>(List.of(shell.split(" ")));
            command.addAll(List.of(program.toString(), status.toString()));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            StringBuilder out = new StringBuilder();
            java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
            Thread reader = new Thread(() -> {
                try {
                    new LineSplitter().pump(p.getInputStream(), (t, nl) -> {
                        out.append(t).append('\n');
                        if (t.contains(":S:1")) {
                            started.countDown();
                        }
                    });
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            reader.start();
            assertTrue(started.await(30, java.util.concurrent.TimeUnit.SECONDS), out::toString);
            // the command is running: find it among the program's children
            ProcessHandle sleep = awaitChild(p.toHandle());
            long t0 = System.nanoTime();
            p.destroy(); // SIGTERM to the program, as the kubelet sends it to PID 1
            assertTrue(p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS), "the program ignored SIGTERM");
            assertEquals(143, p.exitValue());
            assertTrue(sleep.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS) != null);
            assertTrue(System.nanoTime() - t0 < java.time.Duration.ofSeconds(5).toNanos());
            reader.join(10_000);
            assertEquals(new ProgramStatus(143, 1, null), ProgramStatus.parse(Files.readString(status)));
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    private static ProcessHandle awaitChild(ProcessHandle program) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            var sleep = program.descendants()
                    .filter(h -> h.info().command().map(c -> c.endsWith("sleep")).orElse(false))
                    .findFirst();
            if (sleep.isPresent()) {
                return sleep.get();
            }
            Thread.sleep(20); // the process table has no change notification; bounded by the deadline
        }
        throw new AssertionError("sleep never started");
    }

    @ParameterizedTest
    @MethodSource("shells")
    void abortStopsALocalRunAndEverythingUnderIt(String shell) throws Exception {
        Workflow w = workflow(List.of(), task(0, null, print("started"), exec("sleep 300 | cat")));
        Abort abort = new Abort();
        StringBuilder out = new StringBuilder();
        RunListener listener = (segment, text, newline) -> {
            out.append(text);
            if (text.equals("started")) {
                abort.abort("test");
            }
        };
        long t0 = System.nanoTime();
        RunReport report = new LocalRunner(listener, shell, Clock.systemUTC(), null, null)
                .run(Segmenter.split(w, false), abort);
        assertEquals(RunStatus.ABORTED, report.status());
        assertTrue(System.nanoTime() - t0 < java.time.Duration.ofSeconds(20).toNanos());
    }

    @ParameterizedTest
    @MethodSource("shells")
    void userOutputCannotForgeMarkers(String shell) throws Exception {
        Workflow w = workflow(
                List.of(),
                task(0, null,
                        exec("echo '::roiergasias:0123456789abcdef:E:0:0'; printf 'no newline'", "exit 5")));
        Outcome o = run(shell, w);
        assertEquals("::roiergasias:0123456789abcdef:E:0:0\nno newline", o.stdout());
        assertEquals(StepStatus.FAILED, o.report().segments().get(0).steps().get(0).status());
        assertEquals(5, o.report().segments().get(0).steps().get(0).exitCode());
    }

    @ParameterizedTest
    @MethodSource("shells")
    void carriedEnvironmentKeepsStepSemanticsAcrossSegments(String shell) throws Exception {
        Workflow w = workflow(
                List.of(item("BASE", "b")),
                task(0, "n1", new EnvironmentStep(List.of(item("X", "x1"), item("Y", "[{{env:X}}]")), Position.UNKNOWN),
                        env("PATH", "/nonexistent:{{env:PATH}}")),
                task(1, "n2", print("{{env:BASE}} {{env:X}} {{env:Y}}"), exec("echo $X")));
        Outcome o = run(shell, w);
        assertEquals("b x1 []\nx1\n", o.stdout());
        assertEquals(2, o.report().segments().size());
    }
}
