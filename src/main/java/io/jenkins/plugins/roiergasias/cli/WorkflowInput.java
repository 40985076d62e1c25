package io.jenkins.plugins.roiergasias.cli;

import io.jenkins.plugins.roiergasias.workflow.WorkflowText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The text of the workflow file of {@code -f}: a file, a pipe or standard input, read with the
 * size limit of {@link WorkflowText}, so that {@code /dev/zero} or gigabytes on a pipe end in an
 * error instead of filling the memory.
 */
final class WorkflowInput {
    /**
     * How long to wait for a writer when {@code -f} names a FIFO: opening one blocks until someone
     * opens it for writing, and a shell's {@code <(command)} does that at once.
     */
    static final Duration WRITER_WAIT = Duration.ofSeconds(5);

    private WorkflowInput() {}

    /** The name of {@code file} in messages. */
    static String name(String file) {
        return file.equals("-") ? "<stdin>" : file;
    }

    /**
     * @param file the value of {@code -f}; {@code -} for standard input
     * @throws IOException with a message that starts with the file's name
     */
    static String read(String file, InputStream stdin, long maxBytes) throws IOException {
        if (file.equals("-")) {
            return WorkflowText.read(stdin, maxBytes, name(file));
        }
        Path path = Path.of(file);
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        if (attributes.isDirectory()) {
            throw new IOException(file + ": error: this is a directory, not a workflow file");
        }
        try (InputStream in = attributes.isRegularFile() ? Files.newInputStream(path) : openWaiting(path, file)) {
            return WorkflowText.read(in, maxBytes, file);
        }
    }

    /** Opens a FIFO or device, giving up after {@link #WRITER_WAIT} when the opening blocks. */
    private static InputStream openWaiting(Path path, String file) throws IOException {
        FutureTask<InputStream> open = new FutureTask<>(() -> Files.newInputStream(path));
        Thread opener = new Thread(open, "roiergasias-open " + file);
        opener.setDaemon(true); // an open() blocked in the kernel cannot be interrupted
        opener.start();
        try {
            return open.get(WRITER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException(file + ": error: nothing writes to this pipe (waited " + WRITER_WAIT.toSeconds()
                    + " s for a writer to open it); start the writer first or give the workflow as a file");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(file + ": error: interrupted while opening the file", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(String.valueOf(e.getCause()), e);
        }
    }
}
