package io.jenkins.plugins.roiergasias.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --restrict-templates} on the real CLI process: off by default (the CLI user owns the
 * credential), on it refuses a privileged template with exit 3, naming the file and the field, and
 * prints nothing on standard output.
 */
class RestrictTemplatesCliTest {
    @TempDir
    Path dir;

    @Test
    void theCliUserDecidesWhetherTemplatesAreRestricted() throws Exception {
        Path wf = Files.writeString(dir.resolve("wf.yaml"), """
                version: 0.1
                task:
                  - node: gpu
                    sequential:
                      - print: ["one"]
                """);
        Files.writeString(dir.resolve("common.yaml"), "spec: {tolerations: [{key: gpu, operator: Exists}]}\n");
        Files.writeString(dir.resolve("gpu.yaml"), """
                kind: Job
                spec:
                  template:
                    spec:
                      hostPID: true
                      containers:
                      - name: roiergasias
                        securityContext: {privileged: true}
                """);
        String[] render = {"render", "-f", wf.toString(), "--run-id", "r-abc", "--job-template", "common.yaml",
            "--job-template", "gpu=gpu.yaml"};

        CliProcess.Result unrestricted = CliProcess.run(dir, Map.of(), render);
        assertEquals(0, unrestricted.exit(), unrestricted.stderr());
        assertTrue(unrestricted.stdout().contains("privileged: true"), unrestricted.stdout());

        String[] restricted = java.util.Arrays.copyOf(render, render.length + 1);
        restricted[render.length] = "--restrict-templates";
        CliProcess.Result r = CliProcess.run(dir, Map.of(), restricted);
        assertEquals(3, r.exit(), r.stderr());
        assertEquals("", r.stdout());
        assertEquals("""
                roiergasias: the template sets what --restrict-templates refuses (docs/kubernetes.md, "Restricted step templates"):
                  --job-template gpu=gpu.yaml: spec.template.spec.hostPID: true (the node's processes)
                  --job-template gpu=gpu.yaml: spec.template.spec.containers[0].securityContext.privileged: true (every device and capability of the node)
                Try 'roiergasias --help'.
                """, r.stderr());
    }
}
