package io.jenkins.plugins.roiergasias.e2e;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/** ServiceAccounts with chosen rules, and kubeconfigs for their tokens. */
final class Tokens {
    private Tokens() {}

    /** Creates the Role, a ServiceAccount bound to it, and returns a kubeconfig with its token. */
    static String serviceAccountWith(TestCluster cluster, String ns, String name, Role role) throws Exception {
        var admin = cluster.admin;
        admin.rbac().roles().inNamespace(ns).resource(role).create();
        admin.serviceAccounts().inNamespace(ns)
                .resource(new ServiceAccountBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
        admin.rbac().roleBindings().inNamespace(ns).resource(new RoleBindingBuilder()
                        .withNewMetadata().withName(name).endMetadata()
                        .withNewRoleRef("rbac.authorization.k8s.io", "Role", role.getMetadata().getName())
                        .addNewSubject().withKind("ServiceAccount").withName(name).withNamespace(ns).endSubject()
                        .build())
                .create();
        // Kubernetes 1.20: the token controller writes a Secret for the ServiceAccount.
        var account = admin.serviceAccounts().inNamespace(ns).withName(name)
                .waitUntilCondition(sa -> sa != null && sa.getSecrets() != null && !sa.getSecrets().isEmpty(),
                        60, TimeUnit.SECONDS);
        String secretName = account.getSecrets().get(0).getName();
        Secret secret = admin.secrets().inNamespace(ns).withName(secretName)
                .waitUntilCondition(s -> s != null && s.getData() != null && s.getData().containsKey("token"),
                        60, TimeUnit.SECONDS);
        String token = new String(Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.UTF_8);
        Config adminConfig = Config.fromKubeconfig(cluster.adminKubeconfig);
        String ca = adminConfig.getCaCertData();
        String server = adminConfig.getMasterUrl();
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: e2e
                  cluster:
                    server: %s
                    %s
                users:
                - name: %s
                  user:
                    token: %s
                contexts:
                - name: e2e
                  context: {cluster: e2e, user: %s, namespace: %s}
                current-context: e2e
                """.formatted(server, ca != null ? "certificate-authority-data: " + ca : "insecure-skip-tls-verify: true",
                name, token, name, ns);
    }
}
