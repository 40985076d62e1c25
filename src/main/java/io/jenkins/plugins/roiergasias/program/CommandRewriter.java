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
 *
 * <p>Comments ({@code #} at the start of a word, to the end of the line) are read as the shell reads
 * them, so quotes in them change nothing. Where the quoting of a template cannot be read with
 * certainty, the command is refused ({@link Uncertain}) rather than changed: a backslash right before
 * a template, a template after a here-document ({@code <<}, whose body the shell reads with other
 * rules), a template after a {@code case} inside {@code $( )} or backquotes (whose {@code )} ends
 * a pattern, not the substitution), and a template inside arithmetic {@code $(( ))}.
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
        SUBSHELL,
        ARITHMETIC,
        COMMENT
    }

    /** A template whose quoting the rewriter cannot read with certainty; the message says why. */
    static final class Uncertain extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Uncertain(String message) {
            super(message);
        }
    }

    /** What the scan knows at a point of the command. */
    private static final class State {
        final Deque<Context> stack = new ArrayDeque<>();
        boolean escaped;
        boolean compound;
        /** The character before, or a space at the start and after a template (a word goes on). */
        char previous = ' ';
        /** Why a template from here on cannot be quoted with certainty, or null. */
        String uncertain;

        State() {
            stack.push(Context.UNQUOTED);
        }
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
        State state = new State();
        Deque<Context> stack = state.stack;
        for (Template.Part part : parts) {
            if (part instanceof Template.Literal literal) {
                scan(literal.text(), state);
                body.append(literal.text());
                continue;
            }
            String name = ((Template.Ref) part).name();
            Context ctx = stack.peek();
            if (ctx == Context.ARITHMETIC) {
                state.uncertain = "arithmetic $(( )) reads its text as an expression";
            }
            if (state.uncertain != null) {
                throw new Uncertain("the quoting of the template {{env:" + name + "}} is uncertain here: "
                        + state.uncertain + "; set the value first (x={{env:" + name + "}}) and use \"$x\"");
            }
            if (ctx == Context.COMMENT) {
                body.append("{{env:").append(name).append("}}"); // a comment: the shell reads nothing here
                continue;
            }
            if (state.escaped) {
                throw new Uncertain("a backslash right before the template {{env:" + name + "}} would escape"
                        + " the first character of the value: remove the backslash");
            }
            String var = slotVariable(slots, name);
            state.previous = 'x';
            switch (ctx) {
                case SINGLE -> body.append("'\"").append(var).append("\"'");
                case DOUBLE -> body.append(var);
                default -> body.append('"').append(var).append('"');
            }
        }
        if (!state.compound && stack.size() == 1 && startsWithProgram(command)) {
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
    private static void scan(String text, State state) {
        Deque<Context> stack = state.stack;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char before = state.previous;
            state.previous = c;
            Context ctx = stack.peek();
            if (state.escaped) {
                state.escaped = false;
                state.previous = 'x'; // an escaped character is part of a word
                continue;
            }
            boolean dollarParen = c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '(';
            boolean wordStart = " \t\n;&|()<>".indexOf(before) >= 0;
            switch (ctx) {
                case COMMENT -> {
                    if (c == '\n') {
                        stack.pop();
                    }
                }
                case SINGLE -> {
                    if (c == '\'') {
                        stack.pop();
                    }
                }
                case DOUBLE -> {
                    if (c == '\\') {
                        state.escaped = true;
                    } else if (c == '"') {
                        stack.pop();
                    } else if (c == '`') {
                        stack.push(Context.BACKQUOTE);
                    } else if (dollarParen) {
                        i = substitution(text, i, state);
                    }
                }
                default -> {
                    if (ctx == Context.UNQUOTED && "|&;<>()\n".indexOf(c) >= 0) {
                        state.compound = true;
                    }
                    if (c == '#' && wordStart && ctx != Context.ARITHMETIC) {
                        stack.push(Context.COMMENT);
                    } else if (c == '\\') {
                        state.escaped = true;
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
                        i = substitution(text, i, state);
                    } else if (c == '(' && (ctx == Context.SUBSHELL || ctx == Context.ARITHMETIC)) {
                        stack.push(ctx);
                    } else if (c == ')' && (ctx == Context.SUBSHELL || ctx == Context.ARITHMETIC)) {
                        stack.pop();
                        if (ctx == Context.ARITHMETIC && stack.peek() == Context.ARITHMETIC
                                && i + 1 < text.length() && text.charAt(i + 1) == ')') {
                            stack.pop(); // the "))" that ends $((
                            i++;
                        }
                    } else if (c == '<' && i + 1 < text.length() && text.charAt(i + 1) == '<') {
                        state.uncertain = "a here-document (<<) is read with other rules than the command";
                    } else if (wordStart && (ctx == Context.SUBSHELL || ctx == Context.BACKQUOTE)
                            && text.startsWith("case", i) && (i + 4 == text.length()
                                    || Character.isWhitespace(text.charAt(i + 4)))) {
                        state.uncertain = "a case inside $( ) or backquotes ends its patterns with )";
                    }
                }
            }
            if (stack.isEmpty()) {
                stack.push(Context.UNQUOTED);
            }
        }
    }

    /** Enters {@code $(} or {@code $((} at {@code i}; returns the index of its last opening character. */
    private static int substitution(String text, int i, State state) {
        if (i + 2 < text.length() && text.charAt(i + 2) == '(') {
            state.stack.push(Context.ARITHMETIC);
            state.stack.push(Context.ARITHMETIC);
            state.previous = '(';
            return i + 2;
        }
        state.stack.push(Context.SUBSHELL);
        state.previous = '(';
        return i + 1;
    }
}
