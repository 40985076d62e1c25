package io.jenkins.plugins.roiergasias.kubernetes.transfer;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.Names;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link PodExec} through the API server's exec WebSocket. Stdin is written from a thread of its
 * own (the client holds back writes while its send queue is full) and stdout is read here, so
 * neither direction is ever held in memory beyond the client's buffers.
 */
final class Fabric8PodExec implements PodExec {
    private static final int STDERR_LIMIT = 4096;

    private final KubernetesClient client;
    private final String namespace;

    Fabric8PodExec(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    @Override
    public Result exec(String pod, List<String> command, @CheckForNull Input stdin, Output stdout)
            throws IOException, InterruptedException {
        PodResource p = client.pods().inNamespace(namespace).withName(pod);
        String[] cmd = command.toArray(String[]::new);
        ExecWatch watch;
        try {
            watch = stdin == null
                    ? p.inContainer(Names.CONTAINER).redirectingOutput().redirectingError().exec(cmd)
                    : p.inContainer(Names.CONTAINER).redirectingInput().redirectingOutput().redirectingError().exec(cmd);
        } catch (RuntimeException e) {
            throw new IOException("cannot start a command in pod " + pod + ": " + e.getMessage(), e);
        }
        // stderr is read to its end on a thread of its own and joined before a result is made: the
        // client hands stderr over on another path than the exit status, so a copy written for us
        // could still be on its way when the status is there
        Stderr err = new Stderr(watch.getError(), "roiergasias exec stderr " + pod);
        AtomicReference<IOException> writeFailed = new AtomicReference<>();
        Thread writer = null;
        try (watch) {
            if (stdin != null) {
                OutputStream in = watch.getInput();
                writer = new Thread(() -> {
                    try {
                        stdin.writeTo(in);
                        in.flush();
                    } catch (IOException e) {
                        writeFailed.set(e);
                        watch.close();
                    } catch (RuntimeException e) { // the client's own failures (a closed WebSocket)
                        writeFailed.set(new IOException(e.getMessage(), e));
                        watch.close();
                    }
                }, "roiergasias exec stdin " + pod);
                writer.setDaemon(true);
                writer.start();
            }
            try (InputStream out = watch.getOutput()) {
                stdout.readFrom(out);
                out.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                // the client ends the output stream with an error when the command fails: its exit code
                // and stderr say more than "closed", and a failed command is no dropped connection
                Integer failed = exitedWith(watch);
                if (failed != null && failed != 0) {
                    return new Result(failed, err.text());
                }
                throw e;
            }
            if (writer != null) {
                writer.join();
            }
            if (writeFailed.get() != null) {
                throw writeFailed.get();
            }
            Integer code;
            try {
                code = watch.exitCode().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("the connection to pod " + pod + " dropped: " + e.getMessage(), e);
            }
            return new Result(code == null ? NO_EXIT_CODE : code, err.text());
        } catch (InterruptedException e) {
            if (writer != null) {
                writer.interrupt();
            }
            throw e;
        }
    }

    /** The first {@link #STDERR_LIMIT} bytes of stderr, read to its end (the rest is discarded). */
    private static final class Stderr {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final Thread reader;

        Stderr(InputStream in, String name) {
            reader = new Thread(() -> {
                byte[] buffer = new byte[8192];
                try (in) {
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        synchronized (kept) {
                            kept.write(buffer, 0, Math.max(0, Math.min(n, STDERR_LIMIT - kept.size())));
                        }
                    }
                } catch (IOException e) {
                    // the client ends the stream with an error when the command fails: what came is kept
                }
            }, name);
            reader.setDaemon(true);
            reader.start();
        }

        /** What stderr said, once it ended (or after a few seconds, when it does not). */
        String text() throws InterruptedException {
            reader.join(TimeUnit.SECONDS.toMillis(5));
            synchronized (kept) {
                return kept.toString(StandardCharsets.UTF_8);
            }
        }
    }

    private static Integer exitedWith(ExecWatch watch) throws InterruptedException {
        try {
            return watch.exitCode().get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }
}
