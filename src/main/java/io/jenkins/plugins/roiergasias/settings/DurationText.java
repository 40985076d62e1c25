package io.jenkins.plugins.roiergasias.settings;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in a Jenkinsfile or a form: {@code 90s}, {@code 5m}, {@code 2h},
 * {@code 1h30m}, {@code 1d}. A bare number is refused rather than guessed (seconds? minutes?).
 */
public final class DurationText {
    private static final Pattern WHOLE = Pattern.compile("(\\d{1,6}[dhms])+");
    private static final Pattern PART = Pattern.compile("(\\d{1,6})([dhms])");
    private static final Duration MAX = Duration.ofDays(366);

    private DurationText() {}

    /**
     * Reads a positive duration.
     *
     * @param what the option's name, for messages (e.g. {@code segmentTimeout})
     * @throws IllegalArgumentException with a message that says what to write instead
     */
    public static Duration parse(String what, String text) {
        String t = text.strip().toLowerCase(Locale.ROOT).replace(" ", "");
        if (t.startsWith("-")) {
            throw new IllegalArgumentException(what + " is negative (" + text.strip()
                    + "): give a positive duration such as 30m");
        }
        if (t.matches("\\d+")) {
            throw new IllegalArgumentException(what + " '" + text.strip() + "' has no unit: write " + t
                    + "m for minutes or " + t + "s for seconds");
        }
        if (!WHOLE.matcher(t).matches()) {
            throw new IllegalArgumentException(what + " '" + text.strip()
                    + "' is not a duration: use a number and a unit, e.g. 90s, 5m, 2h, 1h30m or 1d");
        }
        Duration d = Duration.ZERO;
        Matcher m = PART.matcher(t);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            d = d.plus(switch (m.group(2)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            });
        }
        if (d.isZero()) {
            throw new IllegalArgumentException(what + " is zero: give a positive duration such as 30m");
        }
        if (d.compareTo(MAX) > 0) {
            throw new IllegalArgumentException(what + " '" + text.strip() + "' is longer than a year");
        }
        return d;
    }

    /** The shortest form {@link #parse} reads back: {@code 1h30m}, {@code 45s}; {@code 0s} for zero. */
    public static String format(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s == 0) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        long days = s / 86_400;
        long hours = s % 86_400 / 3600;
        long minutes = s % 3600 / 60;
        long seconds = s % 60;
        if (days > 0) {
            b.append(days).append('d');
        }
        if (hours > 0) {
            b.append(hours).append('h');
        }
        if (minutes > 0) {
            b.append(minutes).append('m');
        }
        if (seconds > 0) {
            b.append(seconds).append('s');
        }
        return b.toString();
    }

    /** For people: {@code 850 ms}, {@code 12.3 s}, {@code 4m05s}, {@code 1h02m}. */
    public static String human(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long s = ms / 1000;
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
    }
}
