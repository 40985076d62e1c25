package io.jenkins.plugins.roiergasias.kubernetes.logs;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.fabric8.kubernetes.client.http.AsyncBody;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * An HTTP body as an InputStream, fed by fabric8's {@code consumeBytes}: the HTTP client's thread
 * keeps reading ahead into a bounded queue (at most {@value #CHUNKS} chunks of a few KiB, so memory
 * stays bounded) and asks for more from inside its own callback, which keeps it reading in one loop.
 * fabric8's own InputStream body hands every chunk back to an executor instead, which made log
 * streaming an order of magnitude slower than a plain read.
 */
public final class ChunkStream extends InputStream implements AsyncBody.Consumer<List<ByteBuffer>> {
    private static final int CHUNKS = 64;
    private static final Object EOF = new Object();

    /** Receives bytes in push mode, on the HTTP client's thread; valid only during the call. */
    public interface Bytes {
        void bytes(byte[] buf, int off, int len) throws IOException;
    }

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(CHUNKS);
    private volatile boolean closed;
    private boolean started;

    @CheckForNull
    private volatile Bytes push;

    @CheckForNull
    private AsyncBody pending;

    @CheckForNull
    private volatile AsyncBody body;

    @CheckForNull
    private ByteBuffer current;

    private boolean ended;

    /** Remembers the body; the bytes flow on the first {@link #read} (pull) or {@link #pushTo} (push). */
    void attach(AsyncBody asyncBody) {
        body = asyncBody;
        pending = asyncBody;
    }

    private synchronized void startOnce() {
        if (!started && pending != null) {
            started = true;
            start(pending);
        }
    }

    /**
     * Push mode: hands every chunk to {@code sink} on the HTTP client's own thread, which then goes
     * on reading in the same loop (no hand-over between threads per chunk), and returns at the end.
     *
     * @throws IOException when the connection broke, the sink failed, or the stream was closed
     */
    public void pushTo(Bytes sink) throws IOException {
        push = sink;
        startOnce();
        AsyncBody b = body;
        if (b == null) {
            return;
        }
        try {
            b.done().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new InterruptedIOException("interrupted while reading a log");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw cause instanceof IOException io ? io : new IOException(cause.toString(), cause);
        }
        if (closed) {
            throw new IOException("log stream closed");
        }
    }

    private void start(AsyncBody asyncBody) {
        asyncBody.done().whenComplete((v, t) -> {
            if (push != null) {
                return;
            }
            Object last = t == null ? EOF : t;
            if (closed) {
                queue.clear();
            }
            try {
                queue.put(last);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        asyncBody.consume();
    }

    @Override
    public void consume(List<ByteBuffer> value, AsyncBody asyncBody) throws Exception {
        Bytes sink = push;
        if (sink != null) {
            for (ByteBuffer b : value) {
                if (closed) {
                    return;
                }
                if (b.hasArray()) {
                    sink.bytes(b.array(), b.arrayOffset() + b.position(), b.remaining());
                } else {
                    byte[] copy = new byte[b.remaining()];
                    b.get(copy);
                    sink.bytes(copy, 0, copy.length);
                }
            }
            if (!closed) {
                asyncBody.consume();
            }
            return;
        }
        for (ByteBuffer b : value) {
            if (closed) {
                return;
            }
            if (b.hasRemaining()) {
                queue.put(b);
            }
        }
        if (!closed) {
            asyncBody.consume();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        startOnce();
        while (current == null || !current.hasRemaining()) {
            if (ended || closed) {
                return -1;
            }
            Object next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading a log");
            }
            if (next == EOF) {
                ended = true;
                return -1;
            }
            if (next instanceof Throwable t) {
                ended = true;
                throw t instanceof IOException io ? io : new IOException(t.toString(), t);
            }
            current = (ByteBuffer) next;
        }
        int n = Math.min(len, current.remaining());
        current.get(buf, off, n);
        return n;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        AsyncBody b = body;
        if (b != null) {
            b.cancel();
        }
        queue.clear(); // frees a producer waiting for room
        queue.offer(EOF); // wakes a reader waiting in another thread
    }
}
