package io.jenkins.plugins.roiergasias.program;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandRewriterTest {
    @Test
    void commandsWithoutTemplatesAreUnchanged() {
        CommandRewriter.Rewritten r = CommandRewriter.rewrite("echo 'a b' | wc -c", List.of());
        assertEquals("echo 'a b' | wc -c", r.script());
        assertEquals(List.of(), r.arguments());
    }

    @Test
    void aSingleProgramReplacesTheShell() {
        assertEquals("exec sleep 300", CommandRewriter.rewrite("sleep 300", List.of()).script());
        assertEquals("exec ./train.py --epochs 3", CommandRewriter.rewrite("./train.py --epochs 3", List.of()).script());
    }

    @Test
    void templatesBecomeExpansionsSuitedToTheirQuoting() {
        CommandRewriter.Rewritten r =
                CommandRewriter.rewrite("echo {{env:A}} \"x{{env:B}}\" 'y{{env:A}}' $(cat {{env:B}})", List.of());
        assertEquals(
                "_roi_t1=\"${1}\";_roi_t2=\"${2}\";shift 2;echo \"${_roi_t1}\" \"x${_roi_t2}\" 'y'\"${_roi_t1}\"'' "
                        + "$(cat \"${_roi_t2}\")",
                r.script());
        assertEquals(List.of("A", "B"), r.arguments());
    }

    @Test
    void singleExternalCommandsGetDashedNamesThroughEnv() {
        CommandRewriter.Rewritten r = CommandRewriter.rewrite("python3 train.py", List.of("input-file"));
        assertEquals(
                "_roi_t1=\"${1}\";_roi_t2=\"${2}\";shift 2;exec \"${_roi_t1}\" -- 'input-file='\"${_roi_t2}\" python3 train.py",
                r.script());
        assertEquals(List.of(CommandRewriter.ENV_PATH, "input-file"), r.arguments());
    }

    @Test
    void compoundCommandsAndBuiltinsAreLeftAlone() {
        for (String c : List.of("a | b", "cd /tmp && ls", "echo hi", "X=1 prog", "if true; then :; fi", "(prog)")) {
            assertEquals(c, CommandRewriter.rewrite(c, List.of("n-1")).script(), c);
        }
    }
}
