package io.jenkins.plugins.roiergasias.kubernetes.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * pods/exec for a test kubelet: runs the command on this machine, with the pod's work directory
 * played by the kubelet's local one (see {@link LocalContainer}). A test may drop connections: the
 * stream is cut after some bytes and the call fails, as a dropped WebSocket does.
 */
public final class LocalPodExec implements PodExec {
    private final Function<String, Path> workDirs;
    private final String workDir;
    public final List<List<String>> calls = new CopyOnWriteArrayList<>();
    /** Which calls to cut (by command); each cut consumes one from {@link #drops}. */
    public volatile Predicate<List<String>> cut = c -> false;
    public final AtomicInteger drops = new AtomicInteger();

    /**
     * @param workDirs the local directory that plays a pod's work directory, by pod name
     * @param workDir the pod's work directory, as the runner names it in its commands
     */
    public LocalPodExec(Function<String, Path> workDirs, String workDir) {
        this.workDirs = workDirs;
        this.workDir = workDir;
    }

    @Override
    public Result exec(String pod, List<String> command, Input stdin, Output stdout) throws IOException,
            InterruptedException {
        calls.add(command);
        List<String> local = new ArrayList<>();
        for (String c : command) {
            local.add(c.equals(workDir) ? workDirs.apply(pod).toString() : c);
        }
        boolean dropping = cut.test(command) && drops.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        Process p = new ProcessBuilder(local).start();
        Thread writer = new Thread(() -> {
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    stdin.writeTo(in);
                }
            } catch (IOException e) {
                // the command ended first
            }
        });
        writer.start();
        try (InputStream out = p.getInputStream()) {
            if (dropping) {
                byte[] some = out.readNBytes(3000);
                p.destroyForcibly();
                stdout.readFrom(new java.io.ByteArrayInputStream(some));
                throw new IOException("the WebSocket to pod " + pod + " closed unexpectedly");
            }
            stdout.readFrom(out);
            out.transferTo(OutputStream.nullOutputStream());
        } finally {
            writer.join(10_000);
        }
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), err);
    }
}
