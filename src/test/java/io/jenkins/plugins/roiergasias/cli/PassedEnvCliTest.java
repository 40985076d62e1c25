package io.jenkins.plugins.roiergasias.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --env}, {@code --secret-env} and {@code --job-template NODE=FILE} on the real CLI process:
 * passed variables are the workflow's process environment (its own {@code environment} overrides
 * them) for {@code run --local} as for a pod, and {@code render} shows them, a secret only as a
 * reference.
 */
class PassedEnvCliTest {
    private static final String SECRET = "s3cr3t-value-4711";

    @TempDir
    Path dir;

    private Path workflow(String text) throws Exception {
        Path f = dir.resolve("wf.yaml");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void passedVariablesAreTheWorkflowsProcessEnvironmentInALocalRun() throws Exception {
        Path wf = workflow("""
                version: 0.1
                environment:
                  - MODE: "from the file"
                task:
                  - sequential:
                      - print: ["{{env:BUILD_NUMBER}} {{env:MODE}} {{env:MODEL_SIZE}}"]
                      - execute: ["echo \\"$BUILD_NUMBER token=$API_TOKEN\\"", "test ${#API_TOKEN} = 17"]
                      - print: ["{{env:API_TOKEN}}"]
                      - execute: ["echo \\"$API_TOKEN\\" >&2; exit 3"]
                """);
        Path junit = dir.resolve("junit.xml");
        CliProcess.Result r = CliProcess.run(dir, Map.of("BUILD_NUMBER", "42", "API_TOKEN", SECRET, "OTHER", "x"),
                "run", "--local", "-f", wf.toString(), "--env", "BUILD_NUMBER", "--env", "MODE=from the CLI",
                "--env=MODEL_SIZE=7b", "--secret-env", "API_TOKEN", "--verbose", "--junit", junit.toString());
        assertEquals(1, r.exit(), r.stderr());
        // the commands get the value; what they print of it is masked, as Jenkins masks credentials
        assertEquals("42 from the file 7b\n42 token=****\n****\n****\n", r.stdout());
        assertFalse(r.stderr().contains(SECRET), r.stderr());
        String report = Files.readString(junit);
        assertFalse(report.contains(SECRET), report);
    }

    @Test
    void renderShowsPlainValuesAndOnlyAReferenceToTheSecret() throws Exception {
        Path wf = workflow("""
                version: 0.1
                task:
                  - node: node1
                    sequential:
                      - print: ["{{env:BUILD_NUMBER}}"]
                """);
        CliProcess.Result r = CliProcess.run(dir, Map.of("BUILD_NUMBER", "42", "API_TOKEN", SECRET),
                "render", "-f", wf.toString(), "--run-id", "r-abc", "--env", "BUILD_NUMBER", "--secret-env",
                "API_TOKEN");
        assertEquals(0, r.exit(), r.stderr());
        assertFalse(r.stdout().contains(SECRET), r.stdout());
        assertTrue(r.stdout().contains("""
                        env:
                        - name: "BUILD_NUMBER"
                          value: "42"
                        - name: "API_TOKEN"
                          valueFrom:
                            secretKeyRef:
                              key: "API_TOKEN"
                              name: "r-abc-s1"
                """), r.stdout());
        assertTrue(r.stdout().contains("# Secret r-abc-s1 (made by the run, owned by the Job; values not shown): API_TOKEN"),
                r.stdout());
    }

    @Test
    void badNamesUnsetVariablesAndSecretsOnTheCommandLineAreUsageErrors() throws Exception {
        Path wf = workflow("version: 0.1\ntask:\n  - sequential:\n      - print: [hi]\n");
        CliProcess.Result dash = CliProcess.run(dir, Map.of(), "run", "--local", "-f", wf.toString(), "--env", "A-B=1");
        assertEquals(3, dash.exit());
        assertTrue(dash.stderr().contains("'A-B' cannot be passed to the workflow"), dash.stderr());
        CliProcess.Result unset = CliProcess.run(dir, Map.of(), "render", "-f", wf.toString(), "--secret-env", "NOPE");
        assertEquals(3, unset.exit());
        assertTrue(unset.stderr().contains("--secret-env NOPE: the variable NOPE is not set"), unset.stderr());
        CliProcess.Result inline = CliProcess.run(dir, Map.of(), "run", "--local", "-f", wf.toString(),
                "--secret-env", "TOKEN=" + SECRET);
        assertEquals(3, inline.exit());
        assertTrue(inline.stderr().contains("--secret-env takes a NAME only"), inline.stderr());
        assertEquals("", inline.stdout());
    }

    @Test
    void aNodeTemplateIsMergedIntoThatNodesJobOnly() throws Exception {
        Path wf = workflow("""
                version: 0.1
                task:
                  - node: node1
                    sequential:
                      - print: ["one"]
                  - node: node2
                    sequential:
                      - print: ["two"]
                """);
        Files.writeString(dir.resolve("common.yaml"), """
                spec:
                  containers:
                    - name: roiergasias
                      env:
                        - {name: COMMON, value: "everywhere"}
                """);
        Files.writeString(dir.resolve("node2.yaml"), """
                spec:
                  containers:
                    - name: roiergasias
                      image: python:3.12-slim
                      env:
                        - {name: ACCELERATOR, value: "node2 only"}
                  tolerations:
                    - {key: gpu, operator: Exists, effect: NoSchedule}
                """);
        CliProcess.Result r = CliProcess.run(dir, Map.of(), "render", "-f", wf.toString(), "--run-id", "r-abc",
                "--job-template", "common.yaml", "--job-template", "node2=node2.yaml");
        assertEquals(0, r.exit(), r.stderr());
        String[] jobs = r.stdout().split("\n# segment 2/2");
        assertEquals(2, jobs.length, r.stdout());
        String node1 = jobs[0];
        String node2 = jobs[1];
        assertTrue(node1.contains("value: \"everywhere\"") && !node1.contains("ACCELERATOR")
                && !node1.contains("toleration") && node1.contains("image: \"busybox:1.36\""), node1);
        assertTrue(node2.contains("value: \"everywhere\"") && node2.contains("value: \"node2 only\"")
                && node2.contains("tolerations:") && node2.contains("image: \"python:3.12-slim\""), node2);
    }
}
