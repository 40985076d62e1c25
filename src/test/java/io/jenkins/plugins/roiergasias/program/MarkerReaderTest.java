package io.jenkins.plugins.roiergasias.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkerReaderTest {
    static final String NONCE = "00112233445566778899aabb";

    static final class Recorder implements MarkerReader.Events {
        final StringBuilder output = new StringBuilder();
        final List<String> events = new ArrayList<>();

        @Override
        public void output(String text, boolean newline) {
            output.append(text).append(newline ? "\n" : "");
        }

        @Override
        public void stepStarted(int step) {
            events.add("S" + step);
        }

        @Override
        public void stepFinished(int step, int exitCode) {
            events.add("E" + step + ":" + exitCode);
        }
    }

    @Test
    void stripsMarkersAndRebuildsTheOutputExactly() {
        Recorder r = new Recorder();
        MarkerReader reader = new MarkerReader(r);
        assertNull(reader.nonce());
        reader.line("::roiergasias:" + NONCE + ":H:0", true);
        assertEquals(NONCE, reader.nonce());
        reader.line("::roiergasias:" + NONCE + ":S:4", true);
        reader.line("hello", true);
        reader.line("no newline::roiergasias:" + NONCE + ":E:4:0", true);
        reader.line("::roiergasias:" + NONCE + ":S:5", true);
        reader.line(" continued", true);
        reader.line("::roiergasias:" + NONCE + ":E:5:7", true);
        assertEquals("hello\nno newline continued\n", r.output.toString());
        assertEquals(List.of("S4", "E4:0", "S5", "E5:7"), r.events);
    }

    @Test
    void markersWithAnotherNonceOrMalformedAreOutput() {
        Recorder r = new Recorder();
        MarkerReader reader = new MarkerReader(r, NONCE);
        reader.line("::roiergasias:ffffffffffffffffffffffff:E:1:0", true);
        reader.line("::roiergasias:" + NONCE + ":E:1:zero", true);
        reader.line("::roiergasias:" + NONCE + ":E:1:0 trailing", true);
        reader.line("::roiergasias:" + NONCE + ":E:1:0", false);
        assertEquals(List.of(), r.events);
        assertEquals(4, r.output.toString().split("\n", -1).length);
    }

    @Test
    void outputBeforeTheHeaderIsKept() {
        Recorder r = new Recorder();
        MarkerReader reader = new MarkerReader(r);
        reader.line("sh: 1: something the shell said", true);
        reader.line("::roiergasias:" + NONCE + ":H:2", true);
        assertEquals("sh: 1: something the shell said\n", r.output.toString());
        assertEquals(NONCE, reader.nonce());
    }

    @Test
    void lineSplitterBoundsLinesAndKeepsBytes() throws Exception {
        LineSplitter splitter = new LineSplitter(16);
        List<String> pieces = new ArrayList<>();
        byte[] data = "short\n0123456789abcdefXYZ\nlast".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < data.length; i += 3) { // fed in small chunks
            splitter.feed(data, i, Math.min(3, data.length - i), (t, nl) -> pieces.add(t + (nl ? "\\n" : "")));
        }
        splitter.finish((t, nl) -> pieces.add(t + (nl ? "\\n" : "")));
        // A cut line keeps its last quarter (at most 128 bytes) for its last piece.
        assertEquals(List.of("short\\n", "0123456789ab", "cdefXYZ\\n", "last"), pieces);
    }

    @Test
    void statusRoundTrip() {
        ProgramStatus s = new ProgramStatus(3, 2, 7);
        assertEquals(s, ProgramStatus.parse(s.format()));
        assertEquals(new ProgramStatus(0, 5, null), ProgramStatus.parse("roiergasias-status v1 exit=0 completed=5 failed=-\n"));
        assertNull(ProgramStatus.parse("roiergasias-status v1 exit=0 comp"));
        assertNull(ProgramStatus.parse(""));
        assertNull(ProgramStatus.parse(null));
    }
}
