package io.jenkins.plugins.roiergasias.workflow;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The rule for {@code file:}: a workflow file is read only from inside the workspace. A path that
 * is absolute or climbs out with {@code ..} is refused before anything is read; where a symbolic
 * link leads is checked on the machine that holds the workspace, when the file is opened.
 */
public final class WorkspaceFile {
    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");

    private WorkspaceFile() {}

    /** A path that may not be read; the message says why and never quotes the file's content. */
    public static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        public Refused(String message) {
            super(message);
        }
    }

    /**
     * Opens {@code path} inside {@code workspace}, after every check: relative, no {@code ..}, no
     * symbolic link leading out, a regular file (never a FIFO or a device, which could block or
     * never end). Runs where the workspace is.
     *
     * @throws Refused when the path breaks a rule, NoSuchFileException when there is no such file
     */
    public static InputStream open(Path workspace, String path) throws IOException {
        String problem = problem(path);
        if (problem != null) {
            throw new Refused(problem);
        }
        Path root = workspace.toRealPath();
        Path file = root.resolve(path);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.exists(file)) {
            throw new NoSuchFileException(path);
        }
        Path real;
        try {
            real = file.toRealPath();
        } catch (NoSuchFileException e) {
            throw new Refused(outside(path)); // a dangling link: where it points is none of the workspace's business
        }
        if (!real.startsWith(root)) {
            throw new Refused(outside(path));
        }
        if (!Files.isRegularFile(real)) {
            throw new Refused(notRegular(path));
        }
        return Files.newInputStream(real);
    }

    /** Why {@code path} may not be read, or null when it is a plain relative path inside the workspace. */
    @CheckForNull
    public static String problem(@CheckForNull String path) {
        if (path == null || path.isBlank()) {
            return "file: is empty; give the workflow file's path relative to the workspace";
        }
        if (path.indexOf('\0') >= 0) {
            return "file: contains a NUL character";
        }
        if (path.startsWith("/") || path.startsWith("\\") || path.startsWith("~") || DRIVE.matcher(path).matches()) {
            return "file: '" + path + "' is not relative to the workspace; workflow files are read only from inside"
                    + " the workspace (e.g. file: 'ci/workflow.yaml')";
        }
        for (String part : path.split("[/\\\\]")) {
            if (part.equals("..")) {
                return "file: '" + path + "' climbs out of the workspace with '..'; workflow files are read only from"
                        + " inside the workspace";
            }
        }
        return null;
    }

    /** The message for a path that a symbolic link leads out of the workspace. */
    public static String outside(String path) {
        return "file: '" + path + "' leads out of the workspace through a symbolic link; workflow files are read"
                + " only from inside the workspace";
    }

    /** The message for a path that is a directory, a device or a pipe: nothing is read from it. */
    public static String notRegular(String path) {
        return "file: '" + path + "' is not a regular file";
    }
}
