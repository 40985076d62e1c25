package io.jenkins.plugins.roiergasias.run;

import io.jenkins.plugins.roiergasias.program.ProgramGenerator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Variables handed to the workflow from outside (Jenkins {@code passEnv}, CLI {@code --env} and
 * {@code --secret-env}): they are the process environment of every segment, so the workflow's own
 * {@code environment} overrides them and templates and commands see them. Secret values reach a pod
 * only through a Kubernetes Secret; {@link #toString()} never shows them.
 *
 * @param plain names and values that may be shown (container environment of the Job)
 * @param secret names and values that must not be shown anywhere
 */
public record PassedEnv(Map<String, String> plain, Map<String, String> secret) {
    private static final PassedEnv NONE = new PassedEnv(Map.of(), Map.of());

    public PassedEnv {
        plain = Collections.unmodifiableMap(new TreeMap<>(plain));
        secret = Collections.unmodifiableMap(new TreeMap<>(secret));
        for (String name : plain.keySet()) {
            check(name);
        }
        for (String name : secret.keySet()) {
            check(name);
            if (plain.containsKey(name)) {
                throw new IllegalArgumentException(name + " is passed both as a plain and as a secret variable");
            }
        }
        plain.values().forEach(Objects::requireNonNull);
        secret.values().forEach(Objects::requireNonNull);
    }

    public static PassedEnv none() {
        return NONE;
    }

    /**
     * Why {@code name} cannot be passed, or null: it must be a shell variable name (the program's
     * shell drops other names from its environment) that neither the shell nor the program owns.
     */
    public static String problem(String name) {
        if (!ProgramGenerator.passableName(name)) {
            return "'" + name + "' cannot be passed to the workflow: give a shell variable name (letters, digits"
                    + " and _, not starting with a digit) that is not one the shell owns (IFS, PS1, ...) and does"
                    + " not start with _roi_";
        }
        return null;
    }

    private static void check(String name) {
        String p = problem(name);
        if (p != null) {
            throw new IllegalArgumentException(p);
        }
    }

    public boolean isEmpty() {
        return plain.isEmpty() && secret.isEmpty();
    }

    public boolean hasSecrets() {
        return !secret.isEmpty();
    }

    /** Every variable with its value, secret ones included, for a process on this machine. */
    public Map<String, String> all() {
        Map<String, String> all = new TreeMap<>(plain);
        all.putAll(secret);
        return all;
    }

    /** The names of every passed variable, secret ones marked, for messages. */
    public List<String> describe() {
        List<String> names = new ArrayList<>(plain.keySet());
        secret.keySet().forEach(n -> names.add(n + " (secret)"));
        Collections.sort(names);
        return names;
    }

    /** Names only: a secret value must not reach a log through this record. */
    @Override
    public String toString() {
        return "PassedEnv" + describe();
    }
}
