package io.jenkins.plugins.roiergasias.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.JobOptions;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.Names;
import io.jenkins.plugins.roiergasias.kubernetes.transfer.LocalContainer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Plays the cluster's moving parts for the mock API server: the job controller (a pod per Job,
 * retries up to backoffLimit, Job conditions), the scheduler (nodeSelector against two fake nodes),
 * the kubelet (runs the pod's real program from its ConfigMap with {@code /bin/sh}, keeps the log,
 * writes the termination message) and the garbage collector (a deleted Job takes its pods and owned
 * ConfigMaps; a deleted pod's program gets SIGTERM).
 */
final class FakeKubelet implements AutoCloseable {
    /** What happens to a Job's pods. */
    enum Behaviour { RUN, IMAGE_PULL_BACKOFF, CONFIG_ERROR, OOM, EVICTED, DEADLINE }

    private final FakeCluster cluster;
    private final KubernetesClient admin;
    private final ExecutorService exec = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-kubelet");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Process> processes = new ConcurrentHashMap<>();
    private final Map<String, Runnable> pendingEnd = new ConcurrentHashMap<>();
    private final java.util.Set<String> pods = ConcurrentHashMap.newKeySet();
    private final Path dir;
    private final Watch jobWatch;
    final Map<String, Map<String, String>> nodes = new LinkedHashMap<>();

    volatile Function<Job, Behaviour> behaviour = j -> Behaviour.RUN;
    /** End the pod only after its whole log was served once (as a follow stream ends with the container). */
    volatile boolean endAfterLogServed = true;
    volatile Supplier<Supplier<Instant>> clocks = () -> Instant::now;
    volatile Consumer<PodLog> logSetup = l -> {};
    /** Called with the pod's name and System.nanoTime() just before its terminal status is written. */
    volatile java.util.function.ObjLongConsumer<String> beforeTerminalWrite = (p, t) -> {};
    /** Called with the pod's name and how long its program ran, in nanoseconds. */
    volatile java.util.function.ObjLongConsumer<String> programRan = (p, t) -> {};

    /** Extra environment of the pods' processes (e.g. a PATH without tar). */
    volatile Map<String, String> environment = Map.of();

    /** The local directory that plays a pod's work directory (emptyDir) when its Job transfers files. */
    Path workDir(String pod) {
        return dir.resolve(pod + "-work");
    }

    FakeKubelet(FakeCluster cluster) throws IOException {
        this.cluster = cluster;
        this.admin = cluster.admin;
        this.dir = Files.createTempDirectory("fake-kubelet");
        nodes.put("node1", Map.of(JobOptions.DEFAULT_NODE_LABEL_KEY, "node1"));
        nodes.put("node2", Map.of(JobOptions.DEFAULT_NODE_LABEL_KEY, "node2"));
        jobWatch = admin.batch().v1().jobs().inNamespace(FakeCluster.NAMESPACE).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Job job) {
                if (action == Action.ADDED) {
                    exec.submit(() -> startPod(job, 1));
                } else if (action == Action.DELETED) {
                    exec.submit(() -> collect(job.getMetadata().getName()));
                }
            }

            @Override
            public void onClose(WatcherException cause) {}
        });
    }

    /** Creates the Job's pod for attempt {@code attempt}, schedules it, and starts it. */
    Pod startPod(Job job, int attempt) {
        String jobName = job.getMetadata().getName();
        String name = jobName + "-" + suffix();
        Map<String, String> labels = new LinkedHashMap<>(job.getSpec().getTemplate().getMetadata().getLabels());
        labels.put("job-name", jobName);
        labels.put("controller-uid", String.valueOf(job.getMetadata().getUid()));
        Pod pod = new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(FakeCluster.NAMESPACE).withLabels(labels)
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
                        .withName(jobName).withUid(job.getMetadata().getUid()).withController(true).build())
                .endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec())
                .build();
        String node = schedule(pod.getSpec().getNodeSelector());
        if (node != null) {
            pod.getSpec().setNodeName(node);
        }
        admin.pods().inNamespace(FakeCluster.NAMESPACE).resource(pod).create();
        pods.add(name);
        if (node == null) {
            status(name, s -> {
                s.setPhase("Pending");
                s.setConditions(List.of(new PodConditionBuilder().withType("PodScheduled").withStatus("False")
                        .withReason("Unschedulable").withMessage("0/" + nodes.size() + " nodes are available: "
                                + nodes.size() + " node(s) didn't match node selector.").build()));
            });
            return pod;
        }
        Behaviour b = behaviour.apply(job);
        switch (b) {
            case IMAGE_PULL_BACKOFF -> waiting(name, "ImagePullBackOff",
                    "Back-off pulling image \"" + pod.getSpec().getContainers().get(0).getImage() + "\"");
            case CONFIG_ERROR -> waiting(name, "CreateContainerConfigError", "secret \"db-password\" not found");
            case OOM -> end(job, attempt, name, 137, "OOMKilled", null);
            case EVICTED -> {
                status(name, s -> {
                    s.setPhase("Failed");
                    s.setReason("Evicted");
                    s.setMessage("The node was low on resource: memory.");
                });
                afterPod(job, attempt, 1);
            }
            case RUN, DEADLINE -> run(job, attempt, name, b == Behaviour.DEADLINE);
        }
        return pod;
    }

    private void run(Job job, int attempt, String pod, boolean deadline) {
        try {
            ConfigMap cm = admin.configMaps().inNamespace(FakeCluster.NAMESPACE).withName(configMapOf(job)).get();
            Path program = dir.resolve(pod + ".sh");
            Path statusFile = dir.resolve(pod + ".status");
            Files.writeString(program, cm.getData().get(Names.PROGRAM_KEY));
            PodLog log = new PodLog(clocks.get());
            logSetup.accept(log);
            long started = System.nanoTime();
            Map<String, String> env = containerEnv(job);
            if (env == null) {
                waiting(pod, "CreateContainerConfigError", "secret \"" + job.getMetadata().getName() + "\" not found");
                return;
            }
            List<String> command = LocalContainer.command(cm, job, program, statusFile, workDir(pod));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("HOSTNAME", pod); // a pod's host name is its name
            pb.environment().putAll(env);
            pb.environment().putAll(environment);
            Process p = pb.start();
            p.onExit().thenRun(() -> programRan.accept(pod, System.nanoTime() - started));
            processes.put(pod, p);
            cluster.logs.put(pod, log);
            status(pod, s -> {
                s.setPhase("Running");
                s.setContainerStatuses(List.of(new ContainerStatusBuilder().withName(Names.CONTAINER).withReady(true)
                        .withState(new ContainerStateBuilder().withNewRunning().withStartedAt(Instant.now().toString())
                                .endRunning().build()).build()));
            });
            if (deadline) {
                edit(job.getMetadata().getName(), j -> j.getStatus().setConditions(List.of(new JobConditionBuilder()
                        .withType("Failed").withStatus("True").withReason("DeadlineExceeded")
                        .withMessage("Job was active longer than specified deadline").build())));
                kill(pod);
            }
            exec.submit(() -> pump(job, attempt, pod, p, log, statusFile));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The ConfigMap the pod mounts (a retry's Job mounts its segment's). */
    private static String configMapOf(Job job) {
        return job.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> Names.VOLUME.equals(v.getName()) && v.getConfigMap() != null)
                .map(v -> v.getConfigMap().getName())
                .findFirst()
                .orElse(job.getMetadata().getName());
    }

    /**
     * A user deletes a running pod ({@code kubectl delete pod}): its program gets SIGTERM and the object
     * goes. Then the job controller either counts it as failed (with backoffLimit 0 the Job fails, as
     * with job tracking finalizers) or, as Kubernetes 1.20 does, replaces it with a new pod.
     */
    void deleteRunning(String pod, boolean replace) {
        Pod p = admin.pods().inNamespace(FakeCluster.NAMESPACE).withName(pod).get();
        String jobName = p.getMetadata().getLabels().get("job-name");
        Job job = admin.batch().v1().jobs().inNamespace(FakeCluster.NAMESPACE).withName(jobName).get();
        kill(pod);
        if (replace) {
            startPod(job, 1);
        } else {
            afterPod(job, 1, 143);
        }
    }

    /** The container's env as the kubelet makes it: values, and secretKeyRefs read from their Secret; null when one is missing. */
    private Map<String, String> containerEnv(Job job) {
        Map<String, String> env = new LinkedHashMap<>();
        var container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        if (container.getEnv() == null) {
            return env;
        }
        for (var v : container.getEnv()) {
            if (v.getValueFrom() == null) {
                env.put(v.getName(), v.getValue());
                continue;
            }
            var ref = v.getValueFrom().getSecretKeyRef();
            var secret = admin.secrets().inNamespace(FakeCluster.NAMESPACE).withName(ref.getName()).get();
            if (secret == null) {
                return null;
            }
            String value = secret.getStringData() != null ? secret.getStringData().get(ref.getKey()) : null;
            if (value == null && secret.getData() != null && secret.getData().get(ref.getKey()) != null) {
                value = new String(java.util.Base64.getDecoder().decode(secret.getData().get(ref.getKey())),
                        StandardCharsets.UTF_8);
            }
            env.put(v.getName(), value);
        }
        return env;
    }

    private void pump(Job job, int attempt, String pod, Process p, PodLog log, Path statusFile) {
        try (InputStream in = p.getInputStream()) {
            StringBuilder line = new StringBuilder();
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    log.append(bytes.toString(StandardCharsets.UTF_8), true);
                    bytes.reset();
                } else {
                    bytes.write(b);
                }
            }
            if (bytes.size() > 0) {
                log.append(bytes.toString(StandardCharsets.UTF_8), false);
            }
            int exit = p.waitFor();
            log.complete();
            if (!processes.containsKey(pod)) {
                return; // deleted: nobody reports on it any more
            }
            String message = Files.exists(statusFile) ? Files.readString(statusFile) : null;
            Runnable ending = () -> end(job, attempt, pod, exit, exit == 0 ? "Completed" : "Error", message);
            if (endAfterLogServed && !log.servedWhole()) {
                pendingEnd.put(pod, ending);
                if (log.servedWhole() && pendingEnd.remove(pod) != null) {
                    ending.run();
                }
            } else {
                ending.run();
            }
        } catch (IOException | InterruptedException e) {
            // the pod was deleted
        }
    }

    boolean exists(String pod) {
        return pods.contains(pod);
    }

    /** Called after a log answer: a pod waiting for its log to be read ends now. */
    void served(String pod) {
        PodLog log = cluster.logs.get(pod);
        if (log != null && log.servedWhole()) {
            Runnable r = pendingEnd.remove(pod);
            if (r != null) {
                exec.submit(r);
            }
        }
    }

    private void end(Job job, int attempt, String pod, int exit, String reason, String message) {
        beforeTerminalWrite.accept(pod, System.nanoTime());
        status(pod, s -> {
            s.setPhase(exit == 0 ? "Succeeded" : "Failed");
            s.setContainerStatuses(List.of(new ContainerStatusBuilder().withName(Names.CONTAINER)
                    .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(exit).withReason(reason)
                            .withMessage(message).withFinishedAt(Instant.now().toString()).endTerminated().build())
                    .build()));
        });
        afterPod(job, attempt, exit);
    }

    /** The job controller's part after a pod ended: complete, fail, or try again. */
    private void afterPod(Job job, int attempt, int exit) {
        String name = job.getMetadata().getName();
        if (exit == 0) {
            edit(name, j -> {
                j.getStatus().setSucceeded(1);
                j.getStatus().setConditions(List.of(new JobConditionBuilder().withType("Complete").withStatus("True").build()));
            });
        } else if (attempt > job.getSpec().getBackoffLimit()) {
            edit(name, j -> {
                j.getStatus().setFailed(attempt);
                j.getStatus().setConditions(List.of(new JobConditionBuilder().withType("Failed").withStatus("True")
                        .withReason("BackoffLimitExceeded").withMessage("Job has reached the specified backoff limit")
                        .build()));
            });
        } else if (admin.batch().v1().jobs().inNamespace(FakeCluster.NAMESPACE).withName(name).get() != null) {
            startPod(job, attempt + 1);
        }
    }

    private void waiting(String pod, String reason, String message) {
        status(pod, s -> s.setContainerStatuses(List.of(new ContainerStatusBuilder().withName(Names.CONTAINER)
                .withState(new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message)
                        .endWaiting().build()).build())));
    }

    private void status(String pod, Consumer<PodStatus> change) {
        try {
            admin.pods().inNamespace(FakeCluster.NAMESPACE).withName(pod).editStatus(p -> {
                if (p.getStatus() == null) {
                    p.setStatus(new PodStatus());
                }
                change.accept(p.getStatus());
                return p;
            });
        } catch (RuntimeException e) {
            // deleted meanwhile
        }
    }

    private void edit(String job, Consumer<Job> change) {
        try {
            admin.batch().v1().jobs().inNamespace(FakeCluster.NAMESPACE).withName(job).editStatus(j -> {
                if (j.getStatus() == null) {
                    j.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.JobStatus());
                }
                change.accept(j);
                return j;
            });
        } catch (RuntimeException e) {
            // deleted meanwhile: the runner saw the pod end and cleaned up first
        }
    }

    /** The garbage collector after a Job was deleted: its pods (their programs get SIGTERM), owned ConfigMaps and Secrets. */
    private void collect(String job) {
        for (Pod p : admin.pods().inNamespace(FakeCluster.NAMESPACE).withLabel("job-name", job).list().getItems()) {
            kill(p.getMetadata().getName());
        }
        for (ConfigMap cm : admin.configMaps().inNamespace(FakeCluster.NAMESPACE).list().getItems()) {
            if (cm.getMetadata().getOwnerReferences() != null && cm.getMetadata().getOwnerReferences().stream()
                    .anyMatch(o -> o.getName().equals(job))) {
                admin.configMaps().inNamespace(FakeCluster.NAMESPACE).withName(cm.getMetadata().getName()).delete();
            }
        }
        for (var secret : admin.secrets().inNamespace(FakeCluster.NAMESPACE).list().getItems()) {
            if (secret.getMetadata().getOwnerReferences() != null && secret.getMetadata().getOwnerReferences().stream()
                    .anyMatch(o -> o.getName().equals(job))) {
                admin.secrets().inNamespace(FakeCluster.NAMESPACE).withName(secret.getMetadata().getName()).delete();
            }
        }
    }

    /** Deletes a pod as the kubelet would: SIGTERM to its program, wait for it, then the object goes. */
    void kill(String pod) {
        Process p = processes.remove(pod);
        if (p != null) {
            p.destroy();
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        pendingEnd.remove(pod);
        pods.remove(pod);
        admin.pods().inNamespace(FakeCluster.NAMESPACE).withName(pod).delete();
    }

    private String schedule(Map<String, String> selector) {
        for (Map.Entry<String, Map<String, String>> n : nodes.entrySet()) {
            if (selector == null || n.getValue().entrySet().containsAll(selector.entrySet())) {
                return n.getKey();
            }
        }
        return null;
    }

    private static String suffix() {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            s.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return s.toString();
    }

    @Override
    public void close() {
        jobWatch.close();
        processes.values().forEach(Process::destroyForcibly);
        exec.shutdownNow();
    }
}
