package io.jenkins.plugins.roiergasias.lint;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.roiergasias.workflow.CommandMode;
import io.jenkins.plugins.roiergasias.workflow.Diagnostic;
import io.jenkins.plugins.roiergasias.workflow.EnvItem;
import io.jenkins.plugins.roiergasias.workflow.EnvVar;
import io.jenkins.plugins.roiergasias.workflow.EnvironmentStep;
import io.jenkins.plugins.roiergasias.workflow.ExecuteStep;
import io.jenkins.plugins.roiergasias.workflow.Severity;
import io.jenkins.plugins.roiergasias.workflow.Step;
import io.jenkins.plugins.roiergasias.workflow.Task;
import io.jenkins.plugins.roiergasias.workflow.Template;
import io.jenkins.plugins.roiergasias.workflow.Workflow;
import io.jenkins.plugins.roiergasias.workflow.WorkflowText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Warnings for {@code execute} commands whose meaning differs between the shell command mode
 * ({@code /bin/sh -c}) and the reference mode (split on single spaces, no shell, as the original
 * engine): one warning per command, with the first reason found and the fix. Plain commands
 * ({@code python3 train.py --epochs 10}, {@code echo hello}) get none. Nothing for a workflow in the
 * reference mode, and nothing for a file that names its mode itself ({@link #forRun}): a file that
 * says {@code x-roiergasias-commands: shell} was written for the shell mode, not for the original.
 *
 * <p>Template values are followed through the workflow's own environment where they are literal
 * text; a value that comes from the process or pod environment is unknown and assumed to be one
 * word.
 */
public final class MigrationLint {
    /** Words that are keywords or builtins of every POSIX shell and rarely a program in PATH. */
    private static final Set<String> SHELL_ONLY = Set.of(
            "if", "then", "else", "elif", "fi", "do", "done", "case", "esac", "while", "until", "for", "in", "{", "}",
            "!", "cd", "export", "exit", "set", "unset", "shift", "return", "break", "continue", "eval", "exec", ".",
            "source", "alias", "readonly", "local", "trap", "wait", "umask", "ulimit", "type", "hash", "command",
            "read", "getopts", "times", ":");
    /** Builtins that are also programs: the same unless the workflow changes PATH. */
    private static final Set<String> BUILTIN_PROGRAMS =
            Set.of("echo", "printf", "test", "[", "true", "false", "pwd", "kill");
    private static final Set<String> ENVIRONMENT_LISTERS = Set.of("env", "printenv");
    private static final String GO_SPACE = " \t\n\u000b\f\r\u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
            + "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000";
    private static final String FIX = "; to keep the original meaning add `" + CommandMode.KEY + ": reference`"
            + " (a file written for the shell mode says `" + CommandMode.KEY + ": shell`)";

    private final Workflow workflow;
    @CheckForNull
    private final Predicate<String> programExists;
    /** Values of the workflow's variables where known; null for a value that depends on the environment. */
    private final Map<String, String> known = new HashMap<>();
    private boolean pathChanged;
    private final List<Diagnostic> warnings = new ArrayList<>();

    private MigrationLint(Workflow workflow, @CheckForNull Predicate<String> programExists) {
        this.workflow = workflow;
        this.programExists = programExists;
    }

    /**
     * The warnings for a file as a run runs it: none when the file names its command mode itself
     * (it was written knowing the two modes), else those of {@link #check} in the run's mode.
     *
     * @param fromFile the workflow as parsed, before the run's mode was applied
     * @param runMode the run's command mode (a setting or {@code --commands}), null for the default
     */
    public static List<Diagnostic> forRun(
            Workflow fromFile, @CheckForNull CommandMode runMode, @CheckForNull Predicate<String> programExists) {
        if (fromFile.commands() != null) {
            return List.of();
        }
        return check(fromFile.withCommandDefault(runMode), programExists);
    }

    /**
     * @param programExists whether a path names an existing file on the machine that runs the
     *     workflow; null when that is unknown (a remote cluster), and then not checked
     */
    public static List<Diagnostic> check(Workflow workflow, @CheckForNull Predicate<String> programExists) {
        if (workflow.commandMode() == CommandMode.REFERENCE) {
            return List.of();
        }
        MigrationLint lint = new MigrationLint(workflow, programExists);
        lint.environment(workflow.environment());
        for (Task task : workflow.tasks()) {
            for (int s = 0; s < task.steps().size(); s++) {
                Step step = task.steps().get(s);
                if (step instanceof EnvironmentStep e) {
                    lint.environment(e.items());
                } else if (step instanceof ExecuteStep x) {
                    for (int c = 0; c < x.commands().size(); c++) {
                        String why = lint.difference(x.commands().get(c));
                        if (why != null) {
                            lint.warnings.add(new Diagnostic(Severity.WARNING, workflow.source(), x.position(),
                                    "task[" + task.index() + "].sequential[" + s + "].execute[" + c + "]",
                                    "`" + visible(x.commands().get(c)) + "` runs differently than in the original engine: "
                                            + why + FIX));
                        }
                    }
                }
            }
        }
        return List.copyOf(lint.warnings);
    }

    private void environment(List<EnvItem> items) {
        for (EnvItem item : items) {
            Map<String, String> values = new HashMap<>();
            for (EnvVar v : item.vars()) {
                values.put(v.name(), resolve(v.value()));
            }
            for (EnvVar v : item.vars()) {
                known.put(v.name(), values.get(v.name()));
                pathChanged |= v.name().equals("PATH");
            }
        }
    }

    /** The text with its templates resolved, or null when a template's value is not known. */
    @CheckForNull
    private String resolve(String text) {
        StringBuilder out = new StringBuilder();
        for (Template.Part p : Template.parse(text)) {
            if (p instanceof Template.Literal l) {
                out.append(l.text());
            } else {
                String name = ((Template.Ref) p).name();
                if (!known.containsKey(name) || known.get(name) == null) {
                    return null;
                }
                out.append(known.get(name));
            }
        }
        return out.toString();
    }

    /** Why the command means something else under /bin/sh -c than in the original, or null. */
    @CheckForNull
    private String difference(String command) {
        StringBuilder literal = new StringBuilder();
        for (Template.Part p : Template.parse(command)) {
            if (p instanceof Template.Literal l) {
                literal.append(l.text());
            } else {
                String name = ((Template.Ref) p).name();
                String value = known.get(name);
                if (value != null && containsAny(value, GO_SPACE)) {
                    return "the value of `{{env:" + name + "}}` has white space: it is one argument here, but the "
                            + "original split it into several (write the words in the command, or quote nothing "
                            + "and use the reference mode)";
                }
                literal.append('x');
            }
        }
        String text = literal.toString();
        if (text.contains("$IFS") || text.contains("${IFS}")) {
            return "`${IFS}` splits the word here before the program sees it (`sh -c exit${IFS}3` runs `exit` with "
                    + "$0=3 and succeeds); quote the script instead: `sh -c 'exit 3'`";
        }
        if (text.indexOf('\n') >= 0) {
            return "a line break ends the command here; the original trimmed it off its word";
        }
        if (text.isEmpty() || text.startsWith(" ")) {
            return "an empty program name: the original failed with `exec: no command`, the shell does nothing";
        }
        if (text.contains("  ") || text.endsWith(" ")) {
            return "several spaces are one separator here; the original passed an empty argument for each extra "
                    + "space";
        }
        if (text.indexOf('\'') >= 0 || text.indexOf('"') >= 0) {
            return "the shell removes the quotes here; the original passed the quote characters to the program";
        }
        if (text.indexOf('\\') >= 0) {
            return "a backslash escapes the next character here; the original passed it to the program";
        }
        if (text.indexOf('$') >= 0 || text.indexOf('`') >= 0) {
            return "`$` and backquotes expand here; the original passed them as written";
        }
        if (containsAny(text, "|&;<>()")) {
            return "`|`, `&`, `;`, `<`, `>` and parentheses are shell syntax here (pipes, redirects, lists); the "
                    + "original passed them to the program as arguments";
        }
        if (containsAny(text, "\t\u000b\f\r")) {
            return "a tab separates words here; the original kept it inside the word";
        }
        String[] words = text.split(" ");
        for (String w : words) {
            if (w.startsWith("#")) {
                return "`#` starts a comment here; the original passed it as an argument";
            }
            if (w.startsWith("~")) {
                return "`~` is the home directory here; the original passed it as written";
            }
            if (containsAny(w, "*?[")) {
                return "`" + visible(w) + "` is a pattern that matching file names replace here; the original passed it "
                        + "as written";
            }
        }
        String program = words[0];
        if (SHELL_ONLY.contains(program)) {
            return "`" + visible(program) + "` is a shell keyword or builtin here; the original looked for a program of "
                    + "that name in PATH (and usually failed)";
        }
        if (program.matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
            return "`" + visible(program) + "` sets a variable here; the original looked for a program of that name";
        }
        if (pathChanged && BUILTIN_PROGRAMS.contains(program)) {
            return "`" + visible(program) + "` is a shell builtin here and does not depend on PATH, which this workflow "
                    + "changes; the original ran the `" + visible(program) + "` that PATH finds";
        }
        if (ENVIRONMENT_LISTERS.contains(program) && words.length == 1) {
            return "the environment listed here holds the shell's own `PWD` (and under bash `SHLVL` and `_`), "
                    + "which the original did not pass";
        }
        if (program.contains("/") && programExists != null && !programExists.test(program)) {
            return "`" + visible(program) + "` does not exist here: the shell writes its error into the output (exit "
                    + "127), the original failed without output";
        }
        return null;
    }

    /** The command on one line: line breaks and tabs as {@code \n} and {@code \t}. */
    /** A command or a word of it as the warning shows it: escaped and shortened. */
    private static String visible(String text) {
        return WorkflowText.excerpt(text, 80);
    }

    private static boolean containsAny(String text, String chars) {
        for (int i = 0; i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }
}
