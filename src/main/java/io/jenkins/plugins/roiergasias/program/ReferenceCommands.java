package io.jenkins.plugins.roiergasias.program;

import io.jenkins.plugins.roiergasias.workflow.Template;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The reference command mode of the generated program: an {@code execute} command runs exactly as
 * the original roiergasias engine ran it, with no shell reading it.
 *
 * <ul>
 *   <li>Templates are replaced in the command text as the original did: for each template in order,
 *       every occurrence of its text is replaced by the value the variable has now.
 *   <li>The text is cut after every single space and each piece trimmed of leading and trailing
 *       white space ({@code strings.SplitAfter} then {@code strings.TrimSpace}): a double space
 *       gives an empty argument, a leading space an empty program name.
 *   <li>The first word is looked up in the command's {@code PATH} (an empty entry is the current
 *       directory) unless it contains a {@code /}; a shell builtin never answers for it. A missing
 *       program fails the step with exit code 127, not executable with 126, and a message.
 *   <li>The program starts through {@code env -i} with exactly the environment this program was
 *       started with (read from {@code /proc/$$/environ}), changed by the workflow's variables:
 *       the shell's own {@code PWD}, {@code SHLVL} or {@code _} never reach it. Without
 *       {@code /proc} (not Linux), the shell's exported variables are passed, minus those.
 * </ul>
 *
 * The whole splitting happens at run time with parameter expansions, so a value can add words,
 * as in the original, but is never read as shell code.
 */
final class ReferenceCommands {
    /** The white space Go's {@code unicode.IsSpace} knows, apart from the space that splits words. */
    private static final String TRIMMED = "\t\n\u000b\f\r\u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
            + "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000";

    /** Prints each argument (an environment entry) as a single-quoted word; skips entries without '='. */
    private static final String QUOTER = "for a; do case $a in *=*) ;; *) continue ;; esac; q=;"
            + " while :; do case $a in *\\'*) q=$q${a%%\\'*}\"'\\\\''\"; a=${a#*\\'} ;; *) break ;; esac; done;"
            + " printf \"'%s' \" \"$q$a\"; done";

    private ReferenceCommands() {}

    /** The functions the calls of {@link #command} need; emitted once, after the program's own set-up. */
    static void header(StringBuilder out) {
        out.append("_roi_renv=$(command -v env)\n");
        // The environment this shell was started with, as quoted words, before any shell added to it.
        out.append("if _roi_init=$(xargs -0 /bin/sh -c ").append(ShellQuoting.quote(QUOTER))
                .append(" sh </proc/$$/environ 2>/dev/null); then _roi_proc=1; else _roi_proc=; _roi_init=; fi\n");
        out.append("_roi_iget() {\n"
                + "  _roi_r=; _roi_rset=\n"
                + "  for _roi_e; do case $_roi_e in \"$_roi_k\"=*) _roi_r=${_roi_e#*=}; _roi_rset=1 ;; esac; done\n"
                + "}\n");
        // _roi_iv NAME: the value NAME had when this program started (empty when it had none).
        out.append("_roi_iv() {\n"
                + "  _roi_k=$1\n"
                + "  if [ -n \"$_roi_proc\" ]; then eval \"_roi_iget $_roi_init\"; else _roi_r=\n"
                + "    case $1 in [A-Za-z_]*) case $1 in *[!A-Za-z0-9_]*) ;; *) eval \"_roi_r=\\${$1-}\" ;; esac ;; esac\n"
                + "  fi\n"
                + "}\n");
        out.append("_roi_iv PATH; _roi_ipath=$_roi_r\n");
        // _roi_ra TEXT VALUE: replaces every TEXT in $_roi_t with VALUE (Go's strings.ReplaceAll).
        out.append("_roi_ra() {\n"
                + "  _roi_r=\n"
                + "  while :; do case $_roi_t in *\"$1\"*) _roi_r=$_roi_r${_roi_t%%\"$1\"*}$2; _roi_t=${_roi_t#*\"$1\"} ;;"
                + " *) break ;; esac; done\n"
                + "  _roi_t=$_roi_r$_roi_t\n"
                + "}\n");
        out.append("eval \"$(printf ").append(ShellQuoting.quote(printfFormat(trimFunction()))).append(")\"\n");
        out.append(LOOKUP);
        out.append(RUN);
    }

    /**
     * _roi_look WORD PATHVALUE: whether WORD names a program the original would start; else
     * _roi_why says why and the status is 127 (not found) or 126 (not executable).
     */
    private static final String LOOKUP = "_roi_look() {\n"
            + "  case $1 in\n"
            + "    '') _roi_why='exec: no command'; return 127 ;;\n"
            + "    */*) if [ ! -e \"$1\" ]; then _roi_why=\"fork/exec $1: no such file or directory\"; return 127; fi\n"
            + "      if [ -d \"$1\" ] || [ ! -x \"$1\" ]; then _roi_why=\"fork/exec $1: permission denied\"; return 126; fi\n"
            + "      _roi_found=$1 ;;\n"
            + "    *) _roi_found=\n"
            + "      if [ -n \"$2\" ]; then _roi_d=$2:\n"
            + "        while [ -n \"$_roi_d\" ]; do\n"
            + "          _roi_e=${_roi_d%%:*}; _roi_d=${_roi_d#*:}\n"
            + "          [ -n \"$_roi_e\" ] || _roi_e=.\n"
            + "          if [ -f \"$_roi_e/$1\" ] && [ -x \"$_roi_e/$1\" ]; then _roi_found=$_roi_e/$1; break; fi\n"
            + "        done\n"
            + "      fi\n"
            + "      if [ -z \"$_roi_found\" ]; then _roi_why=\"exec: \\\"$1\\\": executable file not found in \\$PATH\";"
            + " return 127; fi ;;\n"
            + "  esac\n"
            + "  case $1 in *=*) _roi_why=\"$1: a program whose name contains = cannot be started by env\"; return 126 ;;"
            + " esac\n"
            + "}\n";

    /**
     * _roi_ref STEP TEXT PATH ENTRY...: splits TEXT into words and runs them with the environment
     * this program started with plus the ENTRY words (NAME=value of the workflow's variables).
     */
    private static final String RUN = "_roi_ref() {\n"
            + "  _roi_i=$1; _roi_s=$2; _roi_pv=$3; shift 3\n"
            + "  eval \"set -- $_roi_init \\\"\\$@\\\"\"\n"
            + "  _roi_p=; _roi_n=0\n"
            + "  while :; do\n"
            + "    case $_roi_s in *' '*) _roi_x=${_roi_s%%' '*}; _roi_s=${_roi_s#*' '}; _roi_more=1 ;;"
            + " *) _roi_x=$_roi_s; _roi_more= ;; esac\n"
            + "    _roi_trim\n"
            + "    [ \"$_roi_n\" != 0 ] || _roi_p=$_roi_x\n"
            + "    _roi_n=1\n"
            + "    set -- \"$@\" \"$_roi_x\"\n"
            + "    [ -n \"$_roi_more\" ] || break\n"
            + "  done\n"
            + "  _roi_look \"$_roi_p\" \"$_roi_pv\" || {\n"
            + "    _roi_rc=$?\n"
            + "    case $_roi_why in *\"$_roi_nl\"*) _roi_why='the program name contains a line break' ;; esac\n"
            + "    printf '%s\\n' \"${_roi_m}W:$_roi_i:$_roi_why\"\n"
            + "    return \"$_roi_rc\"\n"
            + "  }\n"
            + "  if [ -n \"$_roi_proc\" ]; then _roi_exec \"$_roi_renv\" -i -- \"$@\"\n"
            + "  else _roi_exec \"$_roi_renv\" -u PWD -u OLDPWD -u SHLVL -u _ -- \"$@\"; fi\n"
            + "}\n"
            + "_roi_nl='\n'\n";

    /** _roi_trim: strips Go's white space from both ends of $_roi_x. */
    private static String trimFunction() {
        StringBuilder f = new StringBuilder("_roi_trim() {\n");
        for (String end : List.of("#", "%")) {
            f.append("  while :; do case $_roi_x in\n");
            for (int i = 0; i < TRIMMED.length(); i++) {
                String c = String.valueOf(TRIMMED.charAt(i));
                String pattern = end.equals("#") ? "'" + c + "'*" : "*'" + c + "'";
                f.append("    ").append(pattern).append(") _roi_x=${_roi_x").append(end).append("'").append(c)
                        .append("'} ;;\n");
            }
            f.append("    *) break ;;\n  esac; done\n");
        }
        return f.append("}\n").toString();
    }

    /** A printf format that prints {@code text}: every byte that is not printable ASCII as an octal escape. */
    private static String printfFormat(String text) {
        StringBuilder f = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c == '\\') {
                f.append("\\\\");
            } else if (c == '%') {
                f.append("%%");
            } else if (c >= 0x20 && c < 0x7f) {
                f.append((char) c);
            } else {
                f.append('\\').append(Integer.toOctalString(c));
            }
        }
        return f.toString();
    }

    /**
     * Appends the call that runs one command of step {@code index}.
     *
     * @param set the workflow variables set so far in this program, in the order they were first set
     * @param reference the shell expansion of a workflow variable's current value
     */
    static void command(
            StringBuilder out, int index, String command, Collection<String> set, UnaryOperator<String> reference) {
        List<Template.Part> parts = Template.parse(command);
        boolean templates = parts.stream().anyMatch(p -> p instanceof Template.Ref);
        if (templates) {
            out.append("_roi_t=").append(ShellQuoting.quote(command)).append('\n');
            for (Template.Part part : parts) {
                if (part instanceof Template.Ref r) {
                    out.append(valueOf(r.name(), set, reference));
                    out.append("_roi_ra ").append(ShellQuoting.quote("{{env:" + r.name() + "}}")).append(" \"$_roi_v\"\n");
                }
            }
        }
        out.append("_roi_ref ").append(index).append(' ')
                .append(templates ? "\"$_roi_t\"" : ShellQuoting.quote(command)).append(' ')
                .append(set.contains("PATH") ? "\"${PATH}\"" : "\"$_roi_ipath\"");
        for (String name : set) {
            out.append(' ').append(ShellQuoting.quote(name + "=")).append('"').append(reference.apply(name)).append('"');
        }
        out.append(" || _roi_fail ").append(index).append(" $?\n");
    }

    /** Sets {@code _roi_v} to the current value of a variable: the workflow's, else the starting environment's. */
    private static String valueOf(String name, Collection<String> set, UnaryOperator<String> reference) {
        if (set.contains(name)) {
            return "_roi_v=\"" + reference.apply(name) + "\"\n";
        }
        return "_roi_iv " + ShellQuoting.quote(name) + "; _roi_v=$_roi_r\n";
    }
}
