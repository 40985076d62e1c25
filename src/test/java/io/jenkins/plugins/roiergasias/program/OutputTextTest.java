package io.jenkins.plugins.roiergasias.program;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Workflow output keeps every byte on its way to the command line, and reads as UTF-8 in Jenkins. */
class OutputTextTest {
    @Property(tries = 2000)
    void anyBytesComeBackExactly(@ForAll @Size(max = 40) byte[] bytes) {
        String text = OutputText.decode(bytes, 0, bytes.length);
        assertArrayEquals(bytes, OutputText.encode(text));
    }

    @Property(tries = 2000)
    void theJenkinsConsoleSeesWhatAUtf8DecoderSees(@ForAll @Size(max = 40) byte[] bytes) {
        String text = OutputText.decode(bytes, 0, bytes.length);
        assertEquals(new String(bytes, StandardCharsets.UTF_8), OutputText.readable(text));
    }

    @Property(tries = 500)
    void validTextIsDecodedAsUsual(@ForAll String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        assertEquals(new String(bytes, StandardCharsets.UTF_8), OutputText.decode(bytes, 0, bytes.length));
    }

    @Test
    void invalidBytesBesideCharactersOutsideTheBasicPlane() {
        // U+1F389 is a surrogate pair whose low half lies in the range used for escaped bytes.
        byte[] bytes = {(byte) 0xF0, (byte) 0x9F, (byte) 0x8E, (byte) 0x89, (byte) 0xFF, 'a', (byte) 0xE2, (byte) 0x86};
        String text = OutputText.decode(bytes, 1, bytes.length - 1);
        assertArrayEquals(java.util.Arrays.copyOfRange(bytes, 1, bytes.length), OutputText.encode(text));
        String whole = OutputText.decode(bytes, 0, bytes.length);
        assertEquals("\uD83C\uDF89\uFFFDa\uFFFD", OutputText.readable(whole));
        assertArrayEquals(bytes, OutputText.encode(whole));
    }

    @Test
    void aRealReplacementCharacterStaysOne() {
        byte[] bytes = "a\uFFFDb".getBytes(StandardCharsets.UTF_8);
        assertEquals("a\uFFFDb", OutputText.decode(bytes, 0, bytes.length));
        assertArrayEquals(bytes, OutputText.encode(OutputText.decode(bytes, 0, bytes.length)));
    }
}
