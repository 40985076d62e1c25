package io.jenkins.plugins.roiergasias.transfer;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.function.Consumer;

/** Counts the bytes of one transfer and says every few seconds how far it is and how fast it goes. */
public final class Meter {
    /** How often progress is reported; {@code roiergasias.transfer.progressSeconds}. */
    static final long EVERY_NANOS = Long.getLong("roiergasias.transfer.progressSeconds", 5) * 1_000_000_000L;

    private final String what;
    private final long total;
    private final Consumer<String> progress;
    private final long start = System.nanoTime();
    private long last = start;
    private volatile long bytes;

    /** @param total the expected bytes, or -1 when unknown */
    public Meter(String what, long total, Consumer<String> progress) {
        this.what = what;
        this.total = total;
        this.progress = progress;
    }

    public long bytes() {
        return bytes;
    }

    void add(long n) {
        bytes += n;
        long now = System.nanoTime();
        if (now - last >= EVERY_NANOS) {
            last = now;
            progress.accept(what + ": " + Sizes.human(bytes) + (total >= 0 ? " of " + Sizes.human(total) : "")
                    + " (" + rate(now) + ")");
        }
    }

    /** The closing line: how much, how long, how fast. */
    public String summary() {
        long now = System.nanoTime();
        return Sizes.human(bytes) + " in " + String.format(Locale.ROOT, "%.1f s", (now - start) / 1e9) + " ("
                + rate(now) + ")";
    }

    private String rate(long now) {
        double s = Math.max(1e-3, (now - start) / 1e9);
        return Sizes.human((long) (bytes / s)) + "/s";
    }

    public OutputStream count(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                add(len);
            }
        };
    }

    public InputStream count(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    add(n);
                }
                return n;
            }
        };
    }
}
