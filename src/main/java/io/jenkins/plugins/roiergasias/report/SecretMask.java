package io.jenkins.plugins.roiergasias.report;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Hides secret values in a report before it is stored or shown: messages (a container's
 * termination message may be the tail of its log) and step summaries. A summary is the step's
 * first words cut short with {@code ...}; a secret the cut splits is caught by its beginning just
 * before the {@code ...}, which a console filter matching whole secrets would miss.
 */
public final class SecretMask {
    /** What every hidden value is replaced with, as Jenkins' console masking does. */
    public static final String MASK = "****";

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final String CUT = "...";
    /** The shortest beginning of a secret hidden before a cut: one character says nothing. */
    private static final int MIN_PREFIX = 2;

    private final List<String> secrets;

    /** @param secrets the values to hide; blank ones are ignored */
    public SecretMask(Collection<String> secrets) {
        Set<String> all = new LinkedHashSet<>();
        for (String s : secrets) {
            if (s != null && !s.isBlank()) {
                all.add(s);
                // summaries join whitespace runs into one space
                all.add(WHITESPACE.matcher(s.strip()).replaceAll(" "));
            }
        }
        List<String> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingInt(String::length).reversed()); // a longer secret before its parts
        this.secrets = List.copyOf(sorted);
    }

    public boolean isEmpty() {
        return secrets.isEmpty();
    }

    /** The text with every secret replaced by {@link #MASK}. */
    @CheckForNull
    public String mask(@CheckForNull String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, MASK);
        }
        return out;
    }

    /** Like {@link #mask}, and a secret's beginning right before a {@code ...} is hidden too. */
    public String maskSummary(String summary) {
        String out = mask(summary);
        if (secrets.isEmpty()) {
            return out;
        }
        StringBuilder b = new StringBuilder(out.length());
        int from = 0;
        for (int cut = out.indexOf(CUT); cut >= 0; cut = out.indexOf(CUT, cut + CUT.length())) {
            int keep = cut - longestSecretPrefixEndingAt(out, from, cut);
            b.append(out, from, keep);
            if (keep < cut) {
                b.append(MASK);
            }
            b.append(CUT);
            from = cut + CUT.length();
        }
        return b.append(out, from, out.length()).toString();
    }

    private int longestSecretPrefixEndingAt(String text, int from, int end) {
        int best = 0;
        for (String s : secrets) {
            for (int n = Math.min(s.length() - 1, end - from); n >= MIN_PREFIX && n > best; n--) {
                if (text.regionMatches(end - n, s, 0, n)) {
                    best = n;
                    break;
                }
            }
        }
        return best;
    }

    /** A message may quote a step's summary, cut as the summary is. */
    @CheckForNull
    private String maskMessage(@CheckForNull String message) {
        return message == null ? null : maskSummary(message);
    }

    /** The report with its messages and step summaries masked. */
    public RunReport mask(RunReport report) {
        if (secrets.isEmpty()) {
            return report;
        }
        List<SegmentReport> segments = new ArrayList<>(report.segments().size());
        for (SegmentReport s : report.segments()) {
            List<StepReport> steps = new ArrayList<>(s.steps().size());
            for (StepReport st : s.steps()) {
                steps.add(new StepReport(st.index(), st.task(), st.type(), maskSummary(st.summary()), st.status(),
                        st.exitCode(), st.start(), st.duration()));
            }
            List<SegmentAttempt> attempts = new ArrayList<>(s.attempts().size());
            for (SegmentAttempt a : s.attempts()) {
                attempts.add(new SegmentAttempt(a.number(), a.job(), a.pod(), a.status(), a.start(), a.duration(),
                        maskMessage(a.message()), a.failedStep(), a.exitCode()));
            }
            segments.add(new SegmentReport(s.index(), s.node(), s.job(), s.pod(), s.status(), s.start(), s.duration(),
                    maskMessage(s.message()), steps, attempts));
        }
        return new RunReport(report.status(), maskMessage(report.message()), segments);
    }
}
