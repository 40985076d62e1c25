package io.jenkins.plugins.roiergasias.kubernetes.transfer;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** Runs a command in the program's container of a pod, streaming stdin and stdout (pods/exec). */
public interface PodExec {
    /** What goes to the command's stdin, written as the command reads it. */
    interface Input {
        void writeTo(OutputStream stdin) throws IOException;
    }

    /** Reads the command's stdout as it comes; whatever it leaves unread is discarded. */
    interface Output {
        void readFrom(java.io.InputStream stdout) throws IOException;
    }

    /** The exit code of a command whose status never arrived: it may or may not have run. */
    int NO_EXIT_CODE = -1;

    /** The command's exit code ({@link #NO_EXIT_CODE} when unknown) and the end of its stderr. */
    record Result(int exitCode, String stderr) {}

    /**
     * @param stdin null for none
     * @param stdout reads the command's stdout
     * @throws IOException when the connection fails or drops (the command's effect is then unknown)
     */
    Result exec(String pod, List<String> command, @CheckForNull Input stdin, Output stdout)
            throws IOException, InterruptedException;
}
