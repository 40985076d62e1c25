package io.jenkins.plugins.roiergasias.kubernetes.connection;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.Objects;

/**
 * Where the cluster is and how to authenticate. {@code toString()} shows no secret.
 *
 * @param serverUrl the API server URL; null to take it from a kubeconfig credential
 * @param caCertificatePem the CA certificate (PEM) of the API server; null to use the kubeconfig's
 *     or the JVM's trust store
 * @param skipTlsVerify trust any server certificate (for test clusters only)
 * @param namespace where Jobs run; null to take the kubeconfig's namespace, else {@code default}
 * @param credential how to authenticate
 */
public record ConnectionSettings(
        @CheckForNull String serverUrl,
        @CheckForNull String caCertificatePem,
        boolean skipTlsVerify,
        @CheckForNull String namespace,
        Credential credential) {
    public ConnectionSettings {
        Objects.requireNonNull(credential, "credential");
    }

    @Override
    public String toString() {
        return "ConnectionSettings[server=" + serverUrl + ", namespace=" + namespace + ", skipTlsVerify="
                + skipTlsVerify + ", ca=" + (caCertificatePem == null ? "none" : "set") + ", credential="
                + credential + "]";
    }
}
