package io.jenkins.plugins.roiergasias.kubernetes.connection;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Makes a client for the cluster. The runner calls it again when the API server answers 401, so a
 * factory that reads a fresh credential each time lets long builds outlive short-lived tokens.
 */
@FunctionalInterface
public interface ClientFactory {
    KubernetesClient create();

    /** A factory for fixed connection settings. */
    static ClientFactory of(ConnectionSettings settings) {
        return () -> KubernetesClients.create(settings);
    }
}
