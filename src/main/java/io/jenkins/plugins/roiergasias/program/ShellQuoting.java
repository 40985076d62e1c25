package io.jenkins.plugins.roiergasias.program;

import java.util.Set;
import java.util.regex.Pattern;

/** Quoting rules of the generated POSIX sh programs. */
final class ShellQuoting {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * Names a shell sets or protects itself (read-only in bash, or changing how the program runs).
     * Workflow variables with these names are kept in program slots and passed to commands through
     * {@code env}, so the program's own shell is never disturbed.
     */
    private static final Set<String> SHELL_OWNED = Set.of(
            "IFS", "PPID", "UID", "EUID", "GROUPS", "SHELLOPTS", "BASHOPTS", "BASH_VERSINFO", "BASH_ARGV0",
            "BASHPID", "OPTIND", "OPTARG", "LINENO", "ENV", "PS1", "PS2", "PS4", "_", "RANDOM", "SECONDS",
            "SRANDOM", "EPOCHSECONDS", "EPOCHREALTIME", "FUNCNAME", "PIPESTATUS", "HISTCMD", "DIRSTACK",
            "CDPATH", "POSIXLY_CORRECT", "BASH_ENV", "BASH_XTRACEFD");

    static final String INTERNAL_PREFIX = "_roi_";

    private ShellQuoting() {}

    /** The text as one single-quoted shell word. */
    static String quote(String text) {
        if (text.isEmpty()) {
            return "''";
        }
        return "'" + text.replace("'", "'\\''") + "'";
    }

    /**
     * Whether a workflow variable can live as a plain exported shell variable of the same name:
     * a shell identifier the shell does not own and our program does not use.
     */
    static boolean plainVariable(String name) {
        return IDENTIFIER.matcher(name).matches()
                && !SHELL_OWNED.contains(name)
                && !name.startsWith(INTERNAL_PREFIX);
    }
}
