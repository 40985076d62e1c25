package io.jenkins.plugins.roiergasias.kubernetes.connection;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks the API server, with one SelfSubjectAccessReview per verb, whether the credential has every
 * permission of the published Role ({@code docs/rbac.yaml}) in the namespace: the Jenkins "Test
 * connection" button. Any authenticated user may ask this; no extra permission is needed.
 */
public final class PermissionCheck {
    private PermissionCheck() {}

    /**
     * The missing permissions as {@code "verb resource"} (e.g. {@code "delete jobs.batch"}); empty
     * when everything is allowed.
     *
     * @throws ClusterException when the server cannot be reached or refuses the credential
     */
    public static List<String> missing(ConnectionSettings settings) throws InterruptedException {
        try (KubernetesClient client = KubernetesClients.create(settings)) {
            return missing(client, KubernetesClients.namespace(client.getNamespace(), null));
        }
    }

    public static List<String> missing(KubernetesClient client, String namespace) throws InterruptedException {
        Cluster cluster = new Cluster(() -> client, Backoff.DEFAULT, d -> {
            Thread.sleep(d.toMillis());
            return false;
        }, m -> {});
        List<String> missing = new ArrayList<>();
        for (Rbac.Rule rule : Rbac.RULES) {
            for (String verb : rule.verbs()) {
                if (!allowed(cluster, namespace, rule, verb)) {
                    missing.add(verb + " " + rule.qualified());
                }
            }
        }
        return missing;
    }

    /**
     * The permissions whose lack would only show after a Job ran: reading its log, and deleting it
     * and its ConfigMap. The runner asks before the first segment, so that such a run fails before
     * anything is created. Creating and watching fail at once by themselves. With {@code secrets}
     * (the run passes secret variables), also every permission on Secrets the run uses, asked first.
     *
     * @return the first one missing, as {@code "verb resource"}, or null
     */
    public static String firstMissingLate(Cluster cluster, boolean secrets) throws InterruptedException {
        if (secrets) {
            for (String verb : Rbac.SECRETS.verbs()) {
                if (!allowed(cluster, cluster.namespace(), Rbac.SECRETS, verb)) {
                    return verb + " " + Rbac.SECRETS.qualified();
                }
            }
        }
        for (Rbac.Rule rule : Rbac.RULES) {
            for (String verb : rule.verbs()) {
                boolean late = rule.resource().equals("pods/log") || verb.equals("delete");
                if (late && !allowed(cluster, cluster.namespace(), rule, verb)) {
                    return verb + " " + rule.qualified();
                }
            }
        }
        return null;
    }

    /**
     * The first of the given permissions ({@code "verb resource"}, core API group) the credential
     * lacks, or null.
     */
    public static String firstMissing(Cluster cluster, java.util.List<String> permissions) throws InterruptedException {
        for (String p : permissions) {
            String[] verbResource = p.split(" ", 2);
            if (!allowed(cluster, cluster.namespace(), new Rbac.Rule("", verbResource[1], List.of(verbResource[0])),
                    verbResource[0])) {
                return p;
            }
        }
        return null;
    }

    private static boolean allowed(Cluster cluster, String namespace, Rbac.Rule rule, String verb)
            throws InterruptedException {
        String[] parts = rule.resource().split("/", 2);
        SelfSubjectAccessReview review = new SelfSubjectAccessReviewBuilder()
                .withNewSpec()
                .withNewResourceAttributes()
                .withNamespace(namespace)
                .withGroup(rule.group())
                .withResource(parts[0])
                .withSubresource(parts.length > 1 ? parts[1] : null)
                .withVerb(verb)
                .endResourceAttributes()
                .endSpec()
                .build();
        SelfSubjectAccessReview answer = cluster.call(
                ApiErrors.Op.of("create", "selfsubjectaccessreviews.authorization.k8s.io"),
                c -> c.authorization().v1().selfSubjectAccessReview().create(review));
        return answer != null && answer.getStatus() != null && Boolean.TRUE.equals(answer.getStatus().getAllowed());
    }
}
