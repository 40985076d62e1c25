package io.jenkins.plugins.roiergasias.transfer;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a tar archive entry by entry (ustar, GNU long names and links, pax headers), streaming each
 * entry's content. The archive comes from an untrusted pod: every field is checked, and the reader
 * never holds more than one block plus a bounded long name.
 */
final class TarReader {
    /** Long names and pax headers above this size are refused. */
    private static final int MAX_META = 64 * 1024;

    /** One entry; {@code type} is the tar type flag ({@code '0'} file, {@code '5'} directory, {@code '2'} symlink, ...). */
    record Entry(String name, char type, long size, int mode) {
        boolean regular() {
            return type == '0' || type == '\0' || type == '7';
        }
    }

    private final InputStream in;
    private final byte[] block = new byte[TarWriter.BLOCK];
    private long remaining;
    private long padding;

    TarReader(InputStream in) {
        this.in = in;
    }

    /** The next entry, or null at the end of the archive. */
    @CheckForNull
    Entry next() throws IOException {
        skip(remaining + padding);
        remaining = 0;
        padding = 0;
        String longName = null;
        String paxPath = null;
        Long paxSize = null;
        while (true) {
            if (!readBlock(true)) {
                return null;
            }
            if (allZero()) {
                return null;
            }
            checkSum();
            char type = (char) block[156];
            long size = size();
            String name = string(0, 100);
            if ((block[257] == 'u') && string(257, 5).equals("ustar")) {
                String prefix = string(345, 155);
                if (!prefix.isEmpty() && block[263] == '0') {
                    name = prefix + "/" + name;
                }
            }
            int mode = (int) octal(100, 8);
            switch (type) {
                case 'L' -> longName = meta(size);
                case 'K' -> meta(size); // long link name: links are not extracted
                case 'x' -> {
                    String pax = meta(size);
                    for (String[] kv : pax(pax)) {
                        if (kv[0].equals("path")) {
                            paxPath = kv[1];
                        } else if (kv[0].equals("size")) {
                            try {
                                paxSize = Long.parseLong(kv[1]);
                            } catch (NumberFormatException e) {
                                throw new TransferException("the archive from the pod is damaged: a bad pax size");
                            }
                        }
                    }
                }
                case 'g' -> meta(size);
                default -> {
                    if (paxSize != null) {
                        size = paxSize;
                    }
                    if (size < 0) {
                        throw new TransferException("the archive from the pod is damaged: a negative size");
                    }
                    String finalName = paxPath != null ? paxPath : longName != null ? longName : name;
                    boolean hasData = type != '1' && type != '2' && type != '3' && type != '4' && type != '5'
                            && type != '6';
                    remaining = hasData ? size : 0;
                    padding = hasData ? (TarWriter.BLOCK - size % TarWriter.BLOCK) % TarWriter.BLOCK : 0;
                    return new Entry(finalName, type, remaining, mode);
                }
            }
        }
    }

    /** The content of the current entry; reading past its end gives -1. */
    InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining == 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw new TransferException("the archive from the pod ended in the middle of a file", true);
                }
                remaining -= n;
                return n;
            }
        };
    }

    private String meta(long size) throws IOException {
        if (size < 0 || size > MAX_META) {
            throw new TransferException("the archive from the pod has a name or header of " + size
                    + " bytes; at most " + MAX_META + " are accepted");
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length != size) {
            throw new TransferException("the archive from the pod ended in the middle of a header", true);
        }
        skip((TarWriter.BLOCK - size % TarWriter.BLOCK) % TarWriter.BLOCK);
        int end = data.length;
        while (end > 0 && data[end - 1] == 0) {
            end--;
        }
        return new String(data, 0, end, StandardCharsets.UTF_8);
    }

    private static java.util.List<String[]> pax(String text) throws TransferException {
        java.util.List<String[]> out = new java.util.ArrayList<>();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int i = 0;
        while (i < bytes.length) {
            int sp = i;
            while (sp < bytes.length && bytes[sp] != ' ') {
                sp++;
            }
            int len;
            try {
                len = Integer.parseInt(new String(bytes, i, sp - i, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw new TransferException("the archive from the pod is damaged: a bad pax record");
            }
            if (len <= sp - i + 1 || i + len > bytes.length) {
                throw new TransferException("the archive from the pod is damaged: a bad pax record length");
            }
            String record = new String(bytes, sp + 1, i + len - sp - 2, StandardCharsets.UTF_8);
            int eq = record.indexOf('=');
            if (eq > 0) {
                out.add(new String[] {record.substring(0, eq), record.substring(eq + 1)});
            }
            i += len;
        }
        return out;
    }

    private boolean readBlock(boolean endOk) throws IOException {
        int n = in.readNBytes(block, 0, block.length);
        if (n == 0 && endOk) {
            return false;
        }
        if (n != block.length) {
            throw new TransferException("the archive from the pod ended in the middle of a header", true);
        }
        return true;
    }

    private boolean allZero() {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private void checkSum() throws TransferException {
        long stored = octal(148, 8);
        long sum = 0;
        for (int i = 0; i < block.length; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (block[i] & 0xff);
        }
        if (stored != sum) {
            throw new TransferException("the archive from the pod is damaged: a header checksum does not match");
        }
    }

    private long size() throws TransferException {
        if ((block[124] & 0x80) != 0) {
            long v = 0;
            for (int i = 125; i < 136; i++) {
                if (v >>> 55 != 0) {
                    throw new TransferException("the archive from the pod is damaged: a size too large");
                }
                v = (v << 8) | (block[i] & 0xff);
            }
            return (block[124] & 0x40) != 0 ? -1 : v;
        }
        return octal(124, 12);
    }

    private long octal(int at, int len) throws TransferException {
        long v = 0;
        int i = at;
        int end = at + len;
        while (i < end && (block[i] == ' ' || block[i] == 0)) {
            i++;
        }
        for (; i < end && block[i] != 0 && block[i] != ' '; i++) {
            int d = block[i] - '0';
            if (d < 0 || d > 7) {
                throw new TransferException("the archive from the pod is damaged: a bad number in a header");
            }
            v = v * 8 + d;
        }
        return v;
    }

    private String string(int at, int len) {
        int end = at;
        while (end < at + len && block[end] != 0) {
            end++;
        }
        return new String(block, at, end - at, StandardCharsets.UTF_8);
    }

    private void skip(long n) throws IOException {
        long left = n;
        byte[] buf = left > 0 ? new byte[(int) Math.min(64 * 1024, left)] : null;
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                throw new TransferException("the archive from the pod ended in the middle of a file", true);
            }
            left -= r;
        }
    }
}
