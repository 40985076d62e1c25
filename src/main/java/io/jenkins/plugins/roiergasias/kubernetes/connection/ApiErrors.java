package io.jenkins.plugins.roiergasias.kubernetes.connection;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Classifies API errors (retry or not) and words them for users. */
public final class ApiErrors {
    /** The verb, resource and API group in Kubernetes' 403 message. */
    private static final Pattern FORBIDDEN = Pattern.compile(
            "cannot (\\S+) resource \"([^\"]+)\"(?: in API group \"([^\"]*)\")?(?: in the namespace \"([^\"]+)\")?");

    private static final Pattern USER = Pattern.compile("User \"([^\"]+)\"");

    private ApiErrors() {}

    /** The HTTP status of a failure, 0 for a connection failure. */
    public static int code(Throwable e) {
        return e instanceof KubernetesClientException k && k.getCode() > 0 ? k.getCode() : 0;
    }

    /** Connection failures, timeouts, 5xx and 429 are worth retrying; no other 4xx is. */
    static boolean transientFailure(Throwable e) {
        int code = code(e);
        if (code == 429 || code >= 500) {
            return true;
        }
        if (code != 0) {
            return false;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** A user's message for a failure that will not be retried (any more). */
    static ClusterException explain(Throwable e, Op op, String namespace, String server, int tries) {
        int code = code(e);
        String reason = detail(e);
        if (code == 403) {
            return new ClusterException(ClusterException.Kind.FORBIDDEN, code, forbidden(reason, op, namespace), e);
        }
        if (code == 401) {
            return new ClusterException(ClusterException.Kind.UNAUTHORIZED, code,
                    "the Kubernetes API server at " + server + " refused the credential (401 Unauthorized) while trying to "
                            + op + " in namespace \"" + namespace + "\": check that the token or certificate is valid"
                            + " and not expired", e);
        }
        if (code == 404) {
            return new ClusterException(ClusterException.Kind.NOT_FOUND, code, op + ": not found: " + reason, e);
        }
        if (code == 409) {
            return new ClusterException(ClusterException.Kind.CONFLICT, code, op + ": already exists: " + reason, e);
        }
        if (transientFailure(e)) {
            String what = code == 0 ? "cannot reach the Kubernetes API server at " + server
                    : "the Kubernetes API server at " + server + " kept failing (HTTP " + code + ")";
            return new ClusterException(ClusterException.Kind.UNREACHABLE, code,
                    what + " while trying to " + op + " (" + tries + (tries == 1 ? " try" : " tries") + "): " + reason, e);
        }
        return new ClusterException(ClusterException.Kind.REJECTED, code,
                "the Kubernetes API server refused to " + op + " in namespace \"" + namespace + "\""
                        + (code == 0 ? "" : " (HTTP " + code + ")") + ": " + reason, e);
    }

    /** "forbidden: User X cannot create jobs.batch in namespace N", plus the rules the plugin needs. */
    public static String forbidden(String serverMessage, Op op, String namespace) {
        String verb = op.verb();
        String resource = op.resource();
        String ns = namespace;
        Matcher m = FORBIDDEN.matcher(serverMessage);
        if (m.find()) {
            verb = m.group(1);
            resource = m.group(3) == null || m.group(3).isEmpty() ? m.group(2) : m.group(2) + "." + m.group(3);
            ns = m.group(4) == null ? namespace : m.group(4);
        }
        Matcher u = USER.matcher(serverMessage);
        String who = u.find() ? "user \"" + u.group(1) + "\"" : "the credential";
        return "forbidden: " + who + " may not " + verb + " " + resource + " in namespace \"" + ns
                + "\" (Kubernetes RBAC refused it). " + Rbac.hint(ns);
    }

    /** The server's own message, else the exception's, without the request URL (it can be long). */
    public static String detail(Throwable e) {
        if (e instanceof KubernetesClientException k) {
            Status s = k.getStatus();
            if (s != null && s.getMessage() != null && !s.getMessage().isBlank()) {
                return s.getMessage();
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** What a call was doing, for messages: a verb and a resource. */
    public record Op(String verb, String resource, @CheckForNull String name, boolean abortable) {
        public static Op of(String verb, String resource) {
            return new Op(verb, resource, null, true);
        }

        public static Op of(String verb, String resource, String name) {
            return new Op(verb, resource, name, true);
        }

        /** A clean-up call: it goes on retrying after an abort, which is what it cleans up after. */
        public static Op cleanup(String verb, String resource, String name) {
            return new Op(verb, resource, name, false);
        }

        @Override
        public String toString() {
            return verb + " " + resource + (name == null ? "" : " " + name);
        }
    }
}
