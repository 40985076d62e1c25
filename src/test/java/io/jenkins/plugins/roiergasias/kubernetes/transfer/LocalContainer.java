package io.jenkins.plugins.roiergasias.kubernetes.transfer;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The program's container of a Job's pod, played on this machine by a test kubelet: the segment's
 * program with {@code /bin/sh}, or, when the Job moves files ({@link PodScript#decorate}), the
 * wrapper {@code transfer.sh} with the pod's paths played by local ones. {@link LocalPodExec} then
 * runs the runner's commands in the same local work directory.
 */
public final class LocalContainer {
    private LocalContainer() {}

    /** Whether the Job's pod runs the transfer wrapper: its ConfigMap carries it. */
    public static boolean transfers(ConfigMap configMap) {
        return configMap.getData() != null && configMap.getData().containsKey(PodScript.KEY);
    }

    /**
     * The command that plays the container.
     *
     * @param program the segment's program, written here from the ConfigMap
     * @param status the file that plays the termination log
     * @param workDir the local directory that plays the pod's work directory (an emptyDir); created
     *     here, and the wrapper written next to it, when the Job moves files
     */
    public static List<String> command(ConfigMap configMap, Job job, Path program, Path status, Path workDir)
            throws IOException {
        if (!transfers(configMap)) {
            return List.of("/bin/sh", program.toString(), status.toString());
        }
        // decorate's command: /bin/sh MOUNT/transfer.sh WORKDIR PROGRAM STATUS WAIT_FOR_OUTPUTS SECONDS
        List<String> c = job.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand();
        Path script = Files.writeString(workDir.resolveSibling(workDir.getFileName() + "-transfer.sh"),
                configMap.getData().get(PodScript.KEY));
        Files.createDirectories(workDir);
        return List.of("/bin/sh", script.toString(), workDir.toString(), program.toString(), status.toString(),
                c.get(5), c.get(6));
    }
}
