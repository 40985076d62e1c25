package io.jenkins.plugins.roiergasias.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.roiergasias.kubernetes.cleanup.Leftovers;
import io.jenkins.plugins.roiergasias.kubernetes.cleanup.RunObjects;
import io.jenkins.plugins.roiergasias.kubernetes.connection.ConnectionSettings;
import io.jenkins.plugins.roiergasias.kubernetes.connection.Credential;
import io.jenkins.plugins.roiergasias.kubernetes.connection.KubernetesClients;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code sweep}: lists (by default) or deletes ({@code --delete}) the Jobs and ConfigMaps that runs
 * left in a namespace, found by the runs' own labels. Standard output gets one object per line
 * ({@code job/NAME}, {@code configmap/NAME}); standard error says which run each belongs to.
 */
final class SweepCommand {
    /** Without {@code --run-id}, only runs whose newest object is older than this are swept. */
    static final Duration DEFAULT_AGE = Duration.ofHours(1);

    private final PrintStream out;
    private final PrintStream err;

    SweepCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(Args args, Credential credential) throws Args.UsageException {
        String runId = args.value("--run-id");
        // One named run is swept whatever its age, unless an age is given too.
        Duration age = runId != null && args.value("--older-than") == null
                ? Duration.ZERO : args.duration("--older-than", DEFAULT_AGE);
        boolean delete = args.flag("--delete");
        Instant now = Instant.now();
        ConnectionSettings settings = new ConnectionSettings(null, null, false, args.value("--namespace"), credential);
        try (KubernetesClient client = KubernetesClients.create(settings)) {
            String ns = client.getNamespace();
            List<RunObjects> runs = Leftovers.find(client, ns).stream()
                    .filter(r -> runId == null || r.runId().equals(runId))
                    .filter(r -> age.isZero() || r.olderThan(age, now))
                    .toList();
            int objects = 0;
            for (RunObjects run : runs) {
                List<String> listed = delete ? Leftovers.delete(client, ns, run) : run.objects();
                listed.forEach(out::println);
                objects += listed.size();
                err.println("roiergasias: run " + run.runId() + " (" + startedBy(run) + ", newest object "
                        + (run.newest() == null ? "of unknown age" : human(Duration.between(run.newest(), now)) + " old") + "): " + String.join(", ", listed));
            }
            String which = (runId != null ? "of run " + runId : "of runs") + (age.isZero() ? ""
                    : " older than " + human(age)) + " in namespace " + ns;
            err.println("roiergasias: " + objects + (objects == 1 ? " object " : " objects ") + which
                    + (delete ? " deleted" : " would be deleted; run again with --delete to delete them")
                    + "; their pods go with the Jobs");
            return Main.OK;
        } catch (RuntimeException e) {
            err.println("roiergasias: sweep failed: " + e.getMessage());
            return Main.INFRASTRUCTURE;
        }
    }

    /** {@code 45 s}, {@code 12 min}, {@code 3 h}. */
    private static String human(Duration d) {
        if (d.toSeconds() < 120) {
            return Math.max(0, d.toSeconds()) + " s";
        }
        return d.toMinutes() < 120 ? d.toMinutes() + " min" : d.toHours() + " h";
    }

    private static String startedBy(RunObjects run) {
        if (run.build() != null) {
            return "Jenkins build " + run.build();
        }
        String by = run.annotations().get("roiergasias.io/started-by");
        return by != null ? "started by " + by : "started by an unknown caller";
    }
}
