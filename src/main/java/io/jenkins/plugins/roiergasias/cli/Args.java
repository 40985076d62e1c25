package io.jenkins.plugins.roiergasias.cli;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The command line: a command, options with values, and flags. Unknown options are usage errors. */
final class Args {
    /** A command line that cannot be understood; exit code 3. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

    final String command;
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();
    private final Map<String, List<String>> repeated = new HashMap<>();

    private Args(String command) {
        this.command = command;
    }

    /**
     * @param valued options that take a value, e.g. {@code -f}
     * @param flagNames options without a value, e.g. {@code --local}
     */
    static Args parse(List<String> argv, Set<String> valued, Set<String> flagNames) throws UsageException {
        return parse(argv, valued, flagNames, Set.of());
    }

    /** @param repeatable options of {@code valued} that may be given more than once, see {@link #values} */
    static Args parse(List<String> argv, Set<String> valued, Set<String> flagNames, Set<String> repeatable)
            throws UsageException {
        if (argv.isEmpty()) {
            throw new UsageException("no command given");
        }
        Args args = new Args(argv.get(0));
        List<String> rest = new ArrayList<>(argv.subList(1, argv.size()));
        for (int i = 0; i < rest.size(); i++) {
            String a = rest.get(i);
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                value = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            if (valued.contains(a)) {
                if (value == null) {
                    if (i + 1 >= rest.size()) {
                        throw new UsageException("option " + a + " needs a value");
                    }
                    value = rest.get(++i);
                }
                args.repeated.computeIfAbsent(a, k -> new ArrayList<>()).add(value);
                if (args.values.put(a, value) != null && !repeatable.contains(a)) {
                    throw new UsageException("option " + a + " given twice");
                }
            } else if (flagNames.contains(a) && value == null) {
                args.flags.add(a);
            } else {
                throw new UsageException("unknown option for " + args.command + ": " + rest.get(i));
            }
        }
        return args;
    }

    @CheckForNull
    String value(String name) {
        return values.get(name);
    }

    String required(String name, String what) throws UsageException {
        String v = values.get(name);
        if (v == null) {
            throw new UsageException(command + " needs " + name + " " + what);
        }
        return v;
    }

    /** Every value of a repeatable option, in order. */
    List<String> values(String name) {
        return repeated.getOrDefault(name, List.of());
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    int integer(String name, int fallback) throws UsageException {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " needs a whole number of 0 or more, not '" + v + "'");
        }
    }

    /** {@code 90}, {@code 90s}, {@code 15m}, {@code 2h} or {@code 500ms}; a plain number is seconds. */
    Duration duration(String name, Duration fallback) throws UsageException {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        Matcher m = DURATION.matcher(v.trim().toLowerCase(Locale.ROOT));
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new UsageException(name + " needs a positive duration such as 90s, 15m or 2h, not '" + v + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
