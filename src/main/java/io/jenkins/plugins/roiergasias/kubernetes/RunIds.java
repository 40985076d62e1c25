package io.jenkins.plugins.roiergasias.kubernetes;

import java.security.SecureRandom;
import java.util.Locale;

/** Run ids: short DNS-1123 labels, unique per run, that start every object name of the run. */
public final class RunIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

    private RunIds() {}

    /**
     * A new id: {@code prefix} reduced to at most 10 DNS-1123 characters (e.g. the job name), then 8
     * random characters. At most 20 characters, so that {@code <runId>-s<NNN>} fits every limit.
     */
    public static String create(String prefix) {
        String p = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (p.length() > 10) {
            p = p.substring(0, 10).replaceAll("-+$", "");
        }
        if (p.isEmpty() || !Character.isLetter(p.charAt(0))) {
            p = "r" + p;
            if (p.length() > 10) {
                p = p.substring(0, 10).replaceAll("-+$", "");
            }
        }
        StringBuilder id = new StringBuilder(p).append('-');
        for (int i = 0; i < 8; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }
}
