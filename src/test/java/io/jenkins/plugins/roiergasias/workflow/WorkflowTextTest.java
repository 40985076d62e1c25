package io.jenkins.plugins.roiergasias.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Reading a workflow file: the size limit, strict UTF-8, and the messages a user gets. */
class WorkflowTextTest {
    private static InputStream bytes(byte[] b) {
        return new ByteArrayInputStream(b);
    }

    /** An endless stream of zero bytes that counts what was read from it, like {@code /dev/zero}. */
    private static final class Zeros extends InputStream {
        long read;

        @Override
        public int read() {
            read++;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            java.util.Arrays.fill(b, off, off + len, (byte) 0);
            read += len;
            return len;
        }
    }

    @Test
    void readsAFileOfExactlyTheLimit() throws IOException {
        byte[] text = "version: 0.1\n".getBytes(StandardCharsets.UTF_8);
        assertEquals("version: 0.1\n", WorkflowText.read(bytes(text), text.length, "w.yaml"));
    }

    @Test
    void refusesOneByteMoreThanTheLimitNamingTheFileTheLimitAndHowToRaiseIt() {
        byte[] text = "version: 0.1\n".getBytes(StandardCharsets.UTF_8);
        WorkflowTooLargeException e = assertThrows(WorkflowTooLargeException.class,
                () -> WorkflowText.read(bytes(text), text.length - 1, "w.yaml"));
        assertEquals("w.yaml: error: the workflow file is larger than the limit of 12 bytes; nothing was read"
                + " beyond it. A larger limit can be set with the Java system property roiergasias.maxWorkflowBytes"
                + " (a number of bytes, e.g. -Droiergasias.maxWorkflowBytes=1048576)", e.getMessage());
        assertEquals(12, e.getMaxBytes());
        assertEquals("w.yaml", e.getName());
    }

    @Test
    void aTextIsMeasuredInUtf8BytesAndRefusedWithTheMessageOfAFileThatLarge() throws IOException {
        String text = "print: [\"caf\u00e9 \u20ac \ud83d\ude00\"]\n"; // 2-, 3- and 4-byte characters
        int size = text.getBytes(StandardCharsets.UTF_8).length;
        WorkflowText.checkSize(text, size, "text");
        WorkflowTooLargeException fromText = assertThrows(WorkflowTooLargeException.class,
                () -> WorkflowText.checkSize(text, size - 1, "text"));
        WorkflowTooLargeException fromFile = assertThrows(WorkflowTooLargeException.class,
                () -> WorkflowText.read(bytes(text.getBytes(StandardCharsets.UTF_8)), size - 1, "text"));
        assertEquals(fromFile.getMessage(), fromText.getMessage());
    }

    @Test
    void readsNoMoreThanOneByteBeyondTheLimitOfAnEndlessStream() {
        Zeros zeros = new Zeros();
        WorkflowTooLargeException e = assertThrows(WorkflowTooLargeException.class,
                () -> WorkflowText.read(zeros, 1024 * 1024, "/dev/zero"));
        assertTrue(e.getMessage().contains("limit of 1048576 bytes (1 MiB)"), e.getMessage());
        assertTrue(zeros.read <= 1024 * 1024 + 1, "read " + zeros.read + " bytes");
    }

    @Test
    void refusesBytesThatAreNotUtf8AtTheirLineAndColumn() {
        byte[] latin1 = "version: 0.1\ntask:\n  - sequential:\n      - print: [\"caf\u00e9\"]\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        WorkflowEncodingException e = assertThrows(WorkflowEncodingException.class,
                () -> WorkflowText.read(bytes(latin1), 1000, "w.yaml"));
        assertEquals("w.yaml:4:21: error: the file is not valid UTF-8: the byte 0xE9 at byte offset 55 cannot start"
                + " or continue a character here; save the file as UTF-8", e.getMessage());
        assertEquals(new Position(4, 21), e.diagnostic().position());
    }

    @Test
    void refusesAnEncodedSurrogateAndATruncatedCharacterAtTheEnd() {
        byte[] surrogate = {'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80};
        assertTrue(assertThrows(WorkflowEncodingException.class, () -> WorkflowText.read(bytes(surrogate), 100, "s"))
                .getMessage().startsWith("s:1:2: error: the file is not valid UTF-8"));
        byte[] truncated = {'a', '\n', 'b', (byte) 0xE2, (byte) 0x82};
        assertTrue(assertThrows(WorkflowEncodingException.class, () -> WorkflowText.read(bytes(truncated), 100, "t"))
                .getMessage().startsWith("t:2:2: error: the file is not valid UTF-8"));
    }

    @Test
    void keepsEveryCharacterOfValidUtf8() throws IOException {
        String text = "\uFEFFversion: 0.1 # \u00e9 \u20ac \uD83D\uDE00\n";
        assertEquals(text, WorkflowText.read(bytes(text.getBytes(StandardCharsets.UTF_8)), 100, "w"));
    }

    @Test
    void theSystemPropertyRaisesTheLimit() {
        String old = System.getProperty(WorkflowText.MAX_BYTES_PROPERTY);
        try {
            System.setProperty(WorkflowText.MAX_BYTES_PROPERTY, "12345678");
            assertEquals(12_345_678, WorkflowText.maxBytes());
            System.setProperty(WorkflowText.MAX_BYTES_PROPERTY, "lots");
            assertEquals(WorkflowText.DEFAULT_MAX_BYTES, WorkflowText.maxBytes());
        } finally {
            if (old == null) {
                System.clearProperty(WorkflowText.MAX_BYTES_PROPERTY);
            } else {
                System.setProperty(WorkflowText.MAX_BYTES_PROPERTY, old);
            }
        }
    }
}
