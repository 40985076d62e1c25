package io.jenkins.plugins.roiergasias.kubernetes;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.roiergasias.segment.Segment;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Files in and out of the segments' pods (inputs and outputs), implemented in
 * {@code kubernetes.transfer}. A run without files has none, and then nothing here is called.
 */
public interface SegmentFiles {
    /** Adds the work directory and the wrapper that waits for the files to a segment's objects. */
    void decorate(ConfigMap configMap, Job job);

    /** Permissions the transfer needs besides the Role's, as {@code "verb resource"} ({@code "create pods/exec"}). */
    List<String> permissions();

    /**
     * Starts following one segment.
     *
     * @param progress console lines of this segment; the caller puts the segment's label before each
     * @param wake called when {@link Session#failure()} changes
     */
    Session open(Segment segment, KubernetesClient client, String namespace, Consumer<String> progress, Runnable wake);

    /** The transfers of one segment, on a thread of their own. */
    interface Session extends AutoCloseable {
        /** The segment's pod has started: move the files in (once per pod), later the outputs back. */
        void podRunning(String pod, @CheckForNull String image);

        /** Why the segment cannot go on (the files could not be moved), or null. */
        @CheckForNull
        String failure();

        /**
         * After the pod ended: waits for the outputs to be back.
         *
         * @param terminationMessage the container's termination message
         * @return why the segment failed because of the files, or null
         */
        @CheckForNull
        String finish(@CheckForNull String terminationMessage, Duration max) throws InterruptedException;

        /** Stops every transfer (abort, stuck pod); nothing partial is left in the workspace. */
        @Override
        void close();
    }
}
