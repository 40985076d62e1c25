package io.jenkins.plugins.roiergasias.kubernetes.connection;

import edu.umd.cs.findbugs.annotations.CheckForNull;

/**
 * How the engine authenticates to the API server. Used only to talk to the API server: never
 * printed, never written to a ConfigMap, a Job or a file. {@code toString()} shows no secret.
 */
public sealed interface Credential {
    /** A bearer token, e.g. a ServiceAccount token. */
    record Token(String token) implements Credential {
        @Override
        public String toString() {
            return "Token[****]";
        }
    }

    /** A client certificate and its private key, both PEM. */
    record ClientCertificate(String certificatePem, String privateKeyPem) implements Credential {
        @Override
        public String toString() {
            return "ClientCertificate[****]";
        }
    }

    record UsernamePassword(String username, String password) implements Credential {
        @Override
        public String toString() {
            return "UsernamePassword[" + username + ", ****]";
        }
    }

    /**
     * A whole kubeconfig file; its server, CA and namespace are used unless the connection
     * settings override them.
     *
     * @param context the context to use, null for the file's current context
     */
    record Kubeconfig(String yaml, @CheckForNull String context) implements Credential {
        @Override
        public String toString() {
            return "Kubeconfig[****" + (context == null ? "" : ", context=" + context) + "]";
        }
    }
}
