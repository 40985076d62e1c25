package io.jenkins.plugins.roiergasias.cli;

import io.jenkins.plugins.roiergasias.kubernetes.KubernetesRunner;
import io.jenkins.plugins.roiergasias.kubernetes.connection.ConnectionSettings;
import io.jenkins.plugins.roiergasias.kubernetes.connection.Credential;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.CleanupPolicy;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.JobOptions;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.JobRenderer;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.RunIds;
import io.jenkins.plugins.roiergasias.kubernetes.transfer.PodTransfer;
import io.jenkins.plugins.roiergasias.lint.MigrationLint;
import io.jenkins.plugins.roiergasias.lint.NestedShellLint;
import io.jenkins.plugins.roiergasias.local.LocalRunner;
import io.jenkins.plugins.roiergasias.program.ProgramSize;
import io.jenkins.plugins.roiergasias.program.UnsupportedCommandException;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.RunStatus;
import io.jenkins.plugins.roiergasias.report.SecretMask;
import io.jenkins.plugins.roiergasias.report.SegmentStatus;
import io.jenkins.plugins.roiergasias.run.Abort;
import io.jenkins.plugins.roiergasias.run.PassedEnv;
import io.jenkins.plugins.roiergasias.run.RetryPolicy;
import io.jenkins.plugins.roiergasias.run.StepTails;
import io.jenkins.plugins.roiergasias.segment.Segment;
import io.jenkins.plugins.roiergasias.segment.SegmentTooLargeException;
import io.jenkins.plugins.roiergasias.segment.SegmentYaml;
import io.jenkins.plugins.roiergasias.segment.Segmenter;
import io.jenkins.plugins.roiergasias.transfer.LocalFiles;
import io.jenkins.plugins.roiergasias.transfer.TransferException;
import io.jenkins.plugins.roiergasias.transfer.TransferSpec;
import io.jenkins.plugins.roiergasias.workflow.CommandMode;
import io.jenkins.plugins.roiergasias.workflow.Diagnostic;
import io.jenkins.plugins.roiergasias.workflow.ParseResult;
import io.jenkins.plugins.roiergasias.workflow.Workflow;
import io.jenkins.plugins.roiergasias.workflow.WorkflowEncodingException;
import io.jenkins.plugins.roiergasias.workflow.WorkflowParser;
import io.jenkins.plugins.roiergasias.workflow.WorkflowText;
import io.jenkins.plugins.roiergasias.workflow.WorkflowTooLargeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The command line: {@code validate}, {@code split}, {@code render}, {@code run --local},
 * {@code run} and {@code version}. Standard output carries only what the workflow prints (or the
 * YAML asked for); everything else goes to standard error. Exit codes (SPEC §4): 0 success, 1 a
 * step failed, 2 the workflow file is invalid, 3 usage error, 4 cluster or infrastructure error.
 */
public final class Main {
    static final int OK = 0;
    static final int STEP_FAILED = 1;
    static final int INVALID = 2;
    static final int USAGE = 3;
    static final int INFRASTRUCTURE = 4;
    /** How long {@code run --local} may take to stop its processes after Ctrl-C (they get 5 s, then SIGKILL). */
    private static final Duration LOCAL_ABORT_LIMIT = Duration.ofSeconds(15);

    private static final Set<String> VALUED = Set.of(
            "-f", "--file", "--kubeconfig", "--context", "--namespace", "--image", "--job-template",
            "--node-label-key", "--backoff-limit", "--segment-timeout", "--pending-timeout", "--run-id",
            "--commands", "--env", "--secret-env",
            "--workspace", "--inputs", "--outputs", "--excludes", "--work-dir", "--max-transfer-size",
            "--older-than", "--junit", "--retries", "--retry-on");
    private static final Set<String> FLAGS =
            Set.of("--local", "--merge-same-node", "--keep-failed", "--verbose", "-v", "--delete", "--restrict-templates");

    private final PrintStream out;
    private final PrintStream err;
    private final InputStream in;
    /**
     * For tests: this process's environment as {@code run --local} and {@code --env NAME} see it, and
     * the directory of {@code run --local}; null for the real ones.
     */
    java.util.Map<String, String> localEnvironment;

    Path localWorkDir;
    /** For tests: the shell of {@code run --local}, as command words. */
    String localShell = "/bin/sh";

    Main(PrintStream out, PrintStream err, InputStream in) {
        this.out = out;
        this.err = err;
        this.in = in;
    }

    public static void main(String[] argv) {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
                StandardCharsets.UTF_8);
        // UTF-8 whatever the locale: messages quote the file, which is UTF-8.
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true,
                StandardCharsets.UTF_8);
        String warning = LauncherLocale.warning(System.getProperty("sun.jnu.encoding"), Arrays.asList(argv));
        if (warning != null) {
            err.println(warning);
        }
        int code = new Main(out, err, System.in).execute(Arrays.asList(argv));
        out.flush();
        System.exit(code);
    }

    int execute(List<String> argv) {
        try {
            if (argv.isEmpty()) {
                throw new Args.UsageException("no command given");
            }
            String command = argv.get(0);
            if (argv.contains("--help") || argv.contains("-h") || command.equals("help")) {
                out.print(Usage.TEXT);
                return OK;
            }
            Args args = Args.parse(argv, VALUED, FLAGS, PassedOptions.REPEATABLE);
            return switch (command) {
                case "version" -> {
                    out.println("roiergasias " + version());
                    yield OK;
                }
                case "validate" -> validate(args);
                case "split" -> split(args);
                case "render" -> render(args);
                case "run" -> run(args);
                case "sweep" -> new SweepCommand(out, err).run(args, kubeconfig(args));
                default -> throw new Args.UsageException("unknown command: " + command);
            };
        } catch (Args.UsageException e) {
            err.println("roiergasias: " + e.getMessage());
            err.println("Try 'roiergasias --help'.");
            return USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("roiergasias: interrupted");
            return INFRASTRUCTURE;
        } catch (TransferException e) {
            err.println("roiergasias: " + e.getMessage());
            // a file name this JVM decoded with U+FFFD: java -jar in a C locale
            String hint = LauncherLocale.warning(System.getProperty("sun.jnu.encoding"), List.of(e.getMessage()));
            if (hint != null) {
                err.println(hint);
            }
            return INFRASTRUCTURE;
        } catch (IOException e) {
            err.println("roiergasias: " + e.getMessage());
            return INFRASTRUCTURE;
        } catch (java.nio.file.InvalidPathException e) {
            // A file name this JVM cannot encode: java -jar in a C locale.
            err.println("roiergasias: " + e.getMessage());
            String hint = LauncherLocale.hint(System.getProperty("sun.jnu.encoding"));
            if (hint != null) {
                err.println(hint);
            }
            return INFRASTRUCTURE;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The workflow of {@code -f}, or null after printing why there is none. */
    private Workflow load(Args args) throws Args.UsageException {
        String file = args.value("-f") != null ? args.value("-f") : args.value("--file");
        if (file == null) {
            throw new Args.UsageException(args.command + " needs -f FILE (the workflow file, - for standard input)");
        }
        String text;
        try {
            text = WorkflowInput.read(file, in, WorkflowText.maxBytes());
        } catch (NoSuchFileException e) {
            err.println(file + ": error: no such file");
            return null;
        } catch (WorkflowTooLargeException | WorkflowEncodingException e) {
            err.println(e.getMessage());
            err.println("roiergasias: the workflow file cannot be read; nothing was run");
            return null;
        } catch (IOException | RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            err.println(message.startsWith(file + ": error: ") ? message
                    : file + ": error: cannot read the file: " + message);
            return null;
        }
        ParseResult result = WorkflowParser.parse(WorkflowInput.name(file), text);
        for (Diagnostic d : result.diagnostics()) {
            err.println(d.format());
        }
        if (!result.ok()) {
            int n = result.errors().size();
            err.println("roiergasias: " + n + (n == 1 ? " error" : " errors") + "; nothing was run");
        }
        if (result.workflow() == null) {
            return null;
        }
        CommandMode mode = commandMode(args);
        Workflow w = result.workflow().withCommandDefault(mode);
        // Whether a program path exists is known only for what runs on this machine.
        boolean here = args.value("--kubeconfig") == null && !args.command.equals("render");
        for (Diagnostic d : MigrationLint.forRun(result.workflow(), mode, here ? p -> Files.exists(Path.of(p)) : null)) {
            err.println(d.format());
        }
        for (Diagnostic d : NestedShellLint.check(w)) {
            err.println(d.format());
        }
        return w;
    }

    /** The run's command mode of {@code --commands}; the file's own key wins over it. */
    @edu.umd.cs.findbugs.annotations.CheckForNull
    private static CommandMode commandMode(Args args) throws Args.UsageException {
        String v = args.value("--commands");
        CommandMode mode = CommandMode.named(v);
        if (v != null && mode == null) {
            throw new Args.UsageException("--commands needs reference or shell, not '" + v + "'");
        }
        return mode;
    }

    /** The segments of the workflow, or null after printing why they would be too large. */
    private List<Segment> segments(Workflow w, Args args) {
        try {
            List<Segment> segments = Segmenter.split(w, args.flag("--merge-same-node"));
            ProgramSize.check(w.source(), segments);
            return segments;
        } catch (SegmentTooLargeException | UnsupportedCommandException e) {
            err.println(e.getMessage());
            err.println("roiergasias: 1 error; nothing was run");
            return null;
        }
    }

    private int validate(Args args) throws Args.UsageException {
        Workflow w = load(args);
        if (w == null) {
            return INVALID;
        }
        List<Segment> segments = segments(w, args);
        if (segments == null) {
            return INVALID;
        }
        err.println(w.source() + ": valid: " + w.tasks().size() + " tasks, " + w.stepCount() + " steps, "
                + segments.size() + (segments.size() == 1 ? " segment" : " segments"));
        return OK;
    }

    private int split(Args args) throws Args.UsageException {
        Workflow w = load(args);
        if (w == null) {
            return INVALID;
        }
        List<Segment> segments = segments(w, args);
        if (segments == null) {
            return INVALID;
        }
        out.print(SegmentYaml.writeAll(segments));
        return OK;
    }

    private int render(Args args) throws Args.UsageException, IOException {
        JobOptions options = jobOptions(args, PassedOptions.env(args, ownEnvironment()));
        Workflow w = load(args);
        if (w == null) {
            return INVALID;
        }
        List<Segment> segments = segments(w, args);
        if (segments == null) {
            return INVALID;
        }
        String runId = args.value("--run-id") != null ? args.value("--run-id") : RunIds.create("cli");
        String namespace = args.value("--namespace") != null ? args.value("--namespace") : "default";
        TransferSpec files = FileOptions.spec(args);
        out.print(JobRenderer.renderYaml(runId, segments, options, namespace,
                files == null ? null : PodTransfer.objectsOnly(files)::decorate));
        return OK;
    }

    private int run(Args args) throws Args.UsageException, IOException, InterruptedException {
        if (args.flag("--local") && args.value("--kubeconfig") != null) {
            throw new Args.UsageException("run takes either --local or --kubeconfig, not both");
        }
        // Without a cluster, run here, as the original `roiergasias run -f FILE` did.
        boolean local = args.value("--kubeconfig") == null;
        PassedEnv passed = PassedOptions.env(args, ownEnvironment());
        JobOptions options = local ? null : jobOptions(args, passed);
        RetryPolicy retries = retryPolicy(args, local);
        Map<String, String> environment = local ? localEnvironment(passed) : null;
        Credential credential = local ? null : kubeconfig(args);
        TransferSpec files = FileOptions.spec(args);
        Workflow w = load(args);
        if (w == null) {
            return INVALID;
        }
        List<Segment> segments = segments(w, args);
        if (segments == null) {
            return INVALID;
        }
        SecretMask mask = new SecretMask(passed.secret().values());
        ConsoleListener console = new ConsoleListener(out, err, args.flag("--verbose") || args.flag("-v"), mask);
        StepTails listener = new StepTails(console);
        Abort abort = new Abort();
        String runId = local ? null : args.value("--run-id") != null ? args.value("--run-id") : RunIds.create("cli");
        Duration limit = local ? LOCAL_ABORT_LIMIT : KubernetesRunner.abortLimit(options);
        String leftover = local ? "processes of the workflow may still run"
                : "its Job, pods or ConfigMap may be left: list them with 'roiergasias sweep --kubeconfig PATH"
                        + " --run-id " + runId + "'";
        try (ShutdownAbort shutdown = ShutdownAbort.install(abort, limit, leftover, out, err)) {
            RunReport report;
            if (local && files != null) {
                try (LocalFiles work = LocalFiles.prepare(FileOptions.workspace(args), files, listener::progress)) {
                    report = new LocalRunner(listener, localShell, java.time.Clock.systemUTC(), environment,
                                    work.workDir())
                            .afterEachSegment((segment, status) ->
                                    work.collect(segment.label(), status == SegmentStatus.SUCCEEDED))
                            .run(segments, abort);
                }
            } else if (local) {
                report = new LocalRunner(listener, localShell, java.time.Clock.systemUTC(), environment, localWorkDir)
                        .run(segments, abort);
            } else {
                ConnectionSettings connection =
                        new ConnectionSettings(null, null, false, args.value("--namespace"), credential);
                PodTransfer transfer = files == null ? null
                        : PodTransfer.prepare(FileOptions.workspace(args), files, listener::progress);
                report = new KubernetesRunner(connection, options, listener, c -> {})
                        .files(transfer)
                        .retries(retries)
                        .run(runId, segments, abort);
            }
            console.finished(report);
            int code = report.status().exitCode();
            if (args.value("--junit") != null) {
                try {
                    JunitFile.write(Path.of(args.value("--junit")), report, w.source(), listener, mask);
                } catch (IOException e) {
                    err.println("roiergasias: cannot write the JUnit report " + args.value("--junit") + ": " + e);
                    code = report.status() == RunStatus.SUCCEEDED ? INFRASTRUCTURE : code;
                }
            }
            shutdown.finished(code);
            return code;
        }
    }

    /** {@code --retries N --retry-on infrastructure|any}: for runs on a cluster, where Jobs can be retried. */
    private static RetryPolicy retryPolicy(Args args, boolean local) throws Args.UsageException {
        if (local && (args.value("--retries") != null || args.value("--retry-on") != null)) {
            throw new Args.UsageException("--retries and --retry-on retry segments on a cluster: give --kubeconfig");
        }
        try {
            return RetryPolicy.of(args.integer("--retries", 0), args.value("--retry-on"));
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(e.getMessage().replace("retryOn", "--retry-on").replace("retries", "--retries"));
        }
    }

    private Credential kubeconfig(Args args) throws Args.UsageException {
        String path = args.required("--kubeconfig", "PATH");
        try {
            return new Credential.Kubeconfig(Files.readString(Path.of(path), StandardCharsets.UTF_8),
                    args.value("--context"));
        } catch (IOException e) {
            throw new Args.UsageException("cannot read the kubeconfig " + path + ": " + e.getMessage());
        }
    }

    private JobOptions jobOptions(Args args, PassedEnv passed) throws Args.UsageException {
        JobOptions d = JobOptions.defaults();
        String template = PassedOptions.commonTemplate(args);
        if (args.flag("--restrict-templates")) {
            PassedOptions.restrictTemplates(args);
        }
        Duration segmentTimeout = args.duration("--segment-timeout", d.segmentTimeout());
        return new JobOptions(
                args.value("--image") != null ? args.value("--image") : d.image(),
                args.value("--node-label-key") != null ? args.value("--node-label-key") : d.nodeLabelKey(),
                args.integer("--backoff-limit", d.backoffLimit()),
                segmentTimeout,
                args.duration("--pending-timeout", d.pendingTimeout()),
                d.ttlSecondsAfterFinished(),
                d.terminationGracePeriodSeconds(),
                args.flag("--keep-failed") ? CleanupPolicy.KEEP_ON_FAILURE : d.cleanup(),
                template,
                java.util.Map.of("roiergasias.io/started-by", "roiergasias CLI"))
                .withNodeTemplates(PassedOptions.nodeTemplates(args))
                .withEnv(passed);
    }

    /**
     * This process's environment ({@link #localEnvironment} in tests), which {@code --env NAME} reads,
     * with the caller's locale the launcher changed for Java.
     */
    private Map<String, String> ownEnvironment() {
        return localEnvironment != null ? localEnvironment : LauncherLocale.callers(System.getenv());
    }

    /** The environment of {@code run --local}: this process's, the passed variables over it, as in a pod. */
    private Map<String, String> localEnvironment(PassedEnv passed) {
        Map<String, String> env = new java.util.HashMap<>(ownEnvironment());
        env.putAll(passed.all());
        return env;
    }

    static String version() {
        Properties p = new Properties();
        try (InputStream s = Main.class.getResourceAsStream("/io/jenkins/plugins/roiergasias/version.properties")) {
            if (s != null) {
                p.load(s);
            }
        } catch (IOException e) {
            // fall through to "unknown"
        }
        return p.getProperty("version", "unknown");
    }
}
