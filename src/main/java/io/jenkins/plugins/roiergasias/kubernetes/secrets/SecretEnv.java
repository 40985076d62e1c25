package io.jenkins.plugins.roiergasias.kubernetes.secrets;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.jenkins.plugins.roiergasias.run.PassedEnv;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * How passed variables ({@link PassedEnv}) become a segment's container environment: plain ones as
 * values in the Job, secret ones as {@code secretKeyRef}s to a Secret of the segment, which the run
 * creates before the Job and makes the Job own. A secret value is only ever in that Secret's data:
 * never in the Job, the ConfigMap, a message or rendered YAML.
 */
public final class SecretEnv {
    private SecretEnv() {}

    /**
     * The container's environment: the template's variables, then the passed ones, which replace a
     * template variable of the same name ({@code replaced} gets its name).
     *
     * @param secretName the segment's Secret, referenced by the secret variables
     */
    public static List<EnvVar> containerEnv(
            @CheckForNull List<EnvVar> template, PassedEnv env, String secretName, Consumer<String> replaced) {
        List<EnvVar> out = new ArrayList<>();
        if (template != null) {
            for (EnvVar v : template) {
                if (env.plain().containsKey(v.getName()) || env.secret().containsKey(v.getName())) {
                    replaced.accept(v.getName());
                } else {
                    out.add(v);
                }
            }
        }
        env.plain().forEach((name, value) -> out.add(new EnvVar(name, value, null)));
        for (String name : env.secret().keySet()) {
            out.add(new EnvVarBuilder()
                    .withName(name)
                    .withNewValueFrom()
                    .withNewSecretKeyRef()
                    .withName(secretName)
                    .withKey(name)
                    .withOptional(false)
                    .endSecretKeyRef()
                    .endValueFrom()
                    .build());
        }
        return out;
    }

    /** The segment's Secret with the secret values, or null when no secret variable is passed. */
    @CheckForNull
    public static Secret secret(
            String name, String namespace, Map<String, String> labels, Map<String, String> annotations, PassedEnv env) {
        if (!env.hasSecrets()) {
            return null;
        }
        return new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(labels)
                .withAnnotations(annotations)
                .endMetadata()
                .withType("Opaque")
                .withImmutable(true)
                .withStringData(env.secret())
                .build();
    }

    /**
     * What {@code render} shows instead of the Secret: its name and keys, never its values (the run
     * creates it from the values it is given then).
     */
    public static String describe(String name, PassedEnv env) {
        return "Secret " + name + " (made by the run, owned by the Job; values not shown): "
                + String.join(", ", env.secret().keySet());
    }
}
