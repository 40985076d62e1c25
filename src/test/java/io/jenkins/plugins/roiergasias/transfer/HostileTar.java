package io.jenkins.plugins.roiergasias.transfer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Builds tar archives by hand, the way a hostile pod could: any name, any type, any link. */
final class HostileTar {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    HostileTar file(String name, String content) {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        header(name, data.length, '0', "", 0644);
        out.writeBytes(data);
        pad(data.length);
        return this;
    }

    HostileTar entry(String name, char type, String link) {
        header(name, 0, type, link, 0777);
        return this;
    }

    byte[] end() {
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    /** The archive so far, without its end: a transfer cut in the middle. */
    byte[] cut(int dropBytes) {
        byte[] all = out.toByteArray();
        return Arrays.copyOf(all, all.length - dropBytes);
    }

    private void header(String name, long size, char type, String link, int mode) {
        byte[] h = new byte[512];
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(n, 0, h, 0, Math.min(100, n.length));
        put(h, 100, String.format("%07o", mode));
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", size));
        put(h, 136, "00000000000");
        Arrays.fill(h, 148, 156, (byte) ' ');
        h[156] = (byte) type;
        byte[] l = link.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(l, 0, h, 157, Math.min(100, l.length));
        put(h, 257, "ustar");
        put(h, 263, "00");
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        out.writeBytes(h);
    }

    private void pad(int size) {
        int rest = size % 512;
        if (rest != 0) {
            out.writeBytes(new byte[512 - rest]);
        }
    }

    private static void put(byte[] h, int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, at, b.length);
    }
}
