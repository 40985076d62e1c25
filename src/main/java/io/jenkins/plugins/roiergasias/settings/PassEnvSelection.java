package io.jenkins.plugins.roiergasias.settings;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.roiergasias.run.PassedEnv;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The {@code passEnv} setting: names or globs ({@code BUILD_*}, {@code GIT_COMMIT}) of the build's
 * variables that become the workflow's process environment. A glob never takes the variables that
 * describe the Jenkins machine rather than the pod ({@link #MACHINE}); name them to pass them.
 */
public final class PassEnvSelection {
    private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9_*?]+");

    /** Variables of the machine that runs Jenkins, which would only break or mislead a pod. */
    static final Set<String> MACHINE = Set.of(
            "PATH", "HOME", "PWD", "OLDPWD", "SHELL", "SHLVL", "USER", "LOGNAME", "HOSTNAME", "TMPDIR", "TERM");

    private PassEnvSelection() {}

    /**
     * The variables chosen, and what the user should hear about.
     *
     * @param notSet names given exactly that the build does not have
     */
    public record Selection(PassedEnv env, List<String> notSet) {
        public Selection {
            notSet = List.copyOf(notSet);
        }

        /** Lines for the build console: which variables are passed (names only) and which are missing. */
        public List<String> messages() {
            List<String> lines = new ArrayList<>();
            if (!env.isEmpty()) {
                lines.add("passEnv: passed to the workflow: " + String.join(", ", env.describe()));
            }
            if (!notSet.isEmpty()) {
                lines.add("passEnv: not set in this build, so not passed: " + String.join(", ", notSet));
            }
            return lines;
        }
    }

    /** The patterns of the setting's text: separated by commas, spaces or line ends; empty for none. */
    public static List<String> parse(@CheckForNull String text) {
        List<String> out = new ArrayList<>();
        if (text != null) {
            for (String p : text.split("[,\\s]+")) {
                if (!p.isEmpty() && !out.contains(p)) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** What is wrong with the patterns, one sentence each; empty when nothing is. */
    public static List<String> problems(List<String> patterns) {
        List<String> errors = new ArrayList<>();
        for (String p : patterns) {
            if (!PATTERN.matcher(p).matches()) {
                errors.add("passEnv '" + p + "' is not a variable name or a glob of one (letters, digits, _, * and ?).");
            } else if (!glob(p) && PassedEnv.problem(p) != null) {
                errors.add("passEnv: " + PassedEnv.problem(p) + ".");
            }
        }
        return errors;
    }

    /**
     * Picks the variables the patterns name from {@code environment}; those in {@code sensitive}
     * (their values are secrets, e.g. bound by {@code withCredentials}) go to the secret part.
     */
    public static Selection select(List<String> patterns, Map<String, String> environment, Set<String> sensitive) {
        Map<String, String> plain = new TreeMap<>();
        Map<String, String> secret = new TreeMap<>();
        List<String> notSet = new ArrayList<>();
        Map<String, String> sorted = new TreeMap<>(environment);
        for (String p : patterns) {
            if (!glob(p)) {
                String value = environment.get(p);
                if (value == null) {
                    notSet.add(p);
                } else {
                    (sensitive.contains(p) ? secret : plain).put(p, value);
                }
                continue;
            }
            Pattern regex = regex(p);
            for (Map.Entry<String, String> e : sorted.entrySet()) {
                String name = e.getKey();
                if (regex.matcher(name).matches() && !MACHINE.contains(name) && PassedEnv.problem(name) == null) {
                    (sensitive.contains(name) ? secret : plain).put(name, e.getValue());
                }
            }
        }
        return new Selection(new PassedEnv(plain, secret), notSet);
    }

    private static boolean glob(String p) {
        return p.indexOf('*') >= 0 || p.indexOf('?') >= 0;
    }

    private static Pattern regex(String glob) {
        StringBuilder r = new StringBuilder();
        for (char c : glob.toCharArray()) {
            r.append(c == '*' ? ".*" : c == '?' ? "." : String.valueOf(c));
        }
        return Pattern.compile(r.toString());
    }
}
