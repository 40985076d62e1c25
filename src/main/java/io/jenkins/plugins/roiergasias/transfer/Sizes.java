package io.jenkins.plugins.roiergasias.transfer;

import java.util.Locale;

/** Byte counts for people. */
public final class Sizes {
    private Sizes() {}

    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double v = bytes;
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /**
     * {@code 500M}, {@code 2G}, {@code 64k} or a plain number of bytes.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static long parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT).replaceAll("I?B$", "");
        long unit = 1;
        if (!t.isEmpty()) {
            char c = t.charAt(t.length() - 1);
            unit = switch (c) {
                case 'K' -> 1L << 10;
                case 'M' -> 1L << 20;
                case 'G' -> 1L << 30;
                case 'T' -> 1L << 40;
                default -> 1;
            };
            if (unit > 1) {
                t = t.substring(0, t.length() - 1);
            }
        }
        try {
            long n = Long.parseLong(t.trim());
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(n, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("a size such as 500M or 2G is needed, not \"" + text + "\"");
        }
    }
}
