package io.jenkins.plugins.roiergasias.settings;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which configured cluster a step runs on. A step names one with {@code cluster: 'name'}; a step
 * that names none gets the only cluster, or among several the one named {@code default} (what an
 * existing single-server configuration became), else an error that lists the names.
 */
public final class ClusterChoice {
    /** Letters, digits, '-', '_' and '.', as in a Kubernetes context name; at most 63 characters. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");

    private ClusterChoice() {}

    /**
     * The outcome: a cluster, or none when nothing is configured (the engine's defaults apply),
     * or an error.
     */
    public record Choice(@CheckForNull ClusterDefaults cluster, @CheckForNull String error) {
        public boolean ok() {
            return error == null;
        }

        /** The chosen cluster's settings, or nothing configured. */
        public GlobalDefaults settings() {
            return cluster == null ? GlobalDefaults.none() : cluster.settings();
        }
    }

    public static Choice pick(List<ClusterDefaults> clusters, @CheckForNull String requested) {
        String name = SettingsResolver.first(requested, null);
        if (name == null) {
            if (clusters.isEmpty()) {
                return new Choice(null, null);
            }
            if (clusters.size() == 1) {
                return new Choice(clusters.get(0), null);
            }
            ClusterDefaults fallback = find(clusters, ClusterDefaults.DEFAULT_NAME);
            if (fallback != null) {
                return new Choice(fallback, null);
            }
            return new Choice(null, "Several clusters are configured (" + names(clusters) + ") and none is named "
                    + ClusterDefaults.DEFAULT_NAME + ": choose one with cluster: '" + clusters.get(0).name() + "'.");
        }
        ClusterDefaults found = find(clusters, name);
        if (found != null) {
            return new Choice(found, null);
        }
        if (clusters.isEmpty()) {
            return new Choice(null, "There is no cluster '" + name + "': no cluster is configured under Manage Jenkins"
                    + " → System → roiergasias.");
        }
        String near = nearest(clusters, name);
        return new Choice(null, "There is no cluster '" + name + "'" + (near == null ? "." : "; did you mean '" + near
                + "'?") + " The clusters are: " + names(clusters) + ".");
    }

    /** What is wrong with these cluster names (blank, bad characters, twice), one sentence each. */
    public static List<String> problems(List<String> names) {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            String problem = problem(n);
            if (problem != null) {
                problems.add(problem);
            } else if (!seen.add(n.strip())) {
                problems.add("The cluster name '" + n.strip() + "' is used twice: give each cluster its own name.");
            }
        }
        return problems;
    }

    /** What is wrong with one cluster name, or null. */
    @CheckForNull
    public static String problem(@CheckForNull String name) {
        String n = SettingsResolver.first(name, null);
        if (n == null) {
            return "Give the cluster a name, e.g. " + ClusterDefaults.DEFAULT_NAME + ": steps choose it with cluster: 'name'.";
        }
        if (!NAME.matcher(n).matches()) {
            return "The cluster name '" + n + "' may have letters, digits, '-', '_' and '.', at most 63 characters.";
        }
        return null;
    }

    @CheckForNull
    private static ClusterDefaults find(List<ClusterDefaults> clusters, String name) {
        for (ClusterDefaults c : clusters) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    private static String names(List<ClusterDefaults> clusters) {
        return String.join(", ", clusters.stream().map(ClusterDefaults::name).toList());
    }

    /** The configured name closest to a misspelt one: the same but for case, else one edit, or two in a longer name. */
    @CheckForNull
    private static String nearest(List<ClusterDefaults> clusters, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return clusters.stream()
                .map(ClusterDefaults::name)
                .filter(n -> distance(n.toLowerCase(Locale.ROOT), lower) <= (name.length() < 4 ? 1 : 2))
                .min(Comparator.comparingInt(n -> distance(n.toLowerCase(Locale.ROOT), lower)))
                .orElse(null);
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
