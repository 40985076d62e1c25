package io.jenkins.plugins.roiergasias.kubernetes.connection;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns {@link ConnectionSettings} into a fabric8 client. Nothing is read from the environment
 * (no {@code ~/.kube/config}, no system properties): only what the settings say.
 *
 * <p>Timeouts are the {@code roiergasias.kubernetes.connectTimeoutMillis} (default 10 s) and
 * {@code roiergasias.kubernetes.requestTimeoutMillis} (default 30 s) system properties. fabric8's
 * own request retries are switched off because the runner retries transient errors itself, with
 * messages for the user.
 */
public final class KubernetesClients {
    static final int CONNECT_TIMEOUT_MILLIS = Integer.getInteger("roiergasias.kubernetes.connectTimeoutMillis", 10_000);
    public static final int REQUEST_TIMEOUT_MILLIS = Integer.getInteger("roiergasias.kubernetes.requestTimeoutMillis", 30_000);

    /** Where a YAML parser says it stopped, e.g. {@code line 6, column 47}: numbers only. */
    private static final Pattern PLACE = Pattern.compile("line (\\d+), column (\\d+)");

    private KubernetesClients() {}

    public static KubernetesClient create(ConnectionSettings settings) {
        return new KubernetesClientBuilder().withConfig(config(settings)).build();
    }

    /** The fabric8 configuration of the settings; the namespace falls back to the kubeconfig's, then {@code default}. */
    public static Config config(ConnectionSettings settings) {
        Credential credential = settings.credential();
        ConfigBuilder b;
        if (credential instanceof Credential.Kubeconfig k) {
            b = new ConfigBuilder(fromKubeconfig(k));
        } else {
            b = new ConfigBuilder(Config.empty());
        }
        if (credential instanceof Credential.Token t) {
            b.withOauthToken(t.token());
        } else if (credential instanceof Credential.ClientCertificate c) {
            b.withClientCertData(base64(c.certificatePem())).withClientKeyData(base64(c.privateKeyPem()));
            String algorithm = Config.getKeyAlgorithm(null, base64(c.privateKeyPem()));
            if (algorithm != null) {
                b.withClientKeyAlgo(algorithm);
            }
        } else if (credential instanceof Credential.UsernamePassword u) {
            b.withUsername(u.username()).withPassword(u.password());
        }
        if (settings.serverUrl() != null && !settings.serverUrl().isBlank()) {
            b.withMasterUrl(settings.serverUrl().strip());
        }
        Config base = b.build();
        if (base.getMasterUrl() == null || base.getMasterUrl().isBlank()) {
            throw new IllegalArgumentException("no Kubernetes API server URL: give one, or a kubeconfig that has one");
        }
        if (settings.caCertificatePem() != null && !settings.caCertificatePem().isBlank()) {
            b.withCaCertData(base64(settings.caCertificatePem())).withCaCertFile(null);
        }
        if (settings.skipTlsVerify()) {
            b.withTrustCerts(true).withDisableHostnameVerification(true);
        }
        b.withNamespace(namespace(settings.namespace(), base.getNamespace()));
        return b.withConnectionTimeout(CONNECT_TIMEOUT_MILLIS)
                .withRequestTimeout(REQUEST_TIMEOUT_MILLIS)
                .withRequestRetryBackoffLimit(0)
                .withWatchReconnectInterval(1000)
                .build();
    }

    /**
     * Reads a kubeconfig. A parser's message quotes the offending line, which in a kubeconfig may
     * hold a token or a key: the message here names the place only, and keeps no cause.
     */
    private static Config fromKubeconfig(Credential.Kubeconfig k) {
        try {
            return Config.fromKubeconfig(k.context(), k.yaml(), null);
        } catch (RuntimeException e) {
            StringBuilder where = new StringBuilder();
            for (Throwable c = e; c != null && where.isEmpty(); c = c.getCause() == c ? null : c.getCause()) {
                Matcher m = c.getMessage() == null ? null : PLACE.matcher(c.getMessage());
                if (m != null && m.find()) {
                    where.append(" at line ").append(m.group(1)).append(", column ").append(m.group(2));
                }
            }
            throw new IllegalArgumentException("the kubeconfig credential cannot be read" + where
                    + " (" + e.getClass().getSimpleName() + "); its content is not shown. Check the file with"
                    + " kubectl --kubeconfig FILE config view");
        }
    }

    static String namespace(@CheckForNull String explicit, @CheckForNull String fromKubeconfig) {
        if (explicit != null && !explicit.isBlank()) {
            return explicit.strip();
        }
        if (fromKubeconfig != null && !fromKubeconfig.isBlank()) {
            return fromKubeconfig;
        }
        return "default";
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
    }
}
