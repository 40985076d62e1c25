package io.jenkins.plugins.roiergasias.transfer;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The workspace files that inputs select. The walk never follows a symlink: a link to a regular
 * file inside the workspace is sent as a plain file with the target's content; any other link (out
 * of the workspace, to a directory, dangling) is left out and named in a note.
 */
public final class InputFiles {
    /** One file to send. */
    public record Entry(String name, Path source, long size, boolean executable, long mtimeSeconds) {}

    private InputFiles() {}

    /**
     * @throws TransferException when a glob matches nothing (nothing may run then) or the files are
     *     larger than the limit
     */
    public static List<Entry> select(Path workspace, TransferSpec spec, Consumer<String> notes) throws IOException {
        Globs globs = spec.inputs();
        TreeMap<String, Entry> found = new TreeMap<>();
        BitSet used = new BitSet();
        if (globs.isEmpty()) {
            return List.of();
        }
        Path root = workspace.toRealPath();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String name = root.relativize(file).toString().replace('\\', '/');
                int p = globs.matching(name);
                if (p < 0 || spec.excludes().matches(name)) {
                    return FileVisitResult.CONTINUE;
                }
                Path source = file;
                if (attrs.isSymbolicLink()) {
                    Path target;
                    try {
                        target = file.toRealPath();
                    } catch (IOException e) {
                        notes.accept("inputs: left out " + name + ": a symlink that points nowhere");
                        return FileVisitResult.CONTINUE;
                    }
                    if (!target.startsWith(root) || !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
                        notes.accept("inputs: left out " + name + ": a symlink that points out of the workspace"
                                + " or to a directory");
                        return FileVisitResult.CONTINUE;
                    }
                    source = target;
                    attrs = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } else if (!attrs.isRegularFile()) {
                    return FileVisitResult.CONTINUE;
                }
                if (name.indexOf('\uFFFD') >= 0) { // a name Java could not decode would reach the pod garbled
                    throw new TransferException("inputs: the name of " + name + " " + FileNameCharset.problem());
                }
                used.set(p);
                found.put(name, new Entry(name, source, attrs.size(), Files.isExecutable(source),
                        attrs.lastModifiedTime().toMillis() / 1000));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                notes.accept("inputs: cannot read " + root.relativize(file) + ": " + e.getMessage());
                return FileVisitResult.CONTINUE;
            }
        });
        List<String> unmatched = new ArrayList<>();
        for (int i = 0; i < globs.patterns().size(); i++) {
            if (!used.get(i)) {
                unmatched.add(globs.patterns().get(i));
            }
        }
        if (!unmatched.isEmpty()) {
            throw new TransferException("inputs: " + (unmatched.size() == 1 ? "the glob " : "the globs ")
                    + String.join(", ", unmatched.stream().map(g -> "\"" + g + "\"").toList())
                    + (unmatched.size() == 1 ? " matches" : " match") + " no file in the workspace " + workspace + "; nothing was run");
        }
        long total = found.values().stream().mapToLong(Entry::size).sum();
        if (total > spec.maxBytes()) {
            throw new TransferException("inputs: " + Sizes.human(total) + " in " + found.size()
                    + " files exceed the limit of " + Sizes.human(spec.maxBytes())
                    + " (maxTransferSize); nothing was run");
        }
        return List.copyOf(found.values());
    }

    /**
     * A file of the workspace by its relative name, for the outputs of earlier segments: only a
     * regular file reached through no symlink (checked at every directory of its path).
     *
     * @return the file, or null when it is missing, not a regular file, or its path passes through a symlink
     */
    public static Entry plain(Path workspace, String name) throws IOException {
        Path dir = workspace;
        String[] parts = SafeWriter.checkName(name).split("/");
        for (int i = 0; i < parts.length; i++) {
            dir = dir.resolve(parts[i]);
            if (Files.isSymbolicLink(dir) || !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
        }
        BasicFileAttributes a = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile()) {
            return null;
        }
        return new Entry(name, dir, a.size(), Files.isExecutable(dir), a.lastModifiedTime().toMillis() / 1000);
    }
}
