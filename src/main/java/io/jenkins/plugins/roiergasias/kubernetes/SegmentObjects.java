package io.jenkins.plugins.roiergasias.kubernetes;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.jenkins.plugins.roiergasias.kubernetes.connection.ApiErrors;
import io.jenkins.plugins.roiergasias.kubernetes.connection.Cluster;
import io.jenkins.plugins.roiergasias.kubernetes.connection.ClusterException;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.JobRenderer;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.Names;
import io.jenkins.plugins.roiergasias.kubernetes.secrets.SecretEnv;
import io.jenkins.plugins.roiergasias.program.ProgramGenerator;
import io.jenkins.plugins.roiergasias.segment.Segment;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Creates a segment's ConfigMap and Job (three requests: create, create, patch the ConfigMap's owner
 * reference), or finds the Job of an earlier attempt of the same run: names are stable, so a Job
 * that already exists with this run's label is the one to re-attach to, never a reason to make a
 * second one.
 */
final class SegmentObjects {
    private static final Logger LOGGER = Logger.getLogger(SegmentObjects.class.getName());

    private SegmentObjects() {}

    /** Creates the objects, or returns the existing Job of this run and segment. */
    static Job createOrFind(RunContext ctx, Segment segment, Consumer<String> progress) throws InterruptedException {
        return createOrFind(ctx, segment, 1, progress);
    }

    /**
     * Creates the objects of an attempt of the segment (the ConfigMap and Secret are the segment's,
     * re-used when an earlier attempt left them), or returns that attempt's existing Job.
     */
    static Job createOrFind(RunContext ctx, Segment segment, int attempt, Consumer<String> progress)
            throws InterruptedException {
        Cluster cluster = ctx.cluster();
        String ns = cluster.namespace();
        String name = Names.configMap(ctx.runId(), segment.index());
        String jobName = Names.job(ctx.runId(), segment.index(), attempt);
        ConfigMap cm = JobRenderer.configMap(ctx.runId(), segment, ctx.options(), ns, ProgramGenerator.generate(segment));
        Job job = JobRenderer.job(ctx.runId(), segment, ctx.options(), ns, progress);
        if (attempt > 1) {
            String number = Integer.toString(attempt);
            job.getMetadata().setName(jobName);
            job.getMetadata().getLabels().put(Names.ATTEMPT_LABEL, number);
            job.getSpec().getTemplate().getMetadata().getLabels().put(Names.ATTEMPT_LABEL, number);
        }
        if (ctx.files() != null) {
            ctx.files().decorate(cm, job);
        }
        try {
            cluster.call(ApiErrors.Op.of("create", "configmaps", name), c -> c.configMaps()
                    .inNamespace(ns)
                    .resource(cm)
                    .create());
        } catch (ClusterException e) {
            if (e.kind() != ClusterException.Kind.CONFLICT) {
                throw e;
            }
            ConfigMap existing = cluster.call(ApiErrors.Op.of("get", "configmaps", name), c -> c.configMaps()
                    .inNamespace(ns)
                    .withName(name)
                    .get());
            if (!ownedBy(existing, ctx.runId(), segment.index())) {
                throw new ClusterException(ClusterException.Kind.CONFLICT, e.code(), "the segment was not started: a ConfigMap"
                        + " named " + name + " already exists in namespace \"" + ns + "\" and does not belong to this"
                        + " run (it lacks the labels " + Names.RUN_LABEL + "=" + ctx.runId() + " and "
                        + Names.SEGMENT_LABEL + "=" + (segment.index() + 1) + "); it was left as it is. Delete or"
                        + " rename it, or start the run with another run id", e);
            }
            LOGGER.log(Level.FINE, () -> "ConfigMap " + name + " of this run exists already (an earlier attempt): re-using it");
        }
        Secret secret = SecretEnv.secret(Names.secret(ctx.runId(), segment.index()), ns,
                Names.labels(ctx.runId(), segment.index()), cm.getMetadata().getAnnotations(), ctx.options().env());
        if (secret != null) {
            createSecret(ctx, secret, name);
        }
        Job created;
        try {
            created = cluster.call(ApiErrors.Op.of("create", "jobs.batch", jobName), c -> c.batch()
                    .v1()
                    .jobs()
                    .inNamespace(ns)
                    .resource(job)
                    .create());
        } catch (ClusterException e) {
            if (e.kind() != ClusterException.Kind.CONFLICT) {
                forgetConfigMap(ctx, name);
                if (secret != null) {
                    forgetSecret(ctx, name);
                }
                throw e;
            }
            Job existing = find(ctx, jobName);
            if (!ownedBy(existing, ctx.runId(), segment.index())) {
                throw e;
            }
            progress.accept("re-attaching to the existing Job " + jobName);
            return existing;
        }
        own(ctx, name, jobName, created, new ConfigMap(), "configmaps");
        if (secret != null) {
            own(ctx, name, jobName, created, new Secret(), "secrets");
        }
        return created;
    }

    /**
     * The segment's Secret with the passed secret values. One that exists already (an earlier attempt
     * of the run, or anyone's: the Role grants no get on Secrets, so it cannot be told apart) gets
     * this run's labels and values written over it, so the pod never reads values the run did not pass.
     */
    private static void createSecret(RunContext ctx, Secret secret, String name) throws InterruptedException {
        String ns = ctx.cluster().namespace();
        try {
            ctx.cluster().call(ApiErrors.Op.of("create", "secrets", name), c -> c.secrets()
                    .inNamespace(ns)
                    .resource(secret)
                    .create());
        } catch (ClusterException e) {
            if (e.kind() != ClusterException.Kind.CONFLICT) {
                forgetConfigMap(ctx, name);
                throw e;
            }
            LOGGER.log(Level.FINE, () -> "Secret " + name + " exists already: writing this run's values over it");
            try {
                ctx.cluster().call(ApiErrors.Op.of("patch", "secrets", name), c -> c.resource(secret)
                        .inNamespace(ns)
                        .patch(PatchContext.of(PatchType.JSON_MERGE)));
            } catch (ClusterException x) {
                forgetConfigMap(ctx, name);
                throw x;
            }
        }
    }

    private static void forgetSecret(RunContext ctx, String name) throws InterruptedException {
        String ns = ctx.cluster().namespace();
        try {
            ctx.cluster().call(ApiErrors.Op.cleanup("delete", "secrets", name), c -> c.secrets()
                    .inNamespace(ns)
                    .withName(name)
                    .delete());
        } catch (ClusterException e) {
            LOGGER.log(Level.WARNING, "could not delete Secret {0}: {1}", new Object[] {name, e.getMessage()});
        }
    }

    private static OwnerReference ownerOf(String name, Job job) {
        return new OwnerReferenceBuilder()
                .withApiVersion("batch/v1")
                .withKind("Job")
                .withName(name)
                .withUid(job.getMetadata().getUid())
                .build();
    }

    /** Whether an object exists and carries the labels of this run's segment {@code index}. */
    private static boolean ownedBy(@CheckForNull HasMetadata o, String runId, int index) {
        if (o == null || o.getMetadata().getLabels() == null) {
            return false;
        }
        java.util.Map<String, String> labels = o.getMetadata().getLabels();
        return Names.MANAGER.equals(labels.get(Names.MANAGED_BY)) && runId.equals(labels.get(Names.RUN_LABEL))
                && Integer.toString(index + 1).equals(labels.get(Names.SEGMENT_LABEL));
    }

    /** The Job could not be created: its ConfigMap would be left behind, with no owner to take it along. */
    private static void forgetConfigMap(RunContext ctx, String name) throws InterruptedException {
        String ns = ctx.cluster().namespace();
        try {
            ctx.cluster().call(ApiErrors.Op.cleanup("delete", "configmaps", name), c -> c.configMaps()
                    .inNamespace(ns)
                    .withName(name)
                    .delete());
        } catch (ClusterException e) {
            LOGGER.log(Level.FINE, () -> "could not delete ConfigMap " + name + ": " + e.getMessage());
        }
    }

    /** The Job, or null when it does not exist. */
    @CheckForNull
    static Job find(RunContext ctx, String name) throws InterruptedException {
        String ns = ctx.cluster().namespace();
        return ctx.cluster().call(ApiErrors.Op.of("get", "jobs.batch", name), c -> c.batch()
                .v1()
                .jobs()
                .inNamespace(ns)
                .withName(name)
                .get());
    }

    /**
     * Makes the Job the owner of its ConfigMap (or Secret), so that deleting the Job (also by its
     * TTL) deletes them too.
     *
     * @param owned an empty ConfigMap or Secret, the patch's body
     */
    private static void own(RunContext ctx, String name, String jobName, Job job, HasMetadata owned,
            String resource) throws InterruptedException {
        String ns = ctx.cluster().namespace();
        // A merge patch of just the owner reference, sent as is (a patch by name alone would GET first).
        owned.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(ns)
                .withOwnerReferences(ownerOf(jobName, job))
                .build());
        try {
            ctx.cluster().call(ApiErrors.Op.of("patch", resource, name), c -> c.resource(owned)
                    .inNamespace(ns)
                    .patch(PatchContext.of(PatchType.JSON_MERGE)));
        } catch (ClusterException e) {
            // Not fatal: the runner deletes them itself; only the TTL clean-up would miss them.
            LOGGER.log(Level.WARNING, "could not make Job {0} the owner of its {1}: {2}",
                    new Object[] {jobName, owned.getKind(), e.getMessage()});
        }
    }
}
