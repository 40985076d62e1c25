package io.jenkins.plugins.roiergasias.program;

import io.jenkins.plugins.roiergasias.segment.CommentText;
import io.jenkins.plugins.roiergasias.segment.Segment;
import io.jenkins.plugins.roiergasias.workflow.CommandMode;
import io.jenkins.plugins.roiergasias.workflow.EnvItem;
import io.jenkins.plugins.roiergasias.workflow.EnvVar;
import io.jenkins.plugins.roiergasias.workflow.EnvironmentStep;
import io.jenkins.plugins.roiergasias.workflow.ExecuteStep;
import io.jenkins.plugins.roiergasias.workflow.PrintStep;
import io.jenkins.plugins.roiergasias.workflow.Step;
import io.jenkins.plugins.roiergasias.workflow.Template;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the POSIX {@code sh} program that runs one segment. Run it as
 * {@code /bin/sh PROGRAM STATUS_FILE [-]} (with {@code -}, the marker nonce is the first line of
 * stdin instead of being drawn from {@code /dev/urandom}): it prints the workflow output with step markers for
 * {@link MarkerReader}, stops at the first failing step with that step's exit code, and writes its
 * final status ({@link ProgramStatus}) to STATUS_FILE (in a pod: {@code /dev/termination-log}).
 * SIGTERM, SIGINT and SIGHUP are passed to the running command, and the program exits 143/130/129.
 *
 * <p>Workflow variables whose names are plain shell identifiers are exported shell variables of the
 * same name, so commands and a changed {@code PATH} see them as usual. Other names (with {@code -},
 * or owned by the shell) live in program slots and reach commands through {@code env NAME=value}.
 * Values are always expanded from variables, never pasted into code.
 */
public final class ProgramGenerator {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Segment segment;
    private final StringBuilder out = new StringBuilder(4096);
    /** Markers of environment steps not printed yet: they go out with the next printf. */
    private final StringBuilder pending = new StringBuilder();
    /** Slot numbers of workflow variables that are not plain shell variables, in order of first use. */
    private final Map<String, Integer> slots = new LinkedHashMap<>();
    /** Slot names set so far, which every command must get through env. */
    private final Map<String, Integer> slotsSet = new LinkedHashMap<>();
    /** Every workflow variable set so far, in the order first set (for the reference command mode). */
    private final Set<String> set = new LinkedHashSet<>();
    private final boolean reference;

    private ProgramGenerator(Segment segment) {
        this.segment = segment;
        this.reference = segment.commands() == CommandMode.REFERENCE
                && segment.steps().stream().anyMatch(s -> s instanceof ExecuteStep);
    }

    /** A command of step {@code step} (workflow-wide) that cannot be rewritten with certainty. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int step;
        final int command;

        Refused(int step, int command, String message) {
            super(message);
            this.step = step;
            this.command = command;
        }
    }

    /** @throws Refused for a command whose templates cannot be quoted with certainty */
    public static String generate(Segment segment) {
        return new ProgramGenerator(segment).write();
    }

    /**
     * Whether a variable of the program's process environment with this name is seen by the
     * workflow ({@code {{env:NAME}}} and commands): the shell keeps only identifiers in its
     * environment, and the names it or the program owns are not the workflow's.
     */
    public static boolean passableName(String name) {
        return ShellQuoting.plainVariable(name);
    }

    private String write() {
        for (EnvItem item : segment.environment()) {
            assign(item.vars());
        }
        int index = segment.firstStep();
        for (Step step : segment.steps()) {
            step(index++, step);
        }
        if (pending.length() > 0) {
            out.append("printf '%s\\n'").append(pending).append('\n');
            pending.setLength(0);
        }
        out.append("_roi_end 0 ").append(segment.stepCount()).append(" -\n");
        String body = out.toString();
        out.setLength(0);
        header();
        return out.append(body).toString();
    }

    private void header() {
        out.append("#!/bin/sh\n");
        out.append("# roiergasias: ").append(CommentText.line(segment.label()))
                .append(", generated; run as: /bin/sh THIS STATUS_FILE [-]\n");
        out.append("_roi_status_file=${1:-/dev/null}\n");
        // The marker nonce is kept in an unexported variable, so the workflow's commands cannot
        // learn it and forge a marker. With "-" as second argument it is the first line of stdin
        // (the local runner, which saves the forks); else it is drawn here. The generation-time
        // part only matters on images without od.
        out.append("if [ \"${2:-}\" = - ]; then IFS= read -r _roi_nonce; else\n");
        out.append("_roi_nonce=$(od -An -N12 -tx1 /dev/urandom 2>/dev/null | tr -d ' \\n'); fi\n");
        out.append("_roi_nonce=\"${_roi_nonce:-")
                .append(HexFormat.of().formatHex(randomBytes()))
                .append("$$}\"\n");
        out.append("_roi_m=\"::roiergasias:$_roi_nonce:\"\n");
        if (!slots.isEmpty()) {
            out.append("_roi_env=$(command -v env)\n");
        }
        out.append("_roi_child=\n_roi_cur=").append(segment.firstStep()).append('\n');
        out.append("_roi_end() {\n"
                + "  printf 'roiergasias-status v1 exit=%s completed=%s failed=%s' \"$1\" \"$2\" \"$3\" >\"$_roi_status_file\" 2>/dev/null\n"
                + "  exit \"$1\"\n"
                + "}\n");
        out.append("_roi_fail() {\n"
                + "  printf '%s\\n' \"${_roi_m}E:$1:$2\"\n"
                + "  _roi_end \"$2\" $(($1 - ").append(segment.firstStep()).append(" + 1)) \"$1\"\n"
                + "}\n");
        out.append("_roi_signal() {\n"
                + "  [ -n \"$_roi_child\" ] && kill -TERM \"$_roi_child\" 2>/dev/null\n"
                + "  _roi_end \"$1\" $((_roi_cur - ").append(segment.firstStep()).append(")) -\n"
                + "}\n");
        out.append("trap '_roi_signal 143' TERM\ntrap '_roi_signal 130' INT\ntrap '_roi_signal 129' HUP\n");
        // Commands run in the background so that a signal to this shell (PID 1 in a pod) is
        // handled at once rather than after the command ends.
        out.append("_roi_exec() {\n"
                + "  \"$@\" 2>&1 &\n"
                + "  _roi_child=$!\n"
                + "  wait \"$_roi_child\"\n"
                + "  _roi_rc=$?\n"
                + "  _roi_child=\n"
                + "  return \"$_roi_rc\"\n"
                + "}\n");
        if (reference) {
            ReferenceCommands.header(out);
        }
        out.append("printf '%s\\n' \"${_roi_m}H:").append(segment.index()).append("\"\n");
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return b;
    }

    private void step(int index, Step step) {
        if (step instanceof PrintStep p) {
            print(index, p);
        } else if (step instanceof EnvironmentStep e) {
            // Setting variables takes no time and prints nothing: its "done" marker goes out with
            // the next printf, as nothing can happen in between.
            assign(e.vars());
            pending.append(" \"${_roi_m}D:").append(index).append('"');
            if (pending.length() > 8192) {
                out.append("printf '%s\\n'").append(pending).append('\n');
                pending.setLength(0);
            }
        } else {
            execute(index, (ExecuteStep) step);
        }
    }

    /** Print steps take no time: their lines, then one "done" marker, in a single printf. */
    private void print(int index, PrintStep p) {
        out.append("printf '%s\\n'").append(pending);
        pending.setLength(0);
        for (String item : p.items()) {
            out.append(' ');
            expand(item);
        }
        out.append(" \"${_roi_m}D:").append(index).append("\"\n");
    }

    private void execute(int index, ExecuteStep x) {
        // Only commands take time, so only they can be interrupted: the signal handler reports
        // the steps before the current command as completed.
        out.append("_roi_cur=").append(index).append('\n');
        out.append("printf '%s\\n'").append(pending).append(" \"${_roi_m}S:").append(index).append("\"\n");
        pending.setLength(0);
        List<String> passed = List.copyOf(slotsSet.keySet());
        int nth = 0;
        for (String command : x.commands()) {
            nth++;
            if (reference) {
                ReferenceCommands.command(out, index, command, set, this::reference);
                continue;
            }
            CommandRewriter.Rewritten r;
            try {
                r = CommandRewriter.rewrite(command, passed);
            } catch (CommandRewriter.Uncertain e) {
                throw new Refused(index, nth - 1, e.getMessage());
            }
            out.append("_roi_exec");
            if (!passed.isEmpty()) {
                // For shells that keep such names (bash); dash and busybox drop them, which the
                // rewriter makes up for where it can.
                out.append(" \"$_roi_env\" --");
                for (String name : passed) {
                    out.append(' ').append(ShellQuoting.quote(name + "=")).append('"').append(reference(name))
                            .append('"');
                }
            }
            out.append(" /bin/sh -c ").append(ShellQuoting.quote(r.script())).append(" sh");
            for (String name : r.arguments()) {
                out.append(" \"")
                        .append(name.equals(CommandRewriter.ENV_PATH) ? "$_roi_env" : reference(name))
                        .append('"');
            }
            out.append(" || _roi_fail ").append(index).append(" $?\n");
        }
        out.append("_roi_cur=").append(index + 1).append('\n');
        out.append("printf '%s\\n' \"${_roi_m}E:").append(index).append(":0\"\n");
    }

    /**
     * Sets variables together: every value is resolved first, then all are set, so they do not see
     * each other.
     */
    private void assign(List<EnvVar> vars) {
        boolean together = vars.size() > 1 && vars.stream().anyMatch(v -> Template.hasTemplates(v.value()));
        if (together) {
            for (int i = 0; i < vars.size(); i++) {
                out.append("_roi_a").append(i).append('=');
                expand(vars.get(i).value());
                out.append('\n');
            }
        }
        for (int i = 0; i < vars.size(); i++) {
            EnvVar v = vars.get(i);
            set.add(v.name());
            String target;
            if (ShellQuoting.plainVariable(v.name())) {
                out.append("export ");
                target = v.name();
            } else {
                int slot = slot(v.name());
                slotsSet.put(v.name(), slot);
                target = ShellQuoting.INTERNAL_PREFIX + "v" + slot;
            }
            out.append(target).append('=');
            if (together) {
                out.append("\"$_roi_a").append(i).append('"');
            } else {
                expand(v.value());
            }
            out.append('\n');
        }
    }

    /**
     * Appends one double-quoted shell word that expands to the text with its templates resolved.
     * One quoted word (rather than quoted pieces) is what a person would write, and what dash
     * expands fastest.
     */
    private void expand(String text) {
        out.append('"');
        for (Template.Part part : Template.parse(text)) {
            if (part instanceof Template.Literal l) {
                String t = l.text();
                for (int i = 0; i < t.length(); i++) {
                    char c = t.charAt(i);
                    if (c == '"' || c == '\\' || c == '$' || c == '`') {
                        out.append('\\');
                    }
                    out.append(c);
                }
            } else {
                out.append(reference(((Template.Ref) part).name()));
            }
        }
        out.append('"');
    }

    /** The shell expansion of a workflow variable's current value. */
    private String reference(String name) {
        if (ShellQuoting.plainVariable(name)) {
            return "${" + name + "}";
        }
        return "${" + ShellQuoting.INTERNAL_PREFIX + "v" + slot(name) + "}";
    }

    private int slot(String name) {
        return slots.computeIfAbsent(name, n -> slots.size() + 1);
    }
}
