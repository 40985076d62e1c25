package io.jenkins.plugins.roiergasias.program;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Workflow output as text without losing a byte: valid UTF-8 decodes as usual, and every byte that
 * is not part of valid UTF-8 becomes the lone surrogate {@code U+DC00 + byte} (as Python's
 * {@code surrogateescape}), which no valid UTF-8 decodes to. {@link #encode} gives the exact bytes
 * back, so the command line can write what the commands wrote, whatever the locale;
 * {@link #readable} gives what a UTF-8 decoder makes of them (U+FFFD), for the Jenkins console.
 */
public final class OutputText {
    private static final char ESCAPE_FIRST = '\uDC80';
    private static final char ESCAPE_LAST = '\uDCFF';

    private OutputText() {}

    /** The text of buf[off, off + len). */
    public static String decode(byte[] buf, int off, int len) {
        String s = new String(buf, off, len, StandardCharsets.UTF_8);
        // Only a malformed sequence (or a real U+FFFD) decodes to U+FFFD: the common case ends here.
        return s.indexOf('\uFFFD') < 0 ? s : decodeEscaping(buf, off, len);
    }

    private static String decodeEscaping(byte[] buf, int off, int len) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(buf, off, len);
        CharBuffer out = CharBuffer.allocate(len);
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            if (r.isUnderflow()) {
                decoder.flush(out);
                break;
            }
            // Malformed (a UTF-8 decoder reports nothing else): escape those bytes one by one.
            for (int i = 0; i < r.length(); i++) {
                out.put((char) (0xDC00 | (in.get() & 0xFF)));
            }
        }
        out.flip();
        return out.toString();
    }

    /** The bytes {@link #decode} read; any other text as UTF-8. */
    public static byte[] encode(String text) {
        int first = firstEscape(text, 0);
        if (first < 0) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream(text.length() + 16);
        int from = 0;
        for (int at = first; at >= 0; at = firstEscape(text, at + 1)) {
            b.writeBytes(text.substring(from, at).getBytes(StandardCharsets.UTF_8));
            b.write(text.charAt(at) & 0xFF);
            from = at + 1;
        }
        b.writeBytes(text.substring(from).getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }

    /** The text as a UTF-8 decoder reads the bytes: invalid bytes shown as U+FFFD. */
    public static String readable(String text) {
        return firstEscape(text, 0) < 0 ? text : new String(encode(text), StandardCharsets.UTF_8);
    }

    /** The index of the first escaped byte at or after {@code from}: a low surrogate without its high one. */
    private static int firstEscape(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= ESCAPE_FIRST && c <= ESCAPE_LAST && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)))) {
                return i;
            }
        }
        return -1;
    }
}
