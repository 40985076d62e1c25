package io.jenkins.plugins.roiergasias.kubernetes;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.jenkins.plugins.roiergasias.kubernetes.connection.ConnectionSettings;
import io.jenkins.plugins.roiergasias.kubernetes.connection.Credential;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fabric8's mock API server in CRUD mode, on 127.0.0.1 with a port from the OS, plus what the
 * tests need around it: every request recorded with its credential (the runner's token is
 * {@link #RUNNER_TOKEN}, the fake kubelet's another), pod logs served from {@link PodLog}s, and a
 * {@link FakeKubelet} playing job controller, scheduler, kubelet and garbage collector.
 */
final class FakeCluster implements AutoCloseable {
    static final String NAMESPACE = "test";
    static final String RUNNER_TOKEN = "runner-token";
    private static final String ADMIN_TOKEN = "fake-kubelet-token";
    private static final Pattern LOG = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/log(?:\\?(.*))?");

    /** One request as the server saw it. */
    record Request(String method, String path, String auth) {
        boolean byRunner() {
            return ("Bearer " + RUNNER_TOKEN).equals(auth) || (auth != null && auth.startsWith("Bearer runner"));
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    final KubernetesMockServer server;
    final KubernetesClient admin;
    final FakeKubelet kubelet;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    final Map<String, PodLog> logs = new ConcurrentHashMap<>();
    /** Answers a test wants instead of the CRUD ones; null to fall through. */
    volatile Function<RecordedRequest, MockResponse> override = r -> null;

    FakeCluster() throws Exception {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMixedDispatcher mixed = new KubernetesMixedDispatcher(responses);
        Dispatcher dispatcher = new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                requests.add(new Request(r.getMethod(), r.getPath(), r.getHeader("Authorization")));
                MockResponse special = override.apply(r);
                if (special != null) {
                    return special;
                }
                Matcher m = LOG.matcher(r.getPath());
                if (m.matches()) {
                    return log(m.group(2), query(m.group(3)));
                }
                return mixed.dispatch(r);
            }
        };
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, dispatcher, false);
        server.init(InetAddress.getByName("127.0.0.1"), 0);
        admin = new KubernetesClientBuilder().withConfig(config(ADMIN_TOKEN)).build();
        kubelet = new FakeKubelet(this);
    }

    String url() {
        return "http://127.0.0.1:" + server.getPort() + "/";
    }

    Config config(String token) {
        return new ConfigBuilder(Config.empty())
                .withMasterUrl(url())
                .withOauthToken(token)
                .withNamespace(NAMESPACE)
                .withRequestRetryBackoffLimit(0)
                .build();
    }

    ConnectionSettings settings() {
        return new ConnectionSettings(url(), null, false, NAMESPACE, new Credential.Token(RUNNER_TOKEN));
    }

    List<Request> runnerRequests() {
        return requests.stream().filter(Request::byRunner).toList();
    }

    long runnerRequests(String method, String pathPart) {
        return runnerRequests().stream()
                .filter(r -> r.method().equals(method) && r.path().contains(pathPart))
                .count();
    }

    /** Names of the Jobs, pods, ConfigMaps and Secrets that exist now. */
    List<String> objects() {
        List<String> all = new java.util.ArrayList<>();
        admin.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems()
                .forEach(j -> all.add("job/" + j.getMetadata().getName()));
        admin.pods().inNamespace(NAMESPACE).list().getItems().forEach(p -> all.add("pod/" + p.getMetadata().getName()));
        admin.configMaps().inNamespace(NAMESPACE).list().getItems()
                .forEach(c -> all.add("configmap/" + c.getMetadata().getName()));
        admin.secrets().inNamespace(NAMESPACE).list().getItems()
                .forEach(s -> all.add("secret/" + s.getMetadata().getName()));
        return all;
    }

    private MockResponse log(String pod, Map<String, String> query) {
        PodLog log = logs.get(pod);
        if (log == null) {
            // Never call the server from its own dispatcher (it would wait for itself).
            String message = !kubelet.exists(pod)
                    ? "pods \"" + pod + "\" not found"
                    : "container \"roiergasias\" in pod \"" + pod + "\" is waiting to start: ContainerCreating";
            int code = message.endsWith("not found") ? 404 : 400;
            return status(code, message);
        }
        if (!"true".equals(query.get("timestamps"))) {
            return status(400, "the fake kubelet serves timestamped logs only");
        }
        String since = query.get("sinceTime");
        String body = log.serve(since == null ? null : Instant.parse(since));
        kubelet.served(pod);
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody(body);
    }

    static MockResponse status(int code, String message) {
        Status s = new StatusBuilder().withStatus("Failure").withCode(code).withMessage(message).build();
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody(io.fabric8.kubernetes.client.utils.Serialization.asJson(s));
    }

    private static Map<String, String> query(String q) {
        Map<String, String> out = new HashMap<>();
        if (q != null) {
            for (String kv : q.split("&")) {
                int eq = kv.indexOf('=');
                String k = eq < 0 ? kv : kv.substring(0, eq);
                String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
                out.put(k, v);
            }
        }
        return out;
    }

    /** Waits for a condition with a deadline; fails the test when it never holds. */
    static void await(String what, Duration max, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        kubelet.close();
        admin.close();
        server.destroy();
    }
}
