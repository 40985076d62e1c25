package io.jenkins.plugins.roiergasias.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.Util;
import io.jenkins.plugins.roiergasias.transfer.TransferSpec;
import java.io.Serializable;

/**
 * The files settings of a step ({@code inputs}, {@code outputs}, {@code excludes}, {@code workDir}),
 * as the user wrote them. A plain class of strings, not a record: it persists with the step's
 * execution in the Pipeline program (JBoss Marshalling) and travels to agents (remoting).
 */
final class FileSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    @CheckForNull
    private final String inputs;

    @CheckForNull
    private final String outputs;

    @CheckForNull
    private final String excludes;

    @CheckForNull
    private final String workDir;

    private FileSettings(@CheckForNull String inputs, @CheckForNull String outputs, @CheckForNull String excludes,
            @CheckForNull String workDir) {
        this.inputs = inputs;
        this.outputs = outputs;
        this.excludes = excludes;
        this.workDir = workDir;
    }

    /** The settings, or null when neither inputs nor outputs are set (a run that moves no files). */
    @CheckForNull
    static FileSettings of(@CheckForNull String inputs, @CheckForNull String outputs, @CheckForNull String excludes,
            @CheckForNull String workDir) throws AbortException {
        if (Util.fixEmptyAndTrim(inputs) == null && Util.fixEmptyAndTrim(outputs) == null) {
            return null;
        }
        FileSettings f = new FileSettings(Util.fixEmptyAndTrim(inputs), Util.fixEmptyAndTrim(outputs),
                Util.fixEmptyAndTrim(excludes), Util.fixEmptyAndTrim(workDir));
        f.spec();
        return f;
    }

    /** @throws AbortException for a glob that leaves the workspace or a malformed work directory */
    TransferSpec spec() throws AbortException {
        try {
            return TransferSpec.of(inputs, excludes, outputs, workDir, null);
        } catch (IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        }
    }
}
