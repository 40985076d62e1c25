package io.jenkins.plugins.roiergasias.kubernetes.logs;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.io.IOException;
import java.io.InputStream;

/** Opens a pod's container log, timestamped. A seam: the runner reads through the API server, tests may not. */
public interface LogSource {
    /**
     * @param sinceTime RFC 3339 time to start from (inclusive), null for the whole log
     * @param follow keep the stream open while the container runs
     * @return the log bytes; closing the stream ends the request
     * @throws Refused when the server answered with an error status
     * @throws IOException when the server could not be reached
     */
    InputStream open(String pod, @CheckForNull String sinceTime, boolean follow)
            throws IOException, Refused, InterruptedException;

    /** An HTTP error answer to a log request. */
    final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final int code;

        Refused(int code, String message) {
            super(message);
            this.code = code;
        }

        int code() {
            return code;
        }

        /** 400 while the container is being created ("ContainerCreating", "PodInitializing", "waiting to start"). */
        boolean notStartedYet() {
            return code == 400;
        }

        boolean transientFailure() {
            return code == 429 || code >= 500;
        }
    }
}
