package io.jenkins.plugins.roiergasias.transfer;

import edu.umd.cs.findbugs.annotations.CheckForNull;

/**
 * What a run moves between the workspace and the work directory of its segments.
 *
 * @param inputs workspace files copied into every segment's work directory
 * @param excludes files left out of inputs and outputs
 * @param outputs files the steps write, copied back into the workspace after each segment
 * @param workDir the work directory in a pod (absolute)
 * @param maxBytes the most a run may move in either direction
 */
public record TransferSpec(Globs inputs, Globs excludes, Globs outputs, String workDir, long maxBytes) {
    public static final String DEFAULT_WORK_DIR = "/workspace";
    /** Two GiB. */
    public static final long DEFAULT_MAX_BYTES = 2L << 30;

    public TransferSpec {
        if (!workDir.startsWith("/") || workDir.contains("..") || workDir.equals("/")
                || !workDir.matches("[A-Za-z0-9._/-]+")) {
            throw new IllegalArgumentException("workDir must be an absolute path of letters, digits and ._-/"
                    + " other than / itself, not \"" + workDir + "\"");
        }
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxTransferSize must be positive");
        }
    }

    /**
     * The spec of the settings, or null when neither inputs nor outputs are set (nothing is moved).
     *
     * @throws IllegalArgumentException for a malformed glob or work directory
     */
    @CheckForNull
    public static TransferSpec of(@CheckForNull String inputs, @CheckForNull String excludes,
            @CheckForNull String outputs, @CheckForNull String workDir, @CheckForNull Long maxBytes) {
        Globs in = Globs.parse(inputs, "inputs");
        Globs out = Globs.parse(outputs, "outputs");
        if (in.isEmpty() && out.isEmpty()) {
            return null;
        }
        return new TransferSpec(in, Globs.parse(excludes, "excludes"), out,
                workDir == null || workDir.isBlank() ? DEFAULT_WORK_DIR : workDir.trim(),
                maxBytes == null ? DEFAULT_MAX_BYTES : maxBytes);
    }

    /** Whether an output path is wanted back. */
    public boolean isOutput(String path) {
        return outputs.matches(path) && !excludes.matches(path);
    }

    /**
     * The most a workspace on an agent may send the controller when a resumed run fetches its inputs
     * and the outputs that earlier segments brought back, in one stream: the inputs are held to
     * {@code maxBytes} when they are selected, and each carried file came back with a segment whose
     * outputs were held to it, so at most {@code maxBytes} each. A bound against an agent that sends
     * more, which never refuses what the run moved before.
     */
    public static long refetchLimit(long maxBytes, int carriedFiles) {
        long n = 1L + Math.max(0, carriedFiles);
        return maxBytes > Long.MAX_VALUE / n ? Long.MAX_VALUE : maxBytes * n;
    }
}
