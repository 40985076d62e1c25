package io.jenkins.plugins.roiergasias.program;

import io.jenkins.plugins.roiergasias.workflow.Template;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns an {@code execute} command into a shell script whose templates are variable expansions.
 * The value of {@code {{env:NAME}}} reaches the script as a positional parameter and is only ever
 * expanded, never parsed: a value containing {@code ;} or {@code $(..)} stays data.
 *
 * <p>The expansion depends on where the template stands in the command: unquoted it becomes one
 * word {@code "${t}"}, inside double quotes {@code ${t}}, and inside single quotes the quote is
 * closed around {@code "${t}"}, so that the value appears wherever the text of the template stood.
 *
 * <p>A command that is a single external program is started with {@code exec}, so that it is the
 * process the program signals on abort rather than a shell above it.
 *
 * <p>POSIX shells (dash, busybox) drop environment variables whose names are not identifiers, such
 * as {@code input-data-file}. When the workflow has set such variables and the command is a single
 * external command, the script starts it through {@code env NAME=value ...} so that the program
 * still gets them as real environment variables.
 */
final class CommandRewriter {
    /** Key of the positional parameter that carries the path of {@code env}. */
    static final String ENV_PATH = "\0env";

    /**
     * The rewritten script, and the variables whose values it expects as $1, $2, ... in order
     * ({@link #ENV_PATH} stands for the path of {@code env}).
     */
    record Rewritten(String script, List<String> arguments) {}

    private enum Context {
        UNQUOTED,
        SINGLE,
        DOUBLE,
        BACKQUOTE,
        SUBSHELL
    }

    /** Words that make a command more than one external program. */
    private static final Set<String> SHELL_WORDS = Set.of(
            "if", "then", "else", "elif", "fi", "do", "done", "case", "esac", "while", "until", "for", "in", "{",
            "}", "!", "[[", "]]", "function", "select", "time", "alias", "bg", "cd", "command", "echo", "eval",
            "exec", "exit", "export", "false", "fc", "fg", "getopts", "hash", "jobs", "kill", "local", "printf",
            "pwd", "read", "readonly", "return", "set", "shift", "test", "[", "times", "trap", "true", "type",
            "ulimit", "umask", "unalias", "unset", "wait", "source", ".", ":", "break", "continue", "let");

    private CommandRewriter() {}

    /**
     * @param command the command as written in the workflow
     * @param passed names of the non-identifier variables set so far, to pass through {@code env}
     */
    static Rewritten rewrite(String command, List<String> passed) {
        List<Template.Part> parts = Template.parse(command);
        Map<String, Integer> slots = new LinkedHashMap<>();
        StringBuilder body = new StringBuilder(command.length() + 32);
        Deque<Context> stack = new ArrayDeque<>();
        stack.push(Context.UNQUOTED);
        boolean[] escaped = {false};
        boolean[] compound = {false};
        for (Template.Part part : parts) {
            if (part instanceof Template.Literal literal) {
                scan(literal.text(), stack, escaped, compound);
                body.append(literal.text());
                continue;
            }
            String var = slotVariable(slots, ((Template.Ref) part).name());
            if (escaped[0]) {
                // A backslash just before the template escapes the first character inserted here;
                // give it an empty word to eat so the expansion keeps its quotes.
                body.append("\"\"");
                escaped[0] = false;
            }
            switch (stack.peek()) {
                case SINGLE -> body.append("'\"").append(var).append("\"'");
                case DOUBLE -> body.append(var);
                default -> body.append('"').append(var).append('"');
            }
        }
        if (!compound[0] && stack.size() == 1 && startsWithProgram(command)) {
            // A single external program replaces the shell (exec), so that the SIGTERM the program
            // sends to its running command reaches the command itself.
            StringBuilder prefix = new StringBuilder("exec ");
            if (!passed.isEmpty()) {
                prefix.append('"').append(slotVariable(slots, ENV_PATH)).append("\" --");
                for (String name : passed) {
                    prefix.append(' ')
                            .append(ShellQuoting.quote(name + "="))
                            .append('"')
                            .append(slotVariable(slots, name))
                            .append('"');
                }
                prefix.append(' ');
            }
            body.insert(0, prefix);
        }
        if (slots.isEmpty()) {
            return new Rewritten(body.toString(), List.of());
        }
        StringBuilder script = new StringBuilder();
        int i = 1;
        for (int slot : slots.values()) {
            script.append(ShellQuoting.INTERNAL_PREFIX).append('t').append(slot).append("=\"${").append(i++)
                    .append("}\";");
        }
        script.append("shift ").append(slots.size()).append(';').append(body);
        return new Rewritten(script.toString(), new ArrayList<>(slots.keySet()));
    }

    private static String slotVariable(Map<String, Integer> slots, String name) {
        int slot = slots.computeIfAbsent(name, n -> slots.size() + 1);
        return "${" + ShellQuoting.INTERNAL_PREFIX + "t" + slot + "}";
    }

    /** Whether the command's first word names an external program (not a keyword, builtin or assignment). */
    private static boolean startsWithProgram(String command) {
        String s = command.stripLeading();
        int end = 0;
        while (end < s.length() && !Character.isWhitespace(s.charAt(end))) {
            end++;
        }
        String first = s.substring(0, end);
        return !first.isEmpty()
                && !SHELL_WORDS.contains(first)
                && !first.contains("=")
                && !first.contains("{{env:")
                && !first.startsWith("#");
    }

    /** Follows the quoting context through literal command text, and notes shell operators. */
    private static void scan(String text, Deque<Context> stack, boolean[] escaped, boolean[] compound) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            Context ctx = stack.peek();
            if (escaped[0]) {
                escaped[0] = false;
                continue;
            }
            boolean dollarParen = c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '(';
            switch (ctx) {
                case SINGLE -> {
                    if (c == '\'') {
                        stack.pop();
                    }
                }
                case DOUBLE -> {
                    if (c == '\\') {
                        escaped[0] = true;
                    } else if (c == '"') {
                        stack.pop();
                    } else if (c == '`') {
                        stack.push(Context.BACKQUOTE);
                    } else if (dollarParen) {
                        stack.push(Context.SUBSHELL);
                        i++;
                    }
                }
                default -> {
                    if (ctx == Context.UNQUOTED && "|&;<>()\n".indexOf(c) >= 0) {
                        compound[0] = true;
                    }
                    if (c == '\\') {
                        escaped[0] = true;
                    } else if (c == '\'') {
                        stack.push(Context.SINGLE);
                    } else if (c == '"') {
                        stack.push(Context.DOUBLE);
                    } else if (c == '`') {
                        if (ctx == Context.BACKQUOTE) {
                            stack.pop();
                        } else {
                            stack.push(Context.BACKQUOTE);
                        }
                    } else if (dollarParen) {
                        stack.push(Context.SUBSHELL);
                        i++;
                    } else if (c == '(' && ctx == Context.SUBSHELL) {
                        stack.push(Context.SUBSHELL);
                    } else if (c == ')' && ctx == Context.SUBSHELL) {
                        stack.pop();
                    }
                }
            }
            if (stack.isEmpty()) {
                stack.push(Context.UNQUOTED);
            }
        }
    }
}
