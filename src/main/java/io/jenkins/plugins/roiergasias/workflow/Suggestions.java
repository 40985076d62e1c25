package io.jenkins.plugins.roiergasias.workflow;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * "Did you mean" for keys: the known key a misspelt one most likely stands for. A key matches
 * when it differs only in case or surrounding blanks, is a known synonym ({@code run} for
 * {@code execute}), is within a small Damerau-Levenshtein distance ({@code sequental},
 * {@code taks}), or is a prefix of the known key or the other way round ({@code env},
 * {@code tasks}).
 */
final class Suggestions {
    static final List<String> TOP_LEVEL_KEYS = List.of("version", "environment", "task", "node");
    static final List<String> TASK_KEYS = List.of("sequential", "node");
    static final List<String> STEP_KEYS = List.of("print", "execute", "environment");

    private static final Map<String, String> SYNONYMS = Map.ofEntries(
            Map.entry("run", "execute"),
            Map.entry("exec", "execute"),
            Map.entry("shell", "execute"),
            Map.entry("sh", "execute"),
            Map.entry("bash", "execute"),
            Map.entry("cmd", "execute"),
            Map.entry("cmds", "execute"),
            Map.entry("command", "execute"),
            Map.entry("commands", "execute"),
            Map.entry("script", "execute"),
            Map.entry("echo", "print"),
            Map.entry("log", "print"),
            Map.entry("say", "print"),
            Map.entry("message", "print"),
            Map.entry("messages", "print"),
            Map.entry("println", "print"),
            Map.entry("env", "environment"),
            Map.entry("envs", "environment"),
            Map.entry("vars", "environment"),
            Map.entry("variables", "environment"),
            Map.entry("export", "environment"),
            Map.entry("setenv", "environment"),
            Map.entry("steps", "sequential"),
            Map.entry("sequence", "sequential"),
            Map.entry("serial", "sequential"),
            Map.entry("parallel", "sequential"),
            Map.entry("tasks", "task"),
            Map.entry("jobs", "task"),
            Map.entry("nodes", "node"),
            Map.entry("nodename", "node"),
            Map.entry("node-name", "node"),
            Map.entry("node_name", "node"),
            Map.entry("nodeselector", "node"),
            Map.entry("apiversion", "version"));

    private Suggestions() {}

    /** The known key {@code key} most likely stands for, or {@code null}. */
    @CheckForNull
    static String closest(String key, List<String> known) {
        if (key.length() > 64) {
            return null;
        }
        String k = key.strip().toLowerCase(Locale.ROOT);
        if (k.isEmpty()) {
            return null;
        }
        for (String candidate : known) {
            if (candidate.equals(k)) {
                return candidate;
            }
        }
        String synonym = SYNONYMS.get(k);
        if (synonym != null && known.contains(synonym)) {
            return synonym;
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int allowed = Math.min(k.length(), candidate.length()) <= 4 ? 1 : 2;
            int d = distance(k, candidate, allowed);
            if (d <= allowed && d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        if (best != null) {
            return best;
        }
        for (String candidate : known) {
            if ((k.length() >= 3 && candidate.startsWith(k)) || (k.startsWith(candidate) && candidate.length() >= 4)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * Optimal-string-alignment distance (Levenshtein plus transpositions of adjacent characters);
     * anything above {@code limit} is reported as {@code limit + 1}.
     */
    static int distance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) > limit) {
            return limit + 1;
        }
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return Math.min(d[a.length()][b.length()], limit + 1);
    }
}
