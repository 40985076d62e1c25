package io.jenkins.plugins.roiergasias.jenkins;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.Extension;
import hudson.Util;
import hudson.model.AsyncPeriodicWork;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.roiergasias.kubernetes.cleanup.BuildOrphans.BuildState;
import io.jenkins.plugins.roiergasias.kubernetes.cleanup.BuildOrphans;
import io.jenkins.plugins.roiergasias.kubernetes.cleanup.Leftovers;
import io.jenkins.plugins.roiergasias.kubernetes.cleanup.RunObjects;
import io.jenkins.plugins.roiergasias.kubernetes.connection.ConnectionSettings;
import io.jenkins.plugins.roiergasias.kubernetes.connection.KubernetesClients;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jenkins.model.Jenkins;

/**
 * Deletes the Jobs and ConfigMaps of runs whose build no longer runs (Jenkins crashed or was killed
 * during an abort), in the namespace of every configured cluster: a minute after start-up, then
 * every 15 minutes. Which runs go is the engine's choice ({@link BuildOrphans}); this class only
 * supplies the configuration and the state of builds. Clusters and namespaces set on a single step
 * are not swept (the CLI's {@code sweep} does it).
 */
@Extension
public class OrphanSweep extends AsyncPeriodicWork {
    /**
     * A build that ended this recently may still be deleting its own objects: minutes, system
     * property {@code io.jenkins.plugins.roiergasias.jenkins.OrphanSweep.minAgeMinutes} (default 10),
     * read at every sweep.
     */
    static Duration minAge() {
        return Duration.ofMinutes(Math.max(0, Long.getLong(OrphanSweep.class.getName() + ".minAgeMinutes", 10)));
    }

    public OrphanSweep() {
        super("roiergasias orphan sweep");
    }

    @Override
    public long getRecurrencePeriod() {
        return TimeUnit.MINUTES.toMillis(15);
    }

    @Override
    public long getInitialDelay() {
        return TimeUnit.MINUTES.toMillis(1);
    }

    @Override
    protected void execute(TaskListener listener) throws IOException, InterruptedException {
        for (ClusterConfig cluster : RoiergasiasConfiguration.get().getClusters()) {
            sweep(cluster, listener);
        }
    }

    /** Sweeps one cluster; a cluster that cannot be reached does not keep the others from being swept. */
    private static void sweep(ClusterConfig cluster, TaskListener listener) throws IOException, InterruptedException {
        String id = Util.fixEmptyAndTrim(cluster.getCredentialsId());
        if (id == null) {
            return; // no credential of its own: only steps with their own credential use it
        }
        StandardCredentials c = KubernetesCredentials.global(id);
        if (c == null) {
            listener.getLogger().println("cluster " + cluster.getName() + ": credential " + id + " not found;"
                    + " nothing swept");
            return;
        }
        ConnectionSettings settings = new ConnectionSettings(Util.fixEmptyAndTrim(cluster.getServerUrl()),
                Util.fixEmptyAndTrim(cluster.getCaCertificate()), cluster.isSkipTlsVerify(),
                Util.fixEmptyAndTrim(cluster.getNamespace()), KubernetesCredentials.convert(c));
        try (KubernetesClient client = KubernetesClients.create(settings)) {
            String ns = client.getNamespace();
            List<RunObjects> orphans = BuildOrphans.select(Leftovers.find(client, ns), Jenkins.get().getRootUrl(),
                    OrphanSweep::state, minAge(), Instant.now());
            for (RunObjects run : orphans) {
                listener.getLogger().println("cluster " + cluster.getName() + ": run " + run.runId() + " of "
                        + run.build() + " in namespace " + ns + ": deleted " + Leftovers.delete(client, ns, run));
            }
        } catch (RuntimeException e) {
            listener.getLogger().println("cluster " + cluster.getName() + ": sweep failed: " + e.getMessage());
        }
    }

    private static BuildState state(String externalizableId) {
        Run<?, ?> run = Run.fromExternalizableId(externalizableId);
        if (run == null) {
            return BuildState.GONE;
        }
        return run.isBuilding() ? BuildState.RUNNING : BuildState.FINISHED;
    }
}
