package io.jenkins.plugins.roiergasias.cli;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.roiergasias.transfer.Sizes;
import io.jenkins.plugins.roiergasias.transfer.TransferSpec;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code --workspace}, {@code --inputs}, {@code --outputs}, {@code --excludes}, {@code --work-dir}, {@code --max-transfer-size}. */
final class FileOptions {
    private FileOptions() {}

    /** What the run moves, or null when neither --inputs nor --outputs is given. */
    @CheckForNull
    static TransferSpec spec(Args args) throws Args.UsageException {
        try {
            String max = args.value("--max-transfer-size");
            TransferSpec spec = TransferSpec.of(args.value("--inputs"), args.value("--excludes"),
                    args.value("--outputs"), args.value("--work-dir"), max == null ? null : Sizes.parse(max));
            if (spec == null && (args.value("--excludes") != null || args.value("--work-dir") != null
                    || max != null || args.value("--workspace") != null)) {
                throw new Args.UsageException("--workspace, --excludes, --work-dir and --max-transfer-size need"
                        + " --inputs or --outputs");
            }
            if (spec != null && !Files.isDirectory(workspace(args))) {
                throw new Args.UsageException("--workspace " + workspace(args) + " is not a directory");
            }
            return spec;
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(e.getMessage());
        }
    }

    /** {@code --workspace}, else the current directory. */
    static Path workspace(Args args) {
        String w = args.value("--workspace");
        return Path.of(w == null ? "." : w).toAbsolutePath().normalize();
    }
}
