package io.jenkins.plugins.roiergasias.kubernetes.logs;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.jenkins.plugins.roiergasias.kubernetes.connection.Cluster;
import io.jenkins.plugins.roiergasias.kubernetes.connection.KubernetesClients;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.JobTemplate;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.Names;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads {@code GET /api/v1/namespaces/NS/pods/POD/log?container=C&timestamps=true[&follow=true][&sinceTime=T]}
 * with the cluster's own HTTP client (so authentication, TLS and proxies are the client's), as a raw
 * byte stream: no buffering of the whole log and no wait for pod readiness, which fabric8's
 * {@code watchLog} would add.
 */
public final class HttpLogSource implements LogSource {
    private final Cluster cluster;
    private final String namespace;

    public HttpLogSource(Cluster cluster) {
        this.cluster = cluster;
        this.namespace = cluster.namespace();
    }

    @Override
    public InputStream open(String pod, @CheckForNull String sinceTime, boolean follow)
            throws IOException, Refused, InterruptedException {
        boolean renewed = false;
        while (true) {
            KubernetesClient client = cluster.client();
            try {
                return open(client, pod, sinceTime, follow);
            } catch (Refused r) {
                if (r.code() == 401 && !renewed) {
                    renewed = true;
                    cluster.renew(client);
                    continue;
                }
                throw r;
            }
        }
    }

    private InputStream open(KubernetesClient client, String pod, @CheckForNull String sinceTime, boolean follow)
            throws IOException, Refused, InterruptedException {
        HttpClient http = client.getHttpClient();
        String base = client.getMasterUrl().toString();
        StringBuilder url = new StringBuilder(base);
        if (!base.endsWith("/")) {
            url.append('/');
        }
        url.append("api/v1/namespaces/").append(enc(namespace)).append("/pods/").append(enc(pod))
                .append("/log?container=").append(Names.CONTAINER).append("&timestamps=true");
        if (follow) {
            url.append("&follow=true");
        }
        if (sinceTime != null) {
            url.append("&sinceTime=").append(enc(sinceTime));
        }
        HttpRequest.Builder builder = http.newHttpRequestBuilder().uri(url.toString());
        if (follow) {
            builder.forStreaming();
        }
        ChunkStream stream = new ChunkStream();
        HttpResponse<AsyncBody> response;
        try {
            response = http.consumeBytes(builder.build(), stream)
                    .get(KubernetesClients.REQUEST_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw cause instanceof IOException io ? io : new IOException(cause.toString(), cause);
        } catch (TimeoutException e) {
            throw new IOException("no answer to the log request within " + KubernetesClients.REQUEST_TIMEOUT_MILLIS
                    + " ms", e);
        }
        stream.attach(response.body());
        if (response.code() == 200) {
            return stream;
        }
        String message;
        try (stream) {
            message = new String(stream.readNBytes(8192), StandardCharsets.UTF_8);
        }
        throw new Refused(response.code(), statusMessage(message));
    }

    /** The {@code message} of a Status answer, else the raw text. */
    static String statusMessage(String body) {
        try {
            Status s = JobTemplate.SERIALIZATION.unmarshal(body, Status.class);
            if (s != null && s.getMessage() != null) {
                return s.getMessage();
            }
        } catch (RuntimeException e) {
            // not a Status: use the text
        }
        return body.strip();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
