package io.jenkins.plugins.roiergasias.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Files in and out for {@code run --local}, with the semantics of a cluster run: the inputs are
 * copied into a fresh work directory, the steps run there, and after each segment the outputs it
 * wrote (new or changed files that match) come back into the workspace, whole or not at all.
 */
public final class LocalFiles implements AutoCloseable {
    private final Path workspace;
    private final TransferSpec spec;
    private final Path workDir;
    private final Consumer<String> progress;
    /** Size and modification time of every file the work directory held after the last copy. */
    private final Map<String, List<Long>> known = new HashMap<>();

    private LocalFiles(Path workspace, TransferSpec spec, Path workDir, Consumer<String> progress) {
        this.workspace = workspace;
        this.spec = spec;
        this.workDir = workDir;
        this.progress = progress;
    }

    /**
     * Selects the inputs and copies them into a fresh work directory.
     *
     * @throws TransferException when an inputs glob matches nothing; nothing was run then
     */
    public static LocalFiles prepare(Path workspace, TransferSpec spec, Consumer<String> progress) throws IOException {
        List<InputFiles.Entry> inputs = InputFiles.select(workspace, spec, progress);
        Path dir = Files.createTempDirectory("roiergasias-work-");
        LocalFiles files = new LocalFiles(workspace, spec, dir, progress);
        try {
            SafeWriter writer = new SafeWriter(dir, spec.maxBytes(), "maxTransferSize");
            for (InputFiles.Entry e : inputs) {
                try (InputStream in = Files.newInputStream(e.source())) {
                    writer.write(e.name(), in, e.executable());
                }
            }
            if (!inputs.isEmpty()) {
                progress.accept("inputs: " + inputs.size() + " files, " + Sizes.human(writer.bytes()) + " copied into "
                        + dir);
            }
            files.known.putAll(files.scan());
        } catch (IOException | RuntimeException e) {
            files.close();
            throw e;
        }
        return files;
    }

    public Path workDir() {
        return workDir;
    }

    /**
     * Copies the outputs a segment wrote back into the workspace and warns about outputs globs that
     * found nothing (after a segment that succeeded).
     */
    public void collect(String segmentLabel, boolean succeeded) throws IOException {
        Map<String, List<Long>> now = scan();
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, List<Long>> e : now.entrySet()) {
            if (!e.getValue().equals(known.get(e.getKey()))) {
                changed.add(e.getKey());
            }
        }
        changed.sort(Comparator.naturalOrder());
        List<String> wanted = Outputs.pick(changed, spec);
        if (succeeded) {
            Outputs.warnUnmatched(segmentLabel, now.keySet(), spec, progress);
        }
        SafeWriter writer = new SafeWriter(workspace, spec.maxBytes(), "maxTransferSize");
        for (String name : wanted) {
            Path source = workDir.resolve(name);
            try (InputStream in = Files.newInputStream(source, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                writer.write(name, in, Files.isExecutable(source));
            }
        }
        if (!wanted.isEmpty()) {
            progress.accept(segmentLabel + ": outputs: " + wanted.size() + " files, " + Sizes.human(writer.bytes())
                    + " copied back into the workspace");
        }
        known.clear();
        known.putAll(now);
    }

    /** Regular files of the work directory; symlinks are not outputs (named once in a note). */
    private Map<String, List<Long>> scan() throws IOException {
        Map<String, List<Long>> out = new HashMap<>();
        Files.walkFileTree(workDir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
                String name = workDir.relativize(file).toString().replace('\\', '/');
                if (a.isRegularFile()) {
                    out.put(name, List.of(a.size(), a.lastModifiedTime().toMillis()));
                } else if (a.isSymbolicLink() && spec.isOutput(name) && !known.containsKey(name)) {
                    progress.accept("outputs: left out " + name + ": a symlink (only regular files are copied back)");
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return out;
    }

    /** Deletes the work directory. */
    @Override
    public void close() throws IOException {
        try (Stream<Path> s = Files.walk(workDir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
