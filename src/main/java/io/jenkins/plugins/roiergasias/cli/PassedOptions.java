package io.jenkins.plugins.roiergasias.cli;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.TemplatePolicy;
import io.jenkins.plugins.roiergasias.run.PassedEnv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The repeatable options {@code --env NAME}, {@code --env NAME=VALUE}, {@code --secret-env NAME} and
 * {@code --job-template [NODE=]FILE}.
 */
final class PassedOptions {
    static final Set<String> REPEATABLE = Set.of("--env", "--secret-env", "--job-template");
    private static final Pattern NODE = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");

    private PassedOptions() {}

    /**
     * The variables passed to the workflow. A bare NAME takes the value of this process's variable,
     * which must be set.
     *
     * @param own this process's environment
     */
    static PassedEnv env(Args args, Map<String, String> own) throws Args.UsageException {
        Map<String, String> plain = new TreeMap<>();
        for (String v : args.values("--env")) {
            int eq = v.indexOf('=');
            String name = eq < 0 ? v : v.substring(0, eq);
            plain.put(check("--env", name), eq < 0 ? own(own, "--env", name) : v.substring(eq + 1));
        }
        Map<String, String> secret = new TreeMap<>();
        for (String name : args.values("--secret-env")) {
            if (name.indexOf('=') >= 0) {
                throw new Args.UsageException("--secret-env takes a NAME only, so that the secret is not on the"
                        + " command line (visible to every user of this machine): export it, then --secret-env NAME");
            }
            plain.remove(name);
            secret.put(check("--secret-env", name), own(own, "--secret-env", name));
        }
        return new PassedEnv(plain, secret);
    }

    private static String check(String option, String name) throws Args.UsageException {
        String problem = PassedEnv.problem(name);
        if (problem != null) {
            throw new Args.UsageException(option + ": " + problem);
        }
        return name;
    }

    private static String own(Map<String, String> own, String option, String name) throws Args.UsageException {
        String value = own.get(name);
        if (value == null) {
            throw new Args.UsageException(option + " " + name + ": the variable " + name + " is not set");
        }
        return value;
    }

    /** The template for every segment: the one {@code --job-template FILE} without a node; null for none. */
    @CheckForNull
    static String commonTemplate(Args args) throws Args.UsageException {
        String common = null;
        for (String v : args.values("--job-template")) {
            if (node(v) == null) {
                if (common != null) {
                    throw new Args.UsageException("--job-template FILE given twice (per node: --job-template NODE=FILE)");
                }
                common = read(v);
            }
        }
        return common;
    }

    /**
     * With {@code --restrict-templates}: refuses every {@code --job-template} that sets what a
     * pipeline's template may not in Jenkins ({@link TemplatePolicy}), naming the file and the field.
     */
    static void restrictTemplates(Args args) throws Args.UsageException {
        List<String> refused = new ArrayList<>();
        for (String v : args.values("--job-template")) {
            String node = node(v);
            for (String refusal : TemplatePolicy.refusals(read(node == null ? v : v.substring(node.length() + 1)))) {
                refused.add("--job-template " + v + ": " + refusal);
            }
        }
        if (!refused.isEmpty()) {
            throw new Args.UsageException("the template sets what --restrict-templates refuses (docs/kubernetes.md,"
                    + " \"Restricted step templates\"):\n  " + String.join("\n  ", refused));
        }
    }

    /** The templates of {@code --job-template NODE=FILE}, by node. */
    static Map<String, String> nodeTemplates(Args args) throws Args.UsageException {
        Map<String, String> out = new HashMap<>();
        for (String v : args.values("--job-template")) {
            String node = node(v);
            if (node != null && out.put(node, read(v.substring(node.length() + 1))) != null) {
                throw new Args.UsageException("--job-template " + node + "=FILE given twice");
            }
        }
        return out;
    }

    /** The NODE of {@code NODE=FILE}; null for a plain FILE (also one whose name has a '=' in it). */
    @CheckForNull
    private static String node(String value) {
        int eq = value.indexOf('=');
        if (eq <= 0 || Files.exists(Path.of(value))) {
            return null;
        }
        String node = value.substring(0, eq);
        return NODE.matcher(node).matches() ? node : null;
    }

    private static String read(String file) throws Args.UsageException {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new Args.UsageException("cannot read the job template " + file + ": " + e.getMessage());
        }
    }
}
