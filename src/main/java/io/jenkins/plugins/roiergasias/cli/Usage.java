package io.jenkins.plugins.roiergasias.cli;

/** The text of {@code roiergasias --help}. */
final class Usage {
    static final String TEXT = """
            Usage: roiergasias <command> [options]

            Run a roiergasias workflow (format version 0.1) here or on Kubernetes.

            Commands:
              validate -f FILE          Check the file; problems are printed as FILE:LINE:COLUMN: error: ...
              split -f FILE             Print the segments (one Kubernetes Job each) as YAML documents.
              render -f FILE            Print the ConfigMaps and Jobs that 'run' would create; nothing is sent.
              run -f FILE               Run the workflow on this machine with /bin/sh (--local may be given).
              run -f FILE --kubeconfig PATH
                                        Run each segment as a Kubernetes Job and stream its log.
              sweep --kubeconfig PATH   List the Jobs and ConfigMaps that runs left behind (those whose
                                        newest object is older than --older-than, default 1h, or those
                                        of --run-id ID); --delete deletes them (their pods go along).
              version                   Print the version.
              help, --help, -h          Print this text.

            Options:
              -f, --file FILE           The workflow file; - reads standard input.
              --commands MODE           How execute commands run unless the file says (x-roiergasias-commands):
                                        shell (default, /bin/sh -c) or reference (as the original engine:
                                        split on single spaces, no shell).
              --merge-same-node         Run consecutive tasks on the same node as one segment.
              -v, --verbose             Also print step starts and ends on standard error.
              --junit FILE              Write the step results as JUnit XML (run): a test suite per
                                        segment, a test case per step, the last lines of a failed step.
              --env NAME[=VALUE]        Pass a variable to the workflow (its process environment); without
                                        a value, this process's variable. Repeatable; run and render.
              --secret-env NAME         Pass this process's variable NAME as a secret: on a cluster only
                                        through a Secret per segment. Repeatable; run and render.
            Files (run; with --local the work directory is a fresh temporary directory):
              --inputs GLOBS            Workspace files copied into every segment's work directory,
                                        comma-separated Ant-style globs: 'src/**, data/*.csv'.
              --outputs GLOBS           Files the steps write, copied back into the workspace after
                                        each segment and into the work directory of later segments.
              --excludes GLOBS          Files left out of inputs and outputs.
              --workspace DIR           Where inputs come from and outputs go (default: .).
              --work-dir PATH           The work directory in the pods (default: /workspace).
              --max-transfer-size SIZE  The most one segment moves in or out (default: 2G).
            Kubernetes options (render and run):
              --kubeconfig PATH         Cluster, user and namespace to use (run only).
              --context NAME            The kubeconfig context (default: its current context).
              --namespace NAME          Where Jobs run (default: the context's namespace, else default).
              --image IMAGE             Container image with /bin/sh (default: busybox:1.36).
              --job-template FILE       A Job or Pod template (YAML) merged into every Job.
              --job-template NODE=FILE  A template merged on top of it for the segments pinned to NODE.
              --restrict-templates      Refuse templates that give the pod rights on the node or the API
                                        server, as Jenkins does for a pipeline's templates (privileged,
                                        hostPath, hostPID, serviceAccountName, ...).
              --node-label-key KEY      Node label that pins segments (default: node.roiergasias).
              --backoff-limit N         Pod retries per Job (default: 0).
              --segment-timeout DUR     Time limit of one segment, e.g. 90s, 15m, 2h (default: 1h).
              --pending-timeout DUR     How long a pod may stay Pending (default: 5m).
              --keep-failed             Keep the Job and ConfigMap of a failed segment for inspection.
              --retries N               Run a failed segment again, up to N times (0-10, default 0), each
                                        time as a new Job (RUN-s2-r1, ...), after 10 s, 20 s, 40 s, ...
              --retry-on WHAT           Which failures: infrastructure (default: evicted or deleted pod,
                                        lost node, image pull error) or any (a failed step too).
              --run-id ID               Name prefix of the objects (default: a new random id); for
                                        sweep, the run to sweep whatever its age.
            Sweep options:
              --older-than DUR          Sweep runs whose newest object is older than this (default: 1h).
              --delete                  Delete what would be swept (without it, sweep only lists).

            Standard output carries only what the workflow prints; progress and errors go to
            standard error.
            Exit codes: 0 success, 1 a step failed, 2 the workflow file is invalid (nothing ran),
            3 usage error, 4 cluster or infrastructure error (connection, permissions, timeout, abort).
            """;

    private Usage() {}
}
