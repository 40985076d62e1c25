package io.jenkins.plugins.roiergasias.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a tar archive (ustar; GNU long names beyond 100 bytes, as busybox and GNU tar read them)
 * one file at a time, streaming each file's bytes: nothing larger than one buffer is held.
 */
public final class TarWriter {
    static final int BLOCK = 512;
    private static final int RECORD = 20 * BLOCK;

    private final OutputStream out;
    private final byte[] buffer = new byte[64 * 1024];
    private long written;

    public TarWriter(OutputStream out) {
        this.out = out;
    }

    /**
     * Adds one regular file.
     *
     * @param content exactly {@code size} bytes are read from it
     * @throws TransferException when the content ends before {@code size} bytes (the file shrank)
     */
    public void file(String name, long size, boolean executable, long mtimeSeconds, InputStream content)
            throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length > 100) {
            byte[] longName = Arrays.copyOf(nameBytes, nameBytes.length + 1);
            header("././@LongLink", longName.length, 0644, 0, (byte) 'L');
            write(longName, longName.length);
            pad(longName.length);
            nameBytes = Arrays.copyOf(nameBytes, 100);
        }
        header(nameBytes, size, executable ? 0755 : 0644, mtimeSeconds, (byte) '0');
        long left = size;
        while (left > 0) {
            int n = content.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new TransferException(name + " became shorter while it was being sent");
            }
            write(buffer, n);
            left -= n;
        }
        pad(size);
    }

    /** The exact size of the archive {@link #file} and {@link #finish} write for these files. */
    public static long archiveSize(java.util.List<InputFiles.Entry> files) {
        long n = 0;
        for (InputFiles.Entry e : files) {
            int len = e.name().getBytes(StandardCharsets.UTF_8).length;
            if (len > 100) {
                n += BLOCK + round(len + 1);
            }
            n += BLOCK + round(e.size());
        }
        n += 2 * BLOCK;
        return (n + RECORD - 1) / RECORD * RECORD;
    }

    private static long round(long size) {
        return (size + BLOCK - 1) / BLOCK * BLOCK;
    }

    /** Ends the archive: two zero blocks, padded to a whole record as tar readers expect. */
    public void finish() throws IOException {
        byte[] zero = new byte[BLOCK];
        write(zero, BLOCK);
        write(zero, BLOCK);
        while (written % RECORD != 0) {
            write(zero, BLOCK);
        }
        out.flush();
    }

    private void header(String name, long size, int mode, long mtime, byte type) throws IOException {
        header(name.getBytes(StandardCharsets.UTF_8), size, mode, mtime, type);
    }

    private void header(byte[] name, long size, int mode, long mtime, byte type) throws IOException {
        byte[] h = new byte[BLOCK];
        System.arraycopy(name, 0, h, 0, Math.min(100, name.length));
        octal(h, 100, 8, mode);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        if (size < 077777777777L) {
            octal(h, 124, 12, size);
        } else {
            h[124] = (byte) 0x80; // GNU base-256 for 8 GiB and more
            for (int i = 0; i < 8; i++) {
                h[135 - i] = (byte) (size >>> (8 * i));
            }
        }
        octal(h, 136, 12, Math.max(0, mtime));
        Arrays.fill(h, 148, 156, (byte) ' ');
        h[156] = type;
        System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 8);
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        byte[] chk = String.format("%06o", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(chk, 0, h, 148, 6);
        h[154] = 0;
        h[155] = ' ';
        write(h, BLOCK);
    }

    private static void octal(byte[] h, int at, int len, long value) {
        String s = Long.toOctalString(value);
        String padded = "0".repeat(len - 1 - s.length()) + s;
        System.arraycopy(padded.getBytes(StandardCharsets.US_ASCII), 0, h, at, len - 1);
        h[at + len - 1] = 0;
    }

    private void pad(long size) throws IOException {
        int rest = (int) (size % BLOCK);
        if (rest != 0) {
            write(new byte[BLOCK - rest], BLOCK - rest);
        }
    }

    private void write(byte[] b, int n) throws IOException {
        out.write(b, 0, n);
        written += n;
    }
}
