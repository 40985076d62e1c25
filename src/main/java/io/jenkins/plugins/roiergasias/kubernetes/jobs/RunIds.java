package io.jenkins.plugins.roiergasias.kubernetes.jobs;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Locale;

/** Run ids: short DNS-1123 labels, unique per run, that start every object name of the run. */
public final class RunIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
    private static final int SUFFIX = 8;
    /** 36^8: the number of suffixes. */
    private static final long SUFFIXES = 2_821_109_907_456L;

    private RunIds() {}

    /**
     * A new id: {@code prefix} reduced to at most 10 DNS-1123 characters (e.g. the job name), then 8
     * random characters. At most 20 characters, so that {@code <runId>-s<NNN>} fits every limit.
     */
    public static String create(String prefix) {
        StringBuilder id = new StringBuilder(label(prefix)).append('-');
        for (int i = 0; i < SUFFIX; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }

    /**
     * The id of the run that {@code key} names, the same every time: {@code prefix} reduced as in
     * {@link #create}, then 8 characters of the key's SHA-256. A caller that can compute the key
     * again (after a restart, without anything saved) finds the same id and so the run's objects.
     * The key must name one run among all that may share a namespace (e.g. the Jenkins instance,
     * the build and the step in it); distinct keys give distinct ids but for a chance of about one
     * in 2.8 · 10¹² per pair.
     */
    public static String derive(String prefix, String key) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        long n = Long.remainderUnsigned(ByteBuffer.wrap(hash).getLong(), SUFFIXES);
        char[] suffix = new char[SUFFIX];
        for (int i = SUFFIX - 1; i >= 0; i--) {
            suffix[i] = ALPHABET.charAt((int) (n % ALPHABET.length()));
            n /= ALPHABET.length();
        }
        return label(prefix) + '-' + new String(suffix);
    }

    /** At most 10 DNS-1123 characters from {@code prefix}, starting with a letter. */
    private static String label(String prefix) {
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
        return p;
    }
}
