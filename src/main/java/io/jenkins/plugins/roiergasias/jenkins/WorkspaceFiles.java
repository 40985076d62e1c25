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

/**
 * The build's workspace as the engine's transfer sees it. A workspace on the controller's file
 * system is used as it is. One on an agent is staged: the inputs are copied to a directory of the
 * controller (symlinks arrive as links and are then left out by the engine unless they point to a
 * file among the inputs), the engine moves files between it and the pods, and the outputs go back
 * to the agent at the end, each written aside and renamed.
 */
final class WorkspaceFiles {
    private final FilePath workspace;
    private final Path local;
    private final boolean staged;
    private final PodTransfer transfer;

    private WorkspaceFiles(FilePath workspace, Path local, boolean staged, PodTransfer transfer) {
        this.workspace = workspace;
        this.local = local;
        this.staged = staged;
        this.transfer = transfer;
    }

    /** Selects the inputs; an inputs glob that matches nothing fails here, before any Job is created. */
    static WorkspaceFiles prepare(@NonNull FilePath workspace, TransferSpec spec, PrintStream log)
            throws IOException, InterruptedException {
        if (!workspace.isRemote()) {
            Path ws = Path.of(workspace.getRemote());
            return new WorkspaceFiles(workspace, ws, false, PodTransfer.prepare(ws, spec, m -> log.println(
                    "[roiergasias] " + m)));
        }
        Path dir = Files.createTempDirectory("roiergasias-ws-");
        try {
            if (!spec.inputs().isEmpty()) {
                workspace.copyRecursiveTo(String.join(",", spec.inputs().patterns()),
                        spec.excludes().isEmpty() ? null : String.join(",", spec.excludes().patterns()),
                        new FilePath(dir.toFile()));
            }
            return new WorkspaceFiles(workspace, dir, true, PodTransfer.prepare(dir, spec, m -> log.println(
                    "[roiergasias] " + m)));
        } catch (IOException | InterruptedException | RuntimeException e) {
            new FilePath(dir.toFile()).deleteRecursive();
            throw e;
        }
    }

    PodTransfer transfer() {
        return transfer;
    }

    /**
     * After the run: copies the outputs back to an agent's workspace, tells what each segment moved,
     * records it for the build page, and removes the staging directory.
     */
    void finish(Run<?, ?> run, PrintStream log) throws IOException, InterruptedException {
        try {
            if (staged) {
                for (String name : List.copyOf(transfer.outputsBack())) {
                    FilePath target = workspace.child(name);
                    FilePath part = workspace.child(name + ".roiergasias-part");
                    part.copyFrom(new FilePath(local.resolve(name).toFile()));
                    part.renameTo(target);
                }
            }
            Map<Integer, PodTransfer.Moved> moved = transfer.moved();
            moved.forEach((i, m) -> log.println("[roiergasias] segment " + (i + 1) + ": files in " + m.filesIn() + " ("
                    + Sizes.human(m.in()) + "), out " + m.filesOut() + " (" + Sizes.human(m.out()) + ")"));
            run.addAction(new RoiergasiasFilesAction(moved));
        } finally {
            if (staged) {
                new FilePath(local.toFile()).deleteRecursive();
            }
        }
    }
}
