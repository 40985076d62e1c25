package io.jenkins.plugins.roiergasias.transfer;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.io.IOException;

/**
 * When both ends of one stream fail (the side that reads and writes the files, and the side that
 * sends them), which failure tells the user why. The reader's refusal of the content (a limit, a
 * name it will not write) is the reason, and the sender then only sees its pipe closed; a stream cut
 * short, or a pipe that broke, is told best by the sender's own failure.
 */
public final class TransferFailures {
    private TransferFailures() {}

    /**
     * @param local the failure of the side that reads the stream
     * @param remote the failure of the side that wrote it, or null when it did not fail
     * @return the failure to report; the other one goes along as suppressed when the local one is kept
     */
    public static IOException reason(IOException local, @CheckForNull IOException remote) {
        if (remote == null || remote == local) {
            return local;
        }
        if (local instanceof TransferException t && !t.retriable()) {
            local.addSuppressed(remote);
            return local;
        }
        return remote;
    }
}
