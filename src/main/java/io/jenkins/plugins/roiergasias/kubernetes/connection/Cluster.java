package io.jenkins.plugins.roiergasias.kubernetes.connection;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The runner's connection to the API server: the current client, made by a {@link ClientFactory},
 * and {@link #call} that retries transient failures with exponential backoff and replaces the client
 * once when the server answers 401 (a short-lived token that expired during a long build).
 */
public final class Cluster implements AutoCloseable {
    private static final Logger LOGGER = Logger.getLogger(Cluster.class.getName());

    private final ClientFactory factory;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final Consumer<String> progress;
    private volatile KubernetesClient client;
    private final List<KubernetesClient> retired = new ArrayList<>();
    private final String namespace;
    private final String server;

    public Cluster(ClientFactory factory, Backoff backoff, Sleeper sleeper, Consumer<String> progress) {
        this.factory = factory;
        this.backoff = backoff;
        this.sleeper = sleeper;
        this.progress = progress;
        this.client = factory.create();
        this.namespace = KubernetesClients.namespace(client.getNamespace(), null);
        this.server = String.valueOf(client.getMasterUrl());
    }

    public KubernetesClient client() {
        return client;
    }

    public String namespace() {
        return namespace;
    }

    String server() {
        return server;
    }

    /**
     * Runs {@code fn} against the current client. Transient failures (connect errors, 5xx, 429) are
     * retried with backoff; a 401 replaces the client once; any other failure is thrown at once.
     *
     * @throws ClusterException with a user's message when the call failed for good
     */
    public <T> T call(ApiErrors.Op op, Function<KubernetesClient, T> fn) throws InterruptedException {
        boolean renewed = false;
        int tries = 0;
        while (true) {
            KubernetesClient c = client;
            tries++;
            try {
                return fn.apply(c);
            } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("interrupted during " + op);
                }
                int code = ApiErrors.code(e);
                if (code == 401 && !renewed) {
                    renewed = true;
                    LOGGER.log(Level.FINE, () -> "401 on " + op + ": making a new client from the credential");
                    renew(c);
                    continue;
                }
                if (!ApiErrors.transientFailure(e) || tries >= backoff.attempts()) {
                    throw ApiErrors.explain(e, op, namespace, server, tries);
                }
                Duration wait = backoff.delay(tries);
                int t = tries;
                progress.accept("Kubernetes API: " + op + " failed (" + ApiErrors.detail(e) + "); try " + (t + 1) + " of "
                        + backoff.attempts() + " in " + wait.toMillis() + " ms");
                if (!op.abortable()) {
                    Thread.sleep(wait.toMillis());
                } else if (sleeper.sleep(wait)) {
                    throw new ClusterException(ClusterException.Kind.ABORTED, 0, "aborted while retrying " + op, e);
                }
            }
        }
    }

    /** Replaces the client if it is still {@code stale} (another thread may have done it already). */
    public synchronized void renew(KubernetesClient stale) {
        if (client == stale) {
            client = factory.create();
            // Informers and log streams may still use the old client; it is closed with this cluster.
            retired.add(stale);
        }
    }

    @Override
    public synchronized void close() {
        for (KubernetesClient c : retired) {
            closeQuietly(c);
        }
        retired.clear();
        closeQuietly(client);
    }

    private static void closeQuietly(KubernetesClient c) {
        try {
            c.close();
        } catch (RuntimeException e) {
            LOGGER.log(Level.FINE, "closing a client failed", e);
        }
    }
}
