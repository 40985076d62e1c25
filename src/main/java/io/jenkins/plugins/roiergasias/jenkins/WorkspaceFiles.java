package io.jenkins.plugins.roiergasias.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.FilePath;
import hudson.model.Run;
import io.jenkins.plugins.roiergasias.kubernetes.transfer.PodTransfer;
import io.jenkins.plugins.roiergasias.transfer.Sizes;
import io.jenkins.plugins.roiergasias.transfer.TransferSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The build's workspace as the engine's transfer sees it. A workspace on the controller's file
 * system is used as it is. One on an agent is staged in a directory of the controller: the inputs
 * (and, after a restart, the outputs of earlier segments) come from the agent once, selected there
 * by the engine's rules ({@link AgentFiles}); after each segment its outputs go on to the agent's
 * workspace before the pod may end, so a later failure keeps them. {@link #close} removes the
 * staging directory, whichever way the run ends.
 */
final class WorkspaceFiles implements AutoCloseable {
    /**
     * Applied to each run's transfer once its inputs are selected; the identity. A seam for tests,
     * whose mock API server cannot serve the exec WebSocket of pods/exec: they give the transfer
     * another way to run commands in pods ({@link PodTransfer#with}).
     */
    static volatile UnaryOperator<PodTransfer> forTests = UnaryOperator.identity();

    private final Path local;
    private final boolean staged;
    private final PodTransfer transfer;

    private WorkspaceFiles(Path local, boolean staged, PodTransfer transfer) {
        this.local = local;
        this.staged = staged;
        this.transfer = transfer;
    }

    /**
     * Selects the inputs; an inputs glob that matches nothing fails here, before any Job is created.
     *
     * @param carried outputs that earlier segments copied back (after a restart), by name
     * @param back told of each segment's outputs once they are in the build's workspace
     */
    static WorkspaceFiles prepare(@NonNull FilePath workspace, FileSettings settings, List<String> carried,
            PrintStream log, Consumer<List<String>> back) throws IOException, InterruptedException {
        TransferSpec spec = settings.spec();
        Consumer<String> notes = m -> log.println("[roiergasias] " + m);
        if (!workspace.isRemote()) {
            Path ws = Path.of(workspace.getRemote());
            PodTransfer t = forTests.apply(PodTransfer.prepare(ws, spec, notes).carry(carried));
            t.afterOutputs((segment, names) -> back.accept(names));
            return new WorkspaceFiles(ws, false, t);
        }
        Path dir = Files.createTempDirectory("roiergasias-ws-");
        WorkspaceFiles files = null;
        try {
            AgentFiles.fetch(workspace, settings, carried, dir, spec.maxBytes()).forEach(notes);
            PodTransfer t = forTests.apply(PodTransfer.prepare(dir, spec, notes).carry(carried));
            t.afterOutputs((segment, names) -> {
                AgentFiles.push(dir, names, workspace);
                back.accept(names);
            });
            files = new WorkspaceFiles(dir, true, t);
            return files;
        } finally {
            if (files == null) {
                new FilePath(dir.toFile()).deleteRecursive();
            }
        }
    }

    PodTransfer transfer() {
        return transfer;
    }

    /** After the run: tells what each segment moved, and records it for the build page. */
    void report(Run<?, ?> run, PrintStream log) {
        Map<Integer, PodTransfer.Moved> moved = transfer.moved();
        moved.forEach((i, m) -> log.println("[roiergasias] segment " + (i + 1) + ": files in " + m.filesIn() + " ("
                + Sizes.human(m.in()) + "), out " + m.filesOut() + " (" + Sizes.human(m.out()) + ")"));
        if (!moved.isEmpty()) {
            run.addAction(new RoiergasiasFilesAction(moved));
        }
    }

    /** Removes the staging directory of an agent's workspace. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (staged) {
            new FilePath(local.toFile()).deleteRecursive();
        }
    }
}
