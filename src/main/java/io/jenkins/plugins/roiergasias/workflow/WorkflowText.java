package io.jenkins.plugins.roiergasias.workflow;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the text of a workflow file with a size limit, so that no input ({@code /dev/zero},
 * gigabytes on a pipe, a file on a branch) can make its reader hold more than the limit in memory.
 * The one implementation the command line and the Jenkins step both use.
 *
 * <p>The limit is a number of bytes. {@link #DEFAULT_MAX_BYTES} (1 MiB) is what one Kubernetes
 * ConfigMap holds, twice what one segment may hold ({@code Segmenter.MAX_SEGMENT_BYTES}) and
 * hundreds of times a real workflow. It is not larger because the YAML node tree costs about 150
 * bytes per value: the worst file of 1 MiB (500,000 one-letter items) needs about 110 MB of heap to
 * be read, one of 4 MB ran a 256 MiB heap out of memory (see {@code docs/benchmarks.md}).
 * {@link #maxBytes()} lets an administrator raise it with the system property
 * {@value #MAX_BYTES_PROPERTY}: one setting for the command line ({@code java -D...}) and the Jenkins
 * controller alike.
 */
public final class WorkflowText {
    /** The default limit: 1 MiB. */
    public static final long DEFAULT_MAX_BYTES = 1024 * 1024;
    /** The Java system property that overrides {@link #DEFAULT_MAX_BYTES}: a number of bytes. */
    public static final String MAX_BYTES_PROPERTY = "roiergasias.maxWorkflowBytes";
    /** The largest limit a Java array allows (the text is held in one). */
    static final long LARGEST_LIMIT = Integer.MAX_VALUE - 16;

    private WorkflowText() {}

    /**
     * The limit to use: the system property {@value #MAX_BYTES_PROPERTY} when it is set to a
     * positive number of bytes, otherwise {@link #DEFAULT_MAX_BYTES}.
     */
    public static long maxBytes() {
        String value = System.getProperty(MAX_BYTES_PROPERTY);
        if (value != null) {
            try {
                long n = Long.parseLong(value.trim());
                if (n > 0) {
                    return Math.min(n, LARGEST_LIMIT);
                }
            } catch (NumberFormatException e) {
                // fall back to the default
            }
        }
        return DEFAULT_MAX_BYTES;
    }

    /**
     * Reads a whole workflow file, at most {@code maxBytes + 1} bytes of it, and decodes it as
     * strict UTF-8. The stream is read, not closed.
     *
     * @param in the file's content
     * @param maxBytes the largest size accepted, in bytes (at least 0; capped at about 2 GiB)
     * @param name the file's name, for messages
     * @return the text, a leading byte order mark included (the YAML reader skips it)
     * @throws WorkflowTooLargeException when the stream holds more than {@code maxBytes} bytes; its
     *     message names the file, the limit and how to raise it
     * @throws WorkflowEncodingException when the bytes are not UTF-8; its message is
     *     {@code NAME:LINE:COLUMN: error: ...} at the first byte that is not
     * @throws IOException when the stream cannot be read
     */
    public static String read(InputStream in, long maxBytes, String name) throws IOException {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be 0 or more: " + maxBytes);
        }
        long limit = Math.min(maxBytes, LARGEST_LIMIT);
        // readNBytes grows its buffer as data arrives: memory follows the file, not the limit.
        byte[] bytes = in.readNBytes((int) (limit + 1));
        if (bytes.length > limit) {
            throw new WorkflowTooLargeException(name, limit);
        }
        return decode(bytes, name);
    }

    /**
     * Checks a workflow that is already text (a Pipeline's {@code text:}) against the same limit as a
     * file, by its UTF-8 length, without encoding it.
     *
     * @throws WorkflowTooLargeException with the message {@link #read} gives for a file that large
     */
    public static void checkSize(String text, long maxBytes, String name) throws WorkflowTooLargeException {
        long limit = Math.min(maxBytes, LARGEST_LIMIT);
        if (utf8Length(text) > limit) {
            throw new WorkflowTooLargeException(name, limit);
        }
    }

    private static String decode(byte[] bytes, String name) throws WorkflowEncodingException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer input = ByteBuffer.wrap(bytes);
        CharBuffer output = CharBuffer.allocate(bytes.length); // UTF-8 never has more chars than bytes
        CoderResult result = decoder.decode(input, output, true);
        if (!result.isError()) {
            result = decoder.flush(output);
        }
        if (result.isError()) {
            int offset = input.position();
            String before = output.flip().toString();
            String what = result.length() == 1
                    ? String.format("the byte 0x%02X", bytes[offset] & 0xFF)
                    : result.length() + " bytes that";
            throw new WorkflowEncodingException(new Diagnostic(Severity.ERROR, name, positionAfter(before), "",
                    "the file is not valid UTF-8: " + what + " at byte offset " + offset
                            + (result.length() == 1 ? " cannot" : " do not") + " start or continue a character here;"
                            + " save the file as UTF-8"));
        }
        return output.flip().toString();
    }

    /**
     * The position just after {@code text}, counted as the YAML reader counts (code points, with
     * LF, CR, CRLF, NEL, LS and PS as line breaks, a byte order mark taking no column).
     */
    static Position positionAfter(String text) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\n' || c == 0x85 || c == 0x2028 || c == 0x2029 || (c == '\r' && !text.startsWith("\n", i))) {
                line++;
                column = 1;
            } else if (c != 0xFEFF) {
                column++;
            }
        }
        return new Position(line, column);
    }

    /** The length of a text in UTF-8, in bytes, without encoding it. */
    public static long utf8Length(String text) {
        long n = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                // 2 bytes below U+0800, else 3; a surrogate pair (2 chars) is 4 bytes
                n += c < 0x800 ? 1 : Character.isSurrogate(c) ? 1 : 2;
            }
        }
        return n;
    }

    /** {@code 1048576 bytes (1 MiB)}. */
    static String bytes(long n) {
        if (n >= 1024 * 1024 && n % (1024 * 1024) == 0) {
            return n + " bytes (" + n / (1024 * 1024) + " MiB)";
        }
        if (n >= 1024 && n % 1024 == 0) {
            return n + " bytes (" + n / 1024 + " KiB)";
        }
        return n + " bytes";
    }

    /**
     * A text as messages show it: escaped like a YAML double-quoted string (line breaks, tabs and
     * control characters visible) and cut to about {@code limit} characters with {@code ...}, so a
     * hostile 100 KB command never becomes a 100 KB message.
     */
    public static String excerpt(String text, int limit) {
        return Scalars.excerpt(text, limit);
    }
}
