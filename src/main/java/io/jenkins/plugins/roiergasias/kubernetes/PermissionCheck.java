package io.jenkins.plugins.roiergasias.kubernetes;

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
            String[] parts = rule.resource().split("/", 2);
            for (String verb : rule.verbs()) {
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
                boolean allowed = answer != null && answer.getStatus() != null
                        && Boolean.TRUE.equals(answer.getStatus().getAllowed());
                if (!allowed) {
                    missing.add(verb + " " + rule.qualified());
                }
            }
        }
        return missing;
    }
}
