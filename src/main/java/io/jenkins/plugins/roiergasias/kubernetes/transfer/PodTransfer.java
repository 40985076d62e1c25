package io.jenkins.plugins.roiergasias.kubernetes.transfer;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.roiergasias.kubernetes.SegmentFiles;
import io.jenkins.plugins.roiergasias.segment.Segment;
import io.jenkins.plugins.roiergasias.transfer.InputFiles;
import io.jenkins.plugins.roiergasias.transfer.SafeWriter;
import io.jenkins.plugins.roiergasias.transfer.TransferException;
import io.jenkins.plugins.roiergasias.transfer.TransferSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Files in and out of every segment's pod through the API server (see docs/kubernetes.md, "Files in
 * and out"). The inputs are selected once, before the first Job; the outputs each segment sends back
 * are written into the workspace and sent on to the pods of later segments.
 */
public final class PodTransfer implements SegmentFiles {
    /** How long a pod waits for its inputs and for its outputs to be taken; {@code roiergasias.transfer.waitSeconds}. */
    static final Duration WAIT = Duration.ofSeconds(Long.getLong("roiergasias.transfer.waitSeconds", 600));

    /** Bytes a segment moved in and out, for the build page. */
    public record Moved(long in, long out, int filesIn, int filesOut) {}

    /** Told of each segment's outputs once they are in the workspace, before the pod is let go. */
    public interface OutputsBack {
        /**
         * @param names the files written, relative to the workspace, in order
         * @throws IOException to fail the segment, the message telling why
         */
        void back(Segment segment, List<String> names) throws IOException, InterruptedException;
    }

    final Path workspace;
    final TransferSpec spec;
    final List<InputFiles.Entry> inputs;
    /** Outputs copied back so far, in order: they go to every later segment. */
    final Set<String> carried = Collections.synchronizedSet(new LinkedHashSet<>());
    private final Map<Integer, Moved> moved = Collections.synchronizedMap(new TreeMap<>());
    private volatile OutputsBack afterOutputs = (segment, names) -> {};
    private BiFunction<KubernetesClient, String, PodExec> execs = Fabric8PodExec::new;
    private Duration wait = WAIT;

    private PodTransfer(Path workspace, TransferSpec spec, List<InputFiles.Entry> inputs) {
        this.workspace = workspace;
        this.spec = spec;
        this.inputs = inputs;
    }

    /**
     * Selects the inputs. Call before the run: a glob that matches nothing fails here, before any
     * Job exists.
     *
     * @param notes inputs left out (symlinks out of the workspace)
     */
    public static PodTransfer prepare(Path workspace, TransferSpec spec, Consumer<String> notes) throws IOException {
        return new PodTransfer(workspace, spec, InputFiles.select(workspace, spec, notes));
    }

    /**
     * Only what a run with these files adds to each segment's objects (the work volume, the
     * wrapper), for rendering them without a cluster or a workspace (CLI {@code render}, Jenkins dry run).
     */
    public static SegmentFiles objectsOnly(TransferSpec spec) {
        return new PodTransfer(null, spec, List.of());
    }

    /** Commands in pods through the API server's exec WebSocket: what a run uses unless told otherwise. */
    public static PodExec fabric8(KubernetesClient client, String namespace) {
        return new Fabric8PodExec(client, namespace);
    }

    /** Another way to run commands in pods (tests: a fake kubelet) and another wait for the pod. */
    public PodTransfer with(BiFunction<KubernetesClient, String, PodExec> e, Duration w) {
        this.execs = e;
        this.wait = w;
        return this;
    }

    /**
     * What to do once a segment's outputs are in the workspace (the Jenkins layer: copy them on to
     * an agent's workspace, remember their names). It runs before the pod may end.
     */
    public PodTransfer afterOutputs(OutputsBack hook) {
        this.afterOutputs = hook;
        return this;
    }

    OutputsBack afterOutputs() {
        return afterOutputs;
    }

    /**
     * Outputs that earlier segments copied back (after a restart, from the names the caller kept):
     * they go to the pods of the segments still to run, read again from the workspace.
     *
     * @throws TransferException for a name that is absolute or contains {@code ..}
     */
    public PodTransfer carry(Collection<String> names) throws TransferException {
        for (String n : names) {
            carried.add(SafeWriter.checkName(n));
        }
        return this;
    }

    /** Bytes each segment (0-based index) moved in and out so far. */
    public Map<Integer, Moved> moved() {
        synchronized (moved) {
            return Map.copyOf(moved);
        }
    }

    void record(int segment, Moved m) {
        moved.put(segment, m);
    }

    @Override
    public void decorate(ConfigMap configMap, Job job) {
        PodScript.decorate(configMap, job, spec.workDir(), !spec.outputs().isEmpty(), wait.toSeconds());
    }

    @Override
    public List<String> permissions() {
        return List.of("create pods/exec", "get pods/exec");
    }

    @Override
    public Session open(Segment segment, KubernetesClient client, String namespace, Consumer<String> progress,
            Runnable wake) {
        return new PodSession(this, segment, execs.apply(client, namespace), progress, wake);
    }

    /** The outputs copied back into the workspace so far, in order. */
    public List<String> outputsBack() {
        return carriedNow();
    }

    /** The files a segment's pod gets: the inputs, then the outputs of earlier segments (fresh from the workspace). */
    List<String> carriedNow() {
        synchronized (carried) {
            return new ArrayList<>(carried);
        }
    }
}
