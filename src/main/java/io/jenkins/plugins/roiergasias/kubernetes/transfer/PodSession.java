package io.jenkins.plugins.roiergasias.kubernetes.transfer;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.roiergasias.kubernetes.SegmentFiles;
import io.jenkins.plugins.roiergasias.segment.Segment;
import io.jenkins.plugins.roiergasias.transfer.InputFiles;
import io.jenkins.plugins.roiergasias.transfer.Meter;
import io.jenkins.plugins.roiergasias.transfer.Outputs;
import io.jenkins.plugins.roiergasias.transfer.SafeWriter;
import io.jenkins.plugins.roiergasias.transfer.TarExtractor;
import io.jenkins.plugins.roiergasias.transfer.TarWriter;
import io.jenkins.plugins.roiergasias.transfer.TransferException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The transfers of one segment, on a thread of their own: inputs in as soon as the pod runs; when
 * the program has ended, the list of new and changed files, the wanted ones back into the
 * workspace, then the word that lets the pod end. Each exec is tried up to {@link #TRIES} times.
 */
final class PodSession implements SegmentFiles.Session {
    private static final Logger LOGGER = Logger.getLogger(PodSession.class.getName());
    static final int TRIES = 3;
    /** Names per download exec, and their total length: the names travel in the exec URL. */
    private static final int BATCH_NAMES = 200;
    private static final int BATCH_CHARS = 16 * 1024;

    private final PodTransfer run;
    private final Segment segment;
    private final PodExec exec;
    private final Consumer<String> progress;
    private final Runnable wake;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile String failure;
    private volatile Thread thread;
    private String pod;
    private String image;

    PodSession(PodTransfer run, Segment segment, PodExec exec, Consumer<String> progress, Runnable wake) {
        this.run = run;
        this.segment = segment;
        this.exec = exec;
        this.progress = progress;
        this.wake = wake;
    }

    @Override
    public synchronized void podRunning(String name, @CheckForNull String img) {
        if (name.equals(pod)) {
            return;
        }
        if (thread != null) {
            thread.interrupt(); // a new pod of the Job (backoffLimit): start over with it
        }
        pod = name;
        image = img;
        Thread t = new Thread(() -> work(name), "roiergasias files " + name);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    @Override
    @CheckForNull
    public String failure() {
        return failure;
    }

    @Override
    @CheckForNull
    public String finish(@CheckForNull String terminationMessage, Duration max) throws InterruptedException {
        if (terminationMessage != null && terminationMessage.startsWith("roiergasias-transfer ")) {
            close();
            String what = terminationMessage.substring("roiergasias-transfer ".length());
            if (what.startsWith("missing=")) {
                return "the image \"" + (image == null ? "?" : image) + "\" has no " + what.substring(8)
                        + ", which copying files in and out (inputs, outputs) needs: use an image with /bin/sh and tar"
                        + " (busybox, alpine, debian, python); no step ran";
            }
            return "the pod waited in vain for its inputs (" + what + "); no step ran";
        }
        Thread t = thread;
        if (t == null) {
            return failure;
        }
        if (!done.await(max.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            return "the outputs could not be copied back within " + max.toSeconds() + " s";
        }
        return failure;
    }

    @Override
    public synchronized void close() {
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void work(String name) {
        try {
            Set<String> sent = upload(name);
            if (!run.spec.outputs().isEmpty()) {
                download(name, sent);
                call(name, "mark the outputs as taken", PodScript.release(run.spec.workDir()), null, in -> {});
            }
        } catch (TransferException e) {
            fail(e.getMessage());
        } catch (IOException e) {
            LOGGER.log(Level.FINE, "transfer failed", e);
            fail("copying files " + (e.getMessage() == null ? "failed" : e.getMessage()));
        } catch (InterruptedException e) {
            // the segment was stopped
        } catch (RuntimeException e) {
            // whatever it is, the segment must not wait for outputs that no one takes any more
            LOGGER.log(Level.WARNING, "transfer failed", e);
            fail("copying files failed: " + e);
        } finally {
            done.countDown();
        }
    }

    private void fail(String message) {
        failure = segment.label() + ": " + message;
        wake.run();
    }

    /** Sends the inputs and the earlier outputs; returns their names. */
    private Set<String> upload(String name) throws IOException, InterruptedException {
        Map<String, InputFiles.Entry> files = new LinkedHashMap<>();
        for (InputFiles.Entry e : run.inputs) {
            files.put(e.name(), e);
        }
        for (String c : run.carriedNow()) {
            InputFiles.Entry e = InputFiles.plain(run.workspace, c);
            if (e != null) {
                files.put(c, e);
            }
        }
        List<InputFiles.Entry> list = new ArrayList<>(files.values());
        long size = TarWriter.archiveSize(list);
        long payload = list.stream().mapToLong(InputFiles.Entry::size).sum();
        for (int attempt = 1; ; attempt++) {
            Meter meter = new Meter("inputs", payload, progress);
            try {
                PodExec.Result r = exec.exec(name, PodScript.upload(run.spec.workDir(), size), stdin -> {
                    TarWriter w = new TarWriter(meter.count(stdin));
                    for (InputFiles.Entry e : list) {
                        try (InputStream in = Files.newInputStream(e.source())) {
                            w.file(e.name(), e.size(), e.executable(), e.mtimeSeconds(), in);
                        }
                    }
                    w.finish();
                }, in -> {});
                if (r.exitCode() == PodExec.NO_EXIT_CODE) {
                    r = judgeByEffect(name);
                }
                if (r.exitCode() != 0) {
                    throw new TransferException("the inputs could not be unpacked in pod " + name + " (exit code "
                            + r.exitCode() + "): " + r.stderr().trim());
                }
                if (!list.isEmpty()) {
                    progress.accept("inputs: " + list.size() + " files, " + meter.summary());
                }
                run.record(segment.index(), new PodTransfer.Moved(meter.bytes(), 0, list.size(), 0));
                return new HashSet<>(files.keySet());
            } catch (TransferException e) {
                throw e;
            } catch (IOException e) {
                retryOrThrow("send the inputs to pod " + name, attempt, e);
            }
        }
    }

    /**
     * An upload whose exit status was lost: a success when the inputs marker, which it writes last,
     * is there; otherwise its effect is unknown and it is tried again, like a dropped connection.
     */
    private PodExec.Result judgeByEffect(String name) throws IOException, InterruptedException {
        PodExec.Result there = exec.exec(name, PodScript.arrived(run.spec.workDir()), null, in -> {});
        if (there.exitCode() == 0) {
            return there;
        }
        throw new IOException("the exit status of sending the inputs was lost"
                + (there.exitCode() == 1 ? " and they had not arrived" : ""));
    }

    private void download(String name, Set<String> sent) throws IOException, InterruptedException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        call(name, "list the files of the work directory", PodScript.list(run.spec.workDir()), null, in -> {
            raw.reset();
            in.transferTo(raw);
        });
        List<String> tokens = split(raw.toString(StandardCharsets.UTF_8));
        if (tokens.isEmpty()) {
            throw new TransferException("the pod " + name + " did not list its files", true);
        }
        int rc = parseInt(tokens.get(0));
        Set<String> changed = new LinkedHashSet<>();
        Set<String> all = new LinkedHashSet<>();
        boolean second = false;
        for (String t : tokens.subList(1, tokens.size())) {
            if (t.equals("--")) {
                second = true;
            } else if (second) {
                all.add(strip(t));
            } else {
                changed.add(strip(t));
            }
        }
        for (String a : all) {
            if (!sent.contains(a)) {
                changed.add(a);
            }
        }
        if (rc == 0) {
            Outputs.warnUnmatched(segment.label(), all, run.spec, progress);
        }
        List<String> wanted = Outputs.pick(changed, run.spec);
        Meter meter = new Meter("outputs", -1, progress);
        SafeWriter writer = new SafeWriter(run.workspace, run.spec.maxBytes(), "maxTransferSize");
        Set<String> wantedSet = new HashSet<>(wanted);
        List<String> written = new ArrayList<>();
        for (List<String> batch : batches(wanted)) {
            List<String> args = batch.stream().map(n -> "./" + n).toList();
            PodExec.Result r = call(name, "read the outputs back", PodScript.download(run.spec.workDir(), args), null,
                    in -> {
                        List<String> got = TarExtractor.extract(meter.count(in), writer, wantedSet::contains,
                                n -> progress.accept("outputs: " + n));
                        written.addAll(got);
                    });
            if (r.exitCode() != 0) {
                progress.accept("outputs: tar in the pod ended with exit code " + r.exitCode()
                        + ": " + r.stderr().trim());
            }
        }
        List<String> unique = new ArrayList<>(new LinkedHashSet<>(written));
        run.carried.addAll(unique);
        if (!unique.isEmpty()) {
            try {
                run.afterOutputs().back(segment, unique);
            } catch (TransferException e) {
                throw e;
            } catch (IOException e) {
                throw new TransferException("the outputs could not be copied into the workspace: " + e.getMessage(), e);
            }
        }
        PodTransfer.Moved before = run.moved().getOrDefault(segment.index(), new PodTransfer.Moved(0, 0, 0, 0));
        run.record(segment.index(), new PodTransfer.Moved(before.in(), meter.bytes(), before.filesIn(), unique.size()));
        if (!unique.isEmpty()) {
            progress.accept("outputs: " + unique.size() + " files back in the workspace, "
                    + meter.summary());
        }
    }

    /** One exec, tried again when the connection drops or the stream is cut short. */
    private PodExec.Result call(String name, String what, List<String> command, @CheckForNull PodExec.Input stdin,
            PodExec.Output stdout) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return exec.exec(name, command, stdin, stdout);
            } catch (TransferException e) {
                if (!e.retriable()) {
                    throw e;
                }
                retryOrThrow(what + " (pod " + name + ")", attempt, e);
            } catch (IOException e) {
                retryOrThrow(what + " (pod " + name + ")", attempt, e);
            }
        }
    }

    private void retryOrThrow(String what, int attempt, IOException e) throws IOException, InterruptedException {
        if (attempt >= TRIES) {
            throw new TransferException("could not " + what + " after " + TRIES + " tries: " + e.getMessage(), e);
        }
        progress.accept("could not " + what + " (" + e.getMessage() + "); try " + (attempt + 1)
                + " of " + TRIES);
        Thread.sleep(500L * attempt);
    }

    private static List<List<String>> batches(List<String> names) {
        List<List<String>> out = new ArrayList<>();
        List<String> cur = new ArrayList<>();
        int chars = 0;
        for (String n : names) {
            int len = n.getBytes(StandardCharsets.UTF_8).length * 3 + 12;
            if (!cur.isEmpty() && (cur.size() >= BATCH_NAMES || chars + len > BATCH_CHARS)) {
                out.add(cur);
                cur = new ArrayList<>();
                chars = 0;
            }
            cur.add(n);
            chars += len;
        }
        if (!cur.isEmpty()) {
            out.add(cur);
        }
        return out;
    }

    private static List<String> split(String nulSeparated) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < nulSeparated.length(); i++) {
            if (nulSeparated.charAt(i) == 0) {
                out.add(nulSeparated.substring(start, i));
                start = i + 1;
            }
        }
        return out;
    }

    private static String strip(String findName) {
        return findName.startsWith("./") ? findName.substring(2) : findName;
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

}
