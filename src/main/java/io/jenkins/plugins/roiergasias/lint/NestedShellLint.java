package io.jenkins.plugins.roiergasias.lint;

import io.jenkins.plugins.roiergasias.workflow.Diagnostic;
import io.jenkins.plugins.roiergasias.workflow.ExecuteStep;
import io.jenkins.plugins.roiergasias.workflow.Severity;
import io.jenkins.plugins.roiergasias.workflow.Step;
import io.jenkins.plugins.roiergasias.workflow.Task;
import io.jenkins.plugins.roiergasias.workflow.Template;
import io.jenkins.plugins.roiergasias.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Warnings for a template inside the script of a nested shell ({@code sh -c '... {{env:X}} ...'},
 * also under {@code find -exec} or {@code xargs}): the program quotes the value for the shell that
 * runs the command, but the nested shell parses its script, value included, as code. The safe form
 * passes the value as an argument of the nested shell. One warning per command, in both command
 * modes (in the reference mode the value is pasted into the script as text).
 */
public final class NestedShellLint {
    /** A shell program (any path) followed by options of which one holds {@code c}, then the script word. */
    private static final Pattern NESTED = Pattern.compile(
            "(?:^|[\\s;&|(`])(?:\\S*/)?(?:sh|bash|dash|ash|zsh|ksh|mksh)\\s+(?:-[A-Za-z]+\\s+)*-[A-Za-z]*c[A-Za-z]*\\s+");

    private NestedShellLint() {}

    public static List<Diagnostic> check(Workflow workflow) {
        List<Diagnostic> warnings = new ArrayList<>();
        for (Task task : workflow.tasks()) {
            for (int s = 0; s < task.steps().size(); s++) {
                Step step = task.steps().get(s);
                if (!(step instanceof ExecuteStep x)) {
                    continue;
                }
                for (int c = 0; c < x.commands().size(); c++) {
                    String name = templateInScript(x.commands().get(c));
                    if (name != null) {
                        String t = "{{env:" + name + "}}";
                        warnings.add(new Diagnostic(Severity.WARNING, workflow.source(), x.position(),
                                "task[" + task.index() + "].sequential[" + s + "].execute[" + c + "]",
                                t + " stands in the script of a nested shell, which parses the value as shell code"
                                        + " (a value $(cmd) runs cmd); pass the value as an argument: sh -c '..."
                                        + " \"$1\"' sh " + t));
                    }
                }
            }
        }
        return List.copyOf(warnings);
    }

    /** The name of the first template inside the script word of a nested {@code sh -c}, or null. */
    static String templateInScript(String command) {
        if (!Template.hasTemplates(command)) {
            return null;
        }
        Matcher m = NESTED.matcher(command);
        int from = 0;
        while (m.find(from)) {
            String script = word(command, m.end());
            for (Template.Part part : Template.parse(script)) {
                if (part instanceof Template.Ref r) {
                    return r.name();
                }
            }
            from = Math.max(m.end(), m.start() + 1);
        }
        return null;
    }

    /** The shell word starting at {@code i}: quoted and unquoted parts up to unquoted white space. */
    private static String word(String text, int i) {
        int end = i;
        char quote = 0;
        while (end < text.length()) {
            char c = text.charAt(end);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"') {
                    end++;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '\\') {
                end++;
            } else if (Character.isWhitespace(c) || ";&|<>)".indexOf(c) >= 0) {
                break;
            }
            end++;
        }
        return text.substring(i, Math.min(end, text.length()));
    }
}
