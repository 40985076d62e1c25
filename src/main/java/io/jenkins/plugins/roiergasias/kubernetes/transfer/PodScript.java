package io.jenkins.plugins.roiergasias.kubernetes.transfer;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.Names;
import java.util.ArrayList;
import java.util.List;

/**
 * The pod's side of the transfer: the wrapper {@code transfer.sh} that waits for the inputs, runs
 * the program in the work directory and waits for the outputs to be taken, and the commands the
 * runner executes in the pod. Plain POSIX {@code sh} with {@code tar} and {@code head}.
 */
final class PodScript {
    static final String KEY = "transfer.sh";
    static final String VOLUME = "roiergasias-work";
    /** Control files, inside the work directory; never inputs or outputs. */
    static final String CONTROL = ".roiergasias";

    private PodScript() {}

    /** The wrapper. Arguments: WORKDIR PROGRAM STATUS_FILE WAIT_FOR_OUTPUTS(0|1) SECONDS. */
    static final String WRAPPER = """
            #!/bin/sh
            # roiergasias: files in and out through the API server (pods/exec); generated.
            w=$1; program=$2; status=$3; wait_out=$4; limit=$5
            for tool in tar head; do
              if ! command -v "$tool" >/dev/null 2>&1; then
                echo "roiergasias: this image has no $tool, which copying files in and out needs" >&2
                printf 'roiergasias-transfer missing=%s' "$tool" >"$status"
                exit 127
              fi
            done
            mkdir -p "$w/.roiergasias" && cd "$w" || exit 126
            trap 'exit 143' TERM
            trap 'exit 130' INT
            trap 'exit 129' HUP
            _roi_wait() {
              _end=$(( $(date +%s) + limit ))
              while [ ! -e "$w/.roiergasias/$1" ]; do
                if [ "$(date +%s)" -ge "$_end" ]; then
                  echo "roiergasias: $2 within $limit s; giving up" >&2
                  [ "$1" = in ] && printf 'roiergasias-transfer timeout=%s' "$1" >"$status"
                  exit "$3"
                fi
                sleep 0.2 2>/dev/null || sleep 1
              done
            }
            _roi_wait in "no files arrived from the runner" 125
            /bin/sh "$program" "$status" &
            child=$!
            trap 'kill -TERM "$child" 2>/dev/null' TERM
            trap 'kill -INT "$child" 2>/dev/null' INT
            trap 'kill -HUP "$child" 2>/dev/null' HUP
            wait "$child"
            rc=$?
            while kill -0 "$child" 2>/dev/null; do
              wait "$child"
              rc=$?
            done
            printf '%s' "$rc" >"$w/.roiergasias/rc"
            if [ "$wait_out" = 1 ]; then
              trap 'exit "$rc"' TERM INT HUP
              _roi_wait out "the runner did not take the outputs" "$rc"
            fi
            exit "$rc"
            """;

    /**
     * Unpacks exactly SIZE bytes of stdin (the exec protocol cannot close stdin), then marks the
     * inputs as arrived. The archive is written to a file first and unpacked from there (measured
     * with phases apart, a pipe into tar costs the same: docs/benchmarks-kubernetes.md).
     *
     * <p>The marker {@code in0}, written before the archive arrives, is what {@code find -newer}
     * compares a step's files with: the unpacked inputs carry their own older times, and every file a
     * step writes must be newer, also on file systems with whole-seconds times. So the inputs are
     * released ({@code in}) no sooner than 1.1 s after {@code in0}, by the kernel's clock
     * ({@code /proc/uptime}, or a plain second where it cannot be read): an archive that took that
     * long to arrive waits no more. The shell stays the exec's process to the end (the last command
     * is a builtin): the container runtime closes an exec's stdin when its stdout closes, so a
     * command that handed stdout over ({@code exec}) would get only part of the archive.
     */
    static List<String> upload(String workDir, long size) {
        return List.of("/bin/sh", "-c", "cs() { read -r u _ < /proc/uptime && echo $(( ${u%.*} * 100 + 1${u#*.} - 100 ));"
                + " } 2>/dev/null; cd \"$1\" && mkdir -p .roiergasias && : > .roiergasias/in0 && t0=$(cs);"
                + " head -c \"$2\" > .roiergasias/in.tar && tar -xf .roiergasias/in.tar && rm -f .roiergasias/in.tar"
                + " && if [ -n \"$t0\" ]; then while [ $(( $(cs) - t0 )) -lt 110 ]; do sleep 0.05 2>/dev/null"
                + " || sleep 1; done; else sleep 1; fi && : > .roiergasias/in", "sh", workDir, Long.toString(size));
    }

    /** Exits with 0 when the inputs have arrived (their marker, written last by {@link #upload}, exists). */
    static List<String> arrived(String workDir) {
        return List.of("/bin/sh", "-c", "[ -e \"$1/.roiergasias/in\" ]", "sh", workDir);
    }

    /** Waits for the program's end, then prints: its exit code, the new or changed files, {@code --}, all files (NUL-separated). */
    static List<String> list(String workDir) {
        return List.of("/bin/sh", "-c", "cd \"$1\" || exit 126; while [ ! -e .roiergasias/rc ]; do sleep 0.2 2>/dev/null"
                + " || sleep 1; done; cat .roiergasias/rc; printf '\\0'; find . -name .roiergasias -prune -o ! -type d"
                + " -newer .roiergasias/in0 -print0; printf -- '--\\0'; find . -name .roiergasias -prune -o ! -type d"
                + " -print0", "sh", workDir);
    }

    /** Writes the named files (each {@code ./...}) as a tar stream. */
    static List<String> download(String workDir, List<String> names) {
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", "cd \"$1\" && shift && exec tar -cf - \"$@\"",
                "sh", workDir));
        cmd.addAll(names);
        return cmd;
    }

    /** Lets the wrapper end: the outputs are back. */
    static List<String> release(String workDir) {
        return List.of("/bin/sh", "-c", ": > \"$1/.roiergasias/out\"", "sh", workDir);
    }

    /** Adds the wrapper to the ConfigMap and the work volume and wrapper command to the Job. */
    static void decorate(ConfigMap cm, Job job, String workDir, boolean waitForOutputs, long limitSeconds) {
        cm.getData().put(KEY, WRAPPER);
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        List<Volume> volumes = new ArrayList<>(pod.getVolumes());
        volumes.removeIf(v -> VOLUME.equals(v.getName()));
        volumes.add(new VolumeBuilder().withName(VOLUME).withNewEmptyDir().endEmptyDir().build());
        pod.setVolumes(volumes);
        for (Container c : pod.getContainers()) {
            if (!Names.CONTAINER.equals(c.getName())) {
                continue;
            }
            List<VolumeMount> mounts = new ArrayList<>(c.getVolumeMounts());
            mounts.removeIf(m -> VOLUME.equals(m.getName()) || workDir.equals(m.getMountPath()));
            mounts.add(new VolumeMountBuilder().withName(VOLUME).withMountPath(workDir).build());
            c.setVolumeMounts(mounts);
            c.setWorkingDir(workDir);
            c.setCommand(List.of("/bin/sh", Names.MOUNT_PATH + "/" + KEY, workDir,
                    Names.MOUNT_PATH + "/" + Names.PROGRAM_KEY, Names.TERMINATION_LOG, waitForOutputs ? "1" : "0",
                    Long.toString(limitSeconds)));
        }
    }
}
