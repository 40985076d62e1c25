package io.jenkins.plugins.roiergasias.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rewriter against dash itself: for generated commands (quotes, comments, command
 * substitutions, backslashes, here-documents, case), the rewritten script with a value passed as
 * data prints what dash prints for the command with the value's text written where the template
 * stood (a value of letters and digits means the same wherever it stands). A command the rewriter
 * cannot read with certainty is refused, never changed.
 */
class CommandRewriterDifferentialTest {
    private static final List<String> FRAGMENTS = List.of(
            "echo ", "printf '%s|' ", "{{env:A}}", "{{env:A}}", "{{env:B}}", " ", " ", "x", "'", "'", "\"", "\"",
            " # it's ", " #\" ", "\n", "; ", "$(", ")", "`", "\\", "$((", "))", "case k in k) echo ", " ;; esac",
            "cat <<E\n", "\nE\n", "cat <<'E'\n", "${A:-", "}", "(", "|", " && ");

    private record Outcome(int exit, String stdout) {}

    private static Outcome dash(String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Shells.all().findFirst().orElseThrow(), "-c", script, "sh"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(false)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Outcome(-1, out);
        }
        return new Outcome(p.exitValue(), out);
    }

    /** dash's own reading: the value's text where the template stood. */
    private static Outcome expected(String command, String a, String b) throws Exception {
        return dash("A=" + a + "; B=" + b + "; " + command.replace("{{env:A}}", a).replace("{{env:B}}", b));
    }

    private static Outcome rewritten(CommandRewriter.Rewritten r, String a, String b) throws Exception {
        List<String> args = new ArrayList<>();
        for (String name : r.arguments()) {
            args.add(name.equals("A") ? a : b);
        }
        return dash("A=" + a + "; B=" + b + "; " + r.script(), args.toArray(String[]::new));
    }

    @Test
    void rewrittenCommandsDoWhatDashDoesWithTheValueWritten() throws Exception {
        int compared = 0;
        int refused = 0;
        List<String> mismatches = new ArrayList<>();
        for (long seed = 0; seed < 3000; seed++) {
            Random r = new Random(seed);
            StringBuilder c = new StringBuilder(FRAGMENTS.get(r.nextInt(2)));
            for (int i = 1 + r.nextInt(7); i > 0; i--) {
                c.append(FRAGMENTS.get(r.nextInt(FRAGMENTS.size())));
            }
            String command = c.toString();
            if (!command.contains("{{env:")) {
                continue;
            }
            CommandRewriter.Rewritten rw;
            try {
                rw = CommandRewriter.rewrite(command, List.of());
            } catch (CommandRewriter.Uncertain e) {
                refused++;
                continue;
            }
            compared++;
            Outcome want = expected(command, "v1a", "w2b");
            Outcome got = rewritten(rw, "v1a", "w2b");
            if (!want.equals(got)) {
                mismatches.add(command.replace("\n", "\\n") + "  =>  " + rw.script().replace("\n", "\\n") + "  want "
                        + want + " got " + got);
            }
        }
        System.out.println("differential: " + compared + " commands compared with dash, " + refused + " refused");
        assertTrue(compared > 300, "too few commands compared: " + compared);
        assertEquals(List.of(), mismatches.subList(0, Math.min(10, mismatches.size())), mismatches.size() + " mismatches");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "echo {{env:A}} # it's {{env:B}}\necho {{env:B}}",
        "echo {{env:A}} #\"\necho \"{{env:B}}\"",
        "x=\"$(case a in a) echo {{env:A}};; esac)\"; echo \"$x {{env:B}}\""})
    void commentsAndCaseAreReadAsDashReadsThem(String command) throws Exception {
        CommandRewriter.Rewritten rw;
        try {
            rw = CommandRewriter.rewrite(command, List.of());
        } catch (CommandRewriter.Uncertain e) {
            assertTrue(command.contains("case"), "only case inside $( ) is refused: " + e.getMessage());
            return;
        }
        assertEquals(expected(command, "v1a", "w2b"), rewritten(rw, "v1a", "w2b"), rw.script());
    }

    @ParameterizedTest
    @ValueSource(strings = {"echo \\{{env:A}}", "echo \"\\{{env:A}}\"", "cat <<E\n{{env:A}}\nE",
        "echo \"$(case a in a) echo x;; esac)\" {{env:A}}"})
    void uncertainContextsAreRefused(String command) {
        CommandRewriter.Uncertain e = assertThrows(CommandRewriter.Uncertain.class,
                () -> CommandRewriter.rewrite(command, List.of()));
        assertTrue(e.getMessage().contains("template"), e.getMessage());
    }
}
