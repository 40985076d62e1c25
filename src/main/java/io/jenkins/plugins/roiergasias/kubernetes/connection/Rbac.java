package io.jenkins.plugins.roiergasias.kubernetes.connection;

import java.util.List;
import java.util.stream.Collectors;

/** The permissions the runner needs in its namespace: the rules of the published Role, {@code docs/rbac.yaml}. */
final class Rbac {
    /** One rule: API group ("" for core), resource (with subresource), verbs. */
    record Rule(String group, String resource, List<String> verbs) {
        String qualified() {
            return group.isEmpty() ? resource : resource + "." + group;
        }
    }

    static final List<Rule> RULES = List.of(
            new Rule("batch", "jobs", List.of("create", "get", "list", "watch", "delete")),
            new Rule("", "configmaps", List.of("create", "get", "list", "patch", "delete")),
            new Rule("", "pods", List.of("get", "list", "watch")),
            new Rule("", "pods/log", List.of("get")));

    /**
     * Needed only by a run that passes secret variables: their Secret per segment, created before
     * the Job, patched to be owned by it, deleted with it. Not part of {@link #RULES}, which every run needs.
     */
    static final Rule SECRETS = new Rule("", "secrets", List.of("create", "patch", "delete"));

    private Rbac() {}

    /** The rules as one line of text, plus how to apply them, for error messages. */
    static String hint(String namespace) {
        String rules = RULES.stream()
                .map(r -> r.qualified() + ": " + String.join(", ", r.verbs()))
                .collect(Collectors.joining("; "));
        return "roiergasias needs a Role with these rules in namespace \"" + namespace + "\": " + rules
                + " (and, for runs that pass secret variables, " + SECRETS.qualified() + ": "
                + String.join(", ", SECRETS.verbs()) + ")"
                + " (the Role is published as docs/rbac.yaml: kubectl -n " + namespace
                + " apply -f docs/rbac.yaml, then bind it to the account the credential belongs to)";
    }
}
