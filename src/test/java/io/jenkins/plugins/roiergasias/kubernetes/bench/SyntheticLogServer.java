package io.jenkins.plugins.roiergasias.kubernetes.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.Executors;

/**
 * Serves {@code GET /api/v1/namespaces/bench/pods/p/log} on 127.0.0.1 like the API server does:
 * timestamped lines (one millisecond apart), generated on the fly so that a log of any size costs no
 * memory, {@code sinceTime} honoured. Every line is {@value #LINE} bytes.
 */
final class SyntheticLogServer implements AutoCloseable {
    static final int LINE = 128;
    static final String HEADER = "::roiergasias:0123456789abcdef:H:0";
    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

    private final HttpServer server;
    private final long lines;

    SyntheticLogServer(long bytes) throws IOException {
        this.lines = bytes / LINE;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/api/v1/namespaces/bench/pods/p/log", exchange -> {
            long from = 0;
            String q = exchange.getRequestURI().getRawQuery();
            if (q != null) {
                for (String kv : q.split("&")) {
                    if (kv.startsWith("sinceTime=")) {
                        Instant since = Instant.parse(URLDecoder.decode(kv.substring(10), StandardCharsets.UTF_8));
                        from = Math.max(0, since.toEpochMilli() - BASE.toEpochMilli());
                    }
                }
            }
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                write(out, from);
            } catch (IOException e) {
                // the reader went away
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    String logUrl() {
        return url() + "api/v1/namespaces/bench/pods/p/log?container=roiergasias&timestamps=true&follow=true";
    }

    long lines() {
        return lines;
    }

    /** Lines {@code from}..end into 64 KiB chunks; line i carries BASE + i ms. */
    private void write(OutputStream out, long from) throws IOException {
        byte[] buf = new byte[LINE * 512];
        int at = 0;
        byte[] line = new byte[LINE];
        if (from == 0) {
            // the program's header line, as a generated program prints it first
            out.write(("2026-01-01T00:00:00.000Z " + HEADER + "\n").getBytes(StandardCharsets.US_ASCII));
            from = 1;
        }
        for (long i = from; i < lines; i++) {
            fill(line, i);
            System.arraycopy(line, 0, buf, at, LINE);
            at += LINE;
            if (at == buf.length) {
                out.write(buf);
                at = 0;
            }
        }
        out.write(buf, 0, at);
    }

    private static final byte[] TEMPLATE = template();

    private static byte[] template() {
        byte[] t = new byte[LINE];
        byte[] head = "2026-01-01T00:00:00.000Z line 0000000000 of a long training log: loss=0.0123 step=0000000000 "
                .getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, t, 0, head.length);
        for (int k = head.length; k < LINE - 1; k++) {
            t[k] = '.';
        }
        t[LINE - 1] = '\n';
        return t;
    }

    /** "2026-01-01THH:MM:SS.mmmZ line N ...", padded to LINE bytes; digits written in place (no formatting cost). */
    private static void fill(byte[] line, long i) {
        System.arraycopy(TEMPLATE, 0, line, 0, LINE);
        long s = i / 1000;
        digits(line, 11, 2, s / 3600);
        digits(line, 14, 2, (s / 60) % 60);
        digits(line, 17, 2, s % 60);
        digits(line, 20, 3, i % 1000);
        digits(line, 30, 10, i);
        digits(line, 82, 10, i);
    }

    private static void digits(byte[] b, int at, int width, long v) {
        for (int k = at + width - 1; k >= at; k--) {
            b[k] = (byte) ('0' + v % 10);
            v /= 10;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
