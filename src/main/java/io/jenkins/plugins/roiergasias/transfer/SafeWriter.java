package io.jenkins.plugins.roiergasias.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Writes files that come from an untrusted source under one directory: never outside it, never
 * through a symlink, each file written aside and then renamed, so that it appears whole or not at
 * all. Counts every byte against a limit shared by all files of one transfer.
 */
public final class SafeWriter {
    private final Path root;
    private final long maxBytes;
    private final String limitName;
    private long bytes;
    private final byte[] buffer = new byte[64 * 1024];

    /**
     * @param root the directory files go to (it must exist)
     * @param maxBytes the limit of all files together
     * @param limitName the setting that sets the limit, for the message
     */
    public SafeWriter(Path root, long maxBytes, String limitName) throws IOException {
        this.root = root.toRealPath();
        this.maxBytes = maxBytes;
        this.limitName = limitName;
    }

    public long bytes() {
        return bytes;
    }

    /**
     * The checked relative name of an entry: no absolute path, no {@code ..}, no empty name.
     *
     * @throws TransferException when the name is refused
     */
    public static String checkName(String raw) throws TransferException {
        String n = raw;
        while (n.startsWith("./")) {
            n = n.substring(2);
        }
        if (n.isEmpty() || n.startsWith("/") || n.indexOf('\0') >= 0) {
            throw new TransferException("refused the file \"" + raw + "\" from the pod: an absolute or empty path");
        }
        for (String seg : n.split("/", -1)) {
            if (seg.equals("..")) {
                throw new TransferException("refused the file \"" + raw + "\" from the pod: its path leaves the"
                        + " directory (..)");
            }
        }
        return n.replaceAll("/+", "/").replaceAll("/\\.(?=/|$)", "").replaceAll("/$", "");
    }

    /**
     * Writes one file from its content stream: aside first, then renamed over the target.
     *
     * @throws TransferException when the name is refused, a directory of its path is a symlink, or
     *     the limit is exceeded (nothing of this file is left then)
     */
    public void write(String rawName, InputStream content, boolean executable) throws IOException {
        String name = checkName(rawName);
        Path target;
        try {
            target = root.resolve(name).normalize();
        } catch (InvalidPathException e) {
            throw new TransferException("refused the file \"" + rawName + "\" from the pod: its name "
                    + FileNameCharset.problem());
        }
        if (!target.startsWith(root) || target.equals(root)) {
            throw new TransferException("refused the file \"" + rawName + "\": its path leaves the directory");
        }
        Path dir = directories(root.relativize(target.getParent() == null ? root : target.getParent()), rawName);
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new TransferException("refused the file \"" + rawName + "\": a directory of that name exists");
        }
        Path part = Files.createTempFile(dir, "." + shortName(target) + ".", ".roiergasias-part");
        boolean moved = false;
        try {
            try (OutputStream out = Files.newOutputStream(part)) {
                int n;
                while ((n = content.read(buffer)) >= 0) {
                    bytes += n;
                    if (bytes > maxBytes) {
                        throw new TransferException("the files are larger than the limit of " + Sizes.human(maxBytes)
                                + " (" + limitName + "); stopped at " + name);
                    }
                    out.write(buffer, 0, n);
                }
            }
            if (executable) {
                try {
                    Set<PosixFilePermission> p = Files.getPosixFilePermissions(part);
                    p.add(PosixFilePermission.OWNER_EXECUTE);
                    p.add(PosixFilePermission.GROUP_EXECUTE);
                    p.add(PosixFilePermission.OTHERS_EXECUTE);
                    Files.setPosixFilePermissions(part, p);
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: no executable bits to keep
                }
            }
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(part);
            }
        }
    }

    /** Creates the directories of a relative path one by one, refusing any that is a symlink or a file. */
    private Path directories(Path relative, String rawName) throws IOException {
        Path dir = root;
        for (Path seg : relative) {
            if (seg.toString().isEmpty()) {
                continue;
            }
            dir = dir.resolve(seg);
            if (Files.isSymbolicLink(dir)) {
                throw new TransferException("refused the file \"" + rawName + "\": its path passes through the"
                        + " symlink " + root.relativize(dir));
            }
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    throw new TransferException("refused the file \"" + rawName + "\": " + root.relativize(dir)
                            + " is not a directory");
                }
            } else {
                Files.createDirectory(dir);
            }
        }
        return dir;
    }

    private static String shortName(Path target) {
        String n = target.getFileName().toString();
        return n.length() > 40 ? n.substring(0, 40) : n;
    }
}
