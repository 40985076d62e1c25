package io.jenkins.plugins.roiergasias.jenkins;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.jenkins.plugins.roiergasias.kubernetes.transfer.LocalContainer;
import io.jenkins.plugins.roiergasias.kubernetes.transfer.LocalPodExec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes API server (fabric8's mock, CRUD mode) plus a test kubelet: for every Job it reads
 * the segment's program from the Job's ConfigMap, runs it here with {@code /bin/sh} as the pod
 * would, then creates the Job's pod already ended (its log, exit code and termination message
 * set) and marks the Job complete or failed. {@link #hold()} keeps new Jobs pending (no pod) until
 * {@link #release()}, for restart and abort tests. The log endpoint, which CRUD mode lacks, is
 * served from what the programs printed, with timestamps as the real one.
 *
 * <p>A Job that moves files (inputs, outputs) runs the transfer wrapper instead, with a local
 * directory playing the pod's work directory: its pod is Running while the wrapper waits for the
 * runner's files and runs the program, and ends when the wrapper does. The runner's commands in the
 * pod (pods/exec, which the mock cannot serve) go to {@link #podExec}, which runs them in the same
 * local directory.
 */
final class FakeCluster implements AutoCloseable {
    static final String NAMESPACE = "ci";
    private static final Pattern LOG = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/log(\\?.*)?");

    private final KubernetesMockServer server;
    private final NamespacedKubernetesClient client;
    private final Map<String, String> logs = new ConcurrentHashMap<>();
    private final Set<String> ran = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    private final List<String> createdJobs = new ArrayList<>();
    private final Map<String, String> env = new ConcurrentHashMap<>();
    private final ScheduledExecutorService kubelet = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fake kubelet");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService containers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake container");
        t.setDaemon(true);
        return t;
    });
    /** The wrappers of the pods of Jobs that move files, while they run. */
    private final Map<String, Process> running = new ConcurrentHashMap<>();
    /** The local directories that play the pods' work directories, by pod. */
    private final Map<String, Path> workDirs = new ConcurrentHashMap<>();
    private final List<Path> dirs = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean holding;
    /** The ConfigMaps and Jobs of the namespace as JSON, taken each time a pod starts. */
    final List<String> seenWhileRunning = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The Authorization headers of the permission checks (SelfSubjectAccessReviews) the server answered. */
    final List<String> accessReviewsBy = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The Secrets pods took variables from, with their owners. */
    final List<String> secretsSeen = new java.util.concurrent.CopyOnWriteArrayList<>();

    FakeCluster() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMixedDispatcher crud = new KubernetesMixedDispatcher(responses);
        Dispatcher dispatcher = new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (request.getPath().contains("/selfsubjectaccessreviews")) {
                    return allowEverything(request);
                }
                Matcher m = LOG.matcher(request.getPath());
                if ("GET".equals(request.getMethod()) && m.matches()) {
                    return new MockResponse().setResponseCode(200).setBody(logs.getOrDefault(m.group(2), ""));
                }
                return crud.dispatch(request);
            }
        };
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, dispatcher, false);
        server.init();
        client = server.createClient();
        kubelet.scheduleWithFixedDelay(this::tick, 50, 50, TimeUnit.MILLISECONDS);
    }

    /**
     * Grants every permission a client asks about, as RBAC would for an account bound to the
     * plugin's Role, and remembers who asked (the Authorization header).
     */
    private MockResponse allowEverything(RecordedRequest request) {
        accessReviewsBy.add(String.valueOf(request.getHeader("Authorization")));
        SelfSubjectAccessReview review = Serialization.unmarshal(request.getUtf8Body(), SelfSubjectAccessReview.class);
        review.setStatus(new SubjectAccessReviewStatus(true, false, null, null));
        return new MockResponse().setResponseCode(201).setBody(Serialization.asJson(review));
    }

    /** The API server's URL, for the plugin's serverUrl. */
    String url() {
        return client.getMasterUrl().toString();
    }

    NamespacedKubernetesClient client() {
        return client;
    }

    /** An environment variable of every pod, as a Secret referenced by the job template would give. */
    void podEnv(String name, String value) {
        env.put(name, value);
    }

    /** Keeps new Jobs pending: no pod is made for them until {@link #release()}. */
    void hold() {
        holding = true;
    }

    void release() {
        holding = false;
    }

    /**
     * pods/exec for the runner: the commands run here, in the local directory that plays the pod's
     * work directory {@code workDir}.
     */
    LocalPodExec podExec(String workDir) {
        return new LocalPodExec(pod -> {
            Path local = workDirs.get(pod);
            if (local == null) {
                throw new IllegalStateException("no pod " + pod + " that moves files");
            }
            return local;
        }, workDir);
    }

    /** Names of the Jobs that exist now. */
    List<String> jobs() {
        return client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems().stream()
                .map(j -> j.getMetadata().getName())
                .toList();
    }

    /** Every Job name ever seen, in order of creation, repeats included (a re-created Job shows twice). */
    synchronized List<String> createdJobs() {
        return List.copyOf(createdJobs);
    }

    List<String> secrets() {
        return client.secrets().inNamespace(NAMESPACE).list().getItems().stream()
                .map(c -> c.getMetadata().getName())
                .toList();
    }

    List<String> configMaps() {
        return client.configMaps().inNamespace(NAMESPACE).list().getItems().stream()
                .map(c -> c.getMetadata().getName())
                .toList();
    }

    /** Waits for a condition with a deadline, never a fixed sleep. */
    static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private void tick() {
        try {
            for (Job job : client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems()) {
                String uid = job.getMetadata().getUid() + "/" + job.getMetadata().getName();
                synchronized (this) {
                    if (!createdJobs.contains(uid)) {
                        createdJobs.add(uid);
                    }
                }
                // like a real cluster, a pod comes a moment after its Job (the runner is watching by then)
                long first = seen.computeIfAbsent(uid, k -> System.nanoTime());
                if (holding || System.nanoTime() - first < TimeUnit.MILLISECONDS.toNanos(500) || !ran.add(uid)) {
                    continue;
                }
                run(job);
            }
        } catch (Exception e) {
            // the next tick tries again; tests see the effect, or time out with their own message
            e.printStackTrace();
        }
    }

    private void run(Job job) throws Exception {
        String jobName = job.getMetadata().getName();
        String cmName = null;
        for (Volume v : job.getSpec().getTemplate().getSpec().getVolumes()) {
            if (v.getConfigMap() != null) {
                cmName = v.getConfigMap().getName();
            }
        }
        ConfigMap cm = client.configMaps().inNamespace(NAMESPACE).withName(cmName).get();
        String program = cm.getData().get("program.sh");
        Path dir = Files.createTempDirectory("fake-pod");
        dirs.add(dir);
        Path file = dir.resolve("program.sh");
        Path status = dir.resolve("termination-log");
        Files.writeString(file, program, StandardCharsets.UTF_8);
        String podName = jobName + "-" + Integer.toHexString(jobName.hashCode() & 0xfffff);
        ProcessBuilder pb = new ProcessBuilder(LocalContainer.command(cm, job, file, status, dir.resolve("work")))
                .redirectErrorStream(true);
        // what a user could read in the namespace while the pod runs, Secrets aside
        seenWhileRunning.add(Serialization.asJson(client.configMaps().inNamespace(NAMESPACE).list())
                + Serialization.asJson(client.batch().v1().jobs().inNamespace(NAMESPACE).list()));
        for (EnvVar e : job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
            if (e.getValue() != null) {
                pb.environment().put(e.getName(), e.getValue());
            } else if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                var ref = e.getValueFrom().getSecretKeyRef();
                Secret secret = client.secrets().inNamespace(NAMESPACE).withName(ref.getName()).get();
                secretsSeen.add(ref.getName() + " owned by " + (secret.getMetadata().getOwnerReferences() == null
                        ? "nobody" : secret.getMetadata().getOwnerReferences().stream()
                                .map(o -> o.getKind() + " " + o.getName()).toList()));
                pb.environment().put(e.getName(), secret.getStringData() != null
                        ? secret.getStringData().get(ref.getKey())
                        : new String(Base64.getDecoder().decode(secret.getData().get(ref.getKey())),
                                StandardCharsets.UTF_8));
            }
        }
        pb.environment().putAll(env);
        Instant t = Instant.now();
        if (!LocalContainer.transfers(cm)) {
            // the program runs to its end before the pod shows, already ended
            Process p = pb.start();
            String log = read(p, t, text -> {});
            logs.put(podName, log);
            create(job, podName);
            end(job, podName, p.waitFor(), status, t);
            return;
        }
        // The wrapper waits for the runner's files (pods/exec, played by LocalPodExec in the work
        // directory): the pod runs meanwhile, its log served as it grows.
        workDirs.put(podName, dir.resolve("work"));
        logs.put(podName, "");
        create(job, podName);
        Pod pod = client.pods().inNamespace(NAMESPACE).withName(podName).get();
        pod.setStatus(new PodStatusBuilder()
                .withPhase("Running")
                .addNewContainerStatus()
                .withName(job.getSpec().getTemplate().getSpec().getContainers().get(0).getName())
                .withReady(true)
                .withNewState()
                .withNewRunning()
                .withStartedAt(t.toString())
                .endRunning()
                .endState()
                .endContainerStatus()
                .build());
        client.pods().inNamespace(NAMESPACE).resource(pod).updateStatus();
        Process p = pb.start();
        running.put(podName, p);
        containers.submit(() -> {
            try {
                read(p, t, log -> logs.put(podName, log));
                int exit = p.waitFor();
                if (running.remove(podName) != null) {
                    end(job, podName, exit, status, t);
                }
            } catch (Exception e) {
                e.printStackTrace(); // the test times out with its own message
            }
        });
    }

    /** The program's output as the log endpoint serves it, with timestamps; {@code growing} gets it after each line. */
    private static String read(Process p, Instant t, Consumer<String> growing) throws IOException {
        StringBuilder log = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            int i = 0;
            while ((line = r.readLine()) != null) {
                log.append(t.plusNanos(1000L * i++)).append(' ').append(line).append('\n');
                growing.accept(log.toString());
            }
        }
        return log.toString();
    }

    private void create(Job job, String podName) {
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withName(podName)
                .withNamespace(NAMESPACE)
                .withLabels(job.getSpec().getTemplate().getMetadata().getLabels())
                .endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec())
                .build();
        client.pods().inNamespace(NAMESPACE).resource(pod).create();
    }

    /** The container ended: the pod with its exit code and termination message, then the Job complete or failed. */
    private void end(Job job, String podName, int exit, Path status, Instant t) throws IOException {
        String jobName = job.getMetadata().getName();
        String message = Files.exists(status) ? Files.readString(status) : "";
        Pod pod = client.pods().inNamespace(NAMESPACE).withName(podName).get();
        Job done = client.batch().v1().jobs().inNamespace(NAMESPACE).withName(jobName).get();
        if (pod == null || done == null) {
            return; // deleted while it ran (an abort): nobody reports on it any more
        }
        pod.setStatus(new PodStatusBuilder()
                .withPhase(exit == 0 ? "Succeeded" : "Failed")
                .addNewContainerStatus()
                .withName(job.getSpec().getTemplate().getSpec().getContainers().get(0).getName())
                .withNewState()
                .withNewTerminated()
                .withExitCode(exit)
                .withReason(exit == 0 ? "Completed" : "Error")
                .withMessage(message)
                .withStartedAt(t.toString())
                .withFinishedAt(Instant.now().toString())
                .endTerminated()
                .endState()
                .endContainerStatus()
                .build());
        client.pods().inNamespace(NAMESPACE).resource(pod).updateStatus();
        done.setStatus(new JobStatusBuilder()
                .withSucceeded(exit == 0 ? 1 : 0)
                .withFailed(exit == 0 ? 0 : 1)
                .addToConditions(new JobConditionBuilder()
                        .withType(exit == 0 ? "Complete" : "Failed")
                        .withStatus("True")
                        .withReason(exit == 0 ? null : "BackoffLimitExceeded")
                        .build())
                .build());
        client.batch().v1().jobs().inNamespace(NAMESPACE).resource(done).updateStatus();
    }

    @Override
    public void close() {
        kubelet.shutdownNow();
        List<Process> left = new ArrayList<>(running.values());
        running.clear(); // nothing reports on them any more
        left.forEach(Process::destroyForcibly);
        containers.shutdownNow();
        for (Path d : dirs) {
            try (var files = Files.walk(d)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // a temporary directory left behind
            }
        }
        client.close();
        server.destroy();
    }
}
