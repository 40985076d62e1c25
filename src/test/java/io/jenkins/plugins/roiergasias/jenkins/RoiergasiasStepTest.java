package io.jenkins.plugins.roiergasias.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Result;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import net.sf.json.JSONArray;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class RoiergasiasStepTest {
    @SuppressWarnings("unused")
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    private FakeCluster cluster;

    @BeforeEach
    void startCluster() {
        cluster = new FakeCluster();
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    private WorkflowJob pipeline(JenkinsRule j, String script) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(script, true));
        return p;
    }

    @Test
    void multiNodeHelloWorldRunsOutsideNodeAndReturnsASummary(JenkinsRule j) throws Exception {
        Workflows.useCluster(j.jenkins, cluster);
        WorkflowJob p = pipeline(j, "def r = roiergasias text: '''" + Workflows.HELLO + "'''\n"
                + "echo \"result: ${r.status} ${r.succeededSegments}/${r.segmentCount} failed=${r.failedStep}\"");
        WorkflowRun b = j.buildAndAssertSuccess(p);

        j.assertLogContains("[s1 node1] Hello", b);
        j.assertLogContains("[s1 node1] Welcome to the demo workflow!", b);
        j.assertLogContains("[s2 node2] Warm greetings!", b);
        j.assertLogContains("segment 2/2 (node2) started", b);
        j.assertLogContains("[s2 node2] ── step 3 ok", b);
        j.assertLogContains("result: succeeded 2/2 failed=null", b);
        assertEquals(List.of(), cluster.jobs(), "cleanup: always deletes the Jobs");

        RoiergasiasAction action = b.getAction(RoiergasiasAction.class);
        assertNotNull(action);
        assertEquals("succeeded", action.getStatus());
        JSONObject api = j.getJSON(b.getUrl() + "roiergasias/api/json").getJSONObject();
        assertEquals("succeeded", api.getString("status"));
        JSONArray segments = api.getJSONArray("segments");
        assertEquals(2, segments.size());
        assertEquals("node2", segments.getJSONObject(1).getString("node"));
        assertEquals("ok", segments.getJSONObject(1).getJSONArray("steps").getJSONObject(0).getString("status"));
        j.createWebClient().getPage(b, "roiergasias"); // the full page with the timeline renders
        j.createWebClient().getPage(b); // and the summary box
    }

    @Test
    void aFailedStepFailsTheBuildNamingSegmentNodeStepAndExitCode(JenkinsRule j) throws Exception {
        Workflows.useCluster(j.jenkins, cluster);
        WorkflowJob p = pipeline(j, "roiergasias text: '''" + Workflows.FAILING + "'''");
        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);
        j.assertLogContains("[s2 node2] before", b);
        j.assertLogContains(
                "Step 2 (execute: echo before (+1 more)) of segment 2/2 on node2 failed with exit code 3", b);
        j.assertLogNotContains("never printed", b);
        assertEquals("failed", b.getAction(RoiergasiasAction.class).getStatus());
    }

    @Test
    void fileIsReadFromTheWorkspaceOfTheEnclosingNode(JenkinsRule j) throws Exception {
        Workflows.useCluster(j.jenkins, cluster);
        WorkflowJob p = pipeline(j, "node { writeFile file: 'wf/hello.yaml', text: '''" + Workflows.HELLO
                + "'''\n roiergasias file: 'wf/hello.yaml', mergeSameNode: true }");
        WorkflowRun b = j.buildAndAssertSuccess(p);
        j.assertLogContains("[s2 node2] Warm greetings!", b);
        assertEquals("wf/hello.yaml", b.getAction(RoiergasiasAction.class).getSource());
    }

    @Test
    void fileOutsideNodeAndWrongCombinationsFailBeforeAnythingRuns(JenkinsRule j) throws Exception {
        Workflows.useCluster(j.jenkins, cluster);
        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, pipeline(j, "roiergasias file: 'hello.yaml'"));
        j.assertLogContains("call it inside node", b);

        WorkflowJob q = j.createProject(WorkflowJob.class, "q");
        q.setDefinition(new CpsFlowDefinition(
                "roiergasias file: 'a.yaml', text: 'version: 0.1', segmentTimeout: '-5m', cleanup: 'sometimes'", true));
        WorkflowRun c = j.buildAndAssertStatus(Result.FAILURE, q);
        j.assertLogContains("Give either file: or text:, not both.", c);
        j.assertLogContains("segmentTimeout is negative", c);
        j.assertLogContains("use always, keepOnFailure or never", c);
        assertTrue(cluster.createdJobs().isEmpty(), "nothing reached the cluster");
    }

    @Test
    void invalidWorkflowListsEveryErrorWithItsLine(JenkinsRule j) throws Exception {
        Workflows.useCluster(j.jenkins, cluster);
        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE,
                pipeline(j, "roiergasias text: '''version: 0.1\ntasks:\n  - sequental: []\n'''"));
        j.assertLogContains("text:", b);
        j.assertLogContains("error:", b);
        j.assertLogContains("nothing ran", b);
        assertTrue(cluster.createdJobs().isEmpty());
    }

    @Test
    void dryRunPrintsTheObjectsAndCreatesNothing(JenkinsRule j) throws Exception {
        WorkflowRun b = j.buildAndAssertSuccess(pipeline(j,
                "def r = roiergasias text: '''" + Workflows.HELLO + "''', dryRun: true, namespace: 'ci'\necho \"status ${r.status}\""));
        j.assertLogContains("batch/v1", b);
        j.assertLogContains("ConfigMap", b);
        j.assertLogContains("status dry run", b);
        assertTrue(cluster.createdJobs().isEmpty());
    }

    @Test
    void withCredentialsMaskingAppliesAndNoSecretReachesTheBuild(JenkinsRule j) throws Exception {
        Workflows.useCluster(j.jenkins, cluster);
        String password = "s3cr3t-pa55w0rd";
        Workflows.secretText(j.jenkins, "pw", password);
        cluster.podEnv("DB_PASSWORD", password); // as a secretKeyRef in the job template would give it
        String workflow = """
                version: 0.1
                task:
                  - node: node1
                    sequential:
                      - execute:
                          - "echo the password is $DB_PASSWORD"
                """;
        WorkflowJob p = pipeline(j, "withCredentials([string(credentialsId: 'pw', variable: 'PW')]) {\n"
                + "  roiergasias text: '''" + workflow + "'''\n}");
        WorkflowRun b = j.buildAndAssertSuccess(p);
        j.assertLogContains("[s1 node1] the password is ****", b);
        j.assertLogNotContains(password, b);
        j.assertLogNotContains(Workflows.TOKEN, b);
        assertEquals(Set.of(), Workflows.grep(b.getRootDir(), password));
        assertEquals(Set.of(), Workflows.grep(b.getRootDir(), Workflows.TOKEN));
    }

    @Test
    void abortDeletesTheRunningJobAndSaysSo(JenkinsRule j) throws Exception {
        Workflows.useCluster(j.jenkins, cluster);
        cluster.hold();
        WorkflowRun b = pipeline(j, "roiergasias text: '''" + Workflows.HELLO + "'''").scheduleBuild2(0).waitForStart();
        FakeCluster.await("the first Job", Duration.ofMinutes(1), () -> !cluster.jobs().isEmpty());
        b.getExecutor().interrupt();
        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(b));
        FakeCluster.await("the Job deleted", Duration.ofMinutes(1), () -> cluster.jobs().isEmpty());
        assertEquals(List.of(), cluster.configMaps());
        j.assertLogContains("aborted", b);
        assertEquals("aborted", b.getAction(RoiergasiasAction.class).getStatus());
        assertEquals(1, cluster.createdJobs().size(), "the second segment never started");
    }

    @Test
    void aMissingCredentialLeavesAFinishedPipelinePageWithTheReason(JenkinsRule j) throws Exception {
        Workflows.useCluster(j.jenkins, cluster);
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(
                "roiergasias text: '''" + Workflows.HELLO + "''', credentialsId: 'nope'", true));
        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);
        j.assertLogContains("No credentials with id \"nope\"", b);
        Workflows.assertEndedWith(j, b, "No credentials with id \"nope\"");
        assertTrue(cluster.createdJobs().isEmpty());
    }

    @Test
    void aSecretThatTheStepSummaryCutsInTwoIsKeptNowhere(JenkinsRule j) throws Exception {
        Workflows.useCluster(j.jenkins, cluster);
        String secret = "Zq8xW3vB7nKp2LmR5tYc";
        Workflows.secretText(j.jenkins, "pw", secret);
        // 50 characters before the secret: the 57-character summary ends inside it
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("withCredentials([string(credentialsId: 'pw', variable: 'PW')]) {\n"
                + "  roiergasias text: \"\"\"version: 0.1\ntask:\n  - sequential:\n      - execute:\n          - 'echo "
                + "x".repeat(45) + "${env.PW} && exit 3'\n\"\"\"\n}", true));
        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);
        j.assertLogContains("failed with exit code 3", b);
        String start = secret.substring(0, 5);
        j.assertLogNotContains(start, b);
        String buildXml = Files.readString(new File(b.getRootDir(), "build.xml").toPath());
        assertFalse(buildXml.contains(start), "the stored report keeps no part of the secret");
        JSONObject api = j.getJSON(b.getUrl() + "roiergasias/api/json?depth=3").getJSONObject();
        assertFalse(api.toString().contains(start), api.toString());
        String summary = b.getAction(RoiergasiasAction.class).getSegments().get(0).getSteps().get(0).getSummary();
        assertTrue(summary.endsWith("****..."), summary);
    }

    @Test
    void fileReadsOnlyInsideTheWorkspaceAndNeverQuotesWhatItRefused(JenkinsRule j) throws Exception {
        Workflows.useCluster(j.jenkins, cluster);
        Path outside = Files.writeString(Files.createTempDirectory("outside").resolve("passwd"),
                "root:x:0:0:only-the-controller-may-read-this\n");
        try {
            WorkflowJob p = j.createProject(WorkflowJob.class, "p");
            p.setDefinition(new CpsFlowDefinition("node {\n"
                    + "  for (f in ['" + outside + "', '../outside.yaml', 'ci/../../x.yaml', 'escape.yaml']) {\n"
                    + "    try { roiergasias file: f } catch (e) { echo \"refused: ${e.message}\" }\n"
                    + "  }\n"
                    + "}", true));
            Path ws = Files.createDirectories(Path.of(j.jenkins.getWorkspaceFor(p).getRemote()));
            Files.createSymbolicLink(ws.resolve("escape.yaml"), outside);
            WorkflowRun b = j.buildAndAssertSuccess(p);
            j.assertLogContains("is not relative to the workspace", b);
            j.assertLogContains("climbs out of the workspace", b);
            j.assertLogContains("leads out of the workspace through a symbolic link", b);
            j.assertLogNotContains("only-the-controller-may-read-this", b);
            j.assertLogNotContains("root:x", b);
            assertTrue(cluster.createdJobs().isEmpty(), "nothing ran");
        } finally {
            Files.deleteIfExists(outside);
        }
    }

    /** A file too large to read, and a small one whose aliases expand to gigabytes: both refused on the controller. */
    @Test
    void aHugeOrExplodingWorkflowIsRefusedBeforeAnythingRuns(JenkinsRule j) throws Exception {
        Workflows.useCluster(j.jenkins, cluster);
        WorkflowJob p = pipeline(j, "node {\n"
                + "  for (f in ['big.yaml', 'bomb.yaml']) {\n"
                + "    try { roiergasias file: f } catch (e) { echo \"refused: ${e.message}\" }\n"
                + "  }\n"
                + "}");
        Path ws = Files.createDirectories(Path.of(j.jenkins.getWorkspaceFor(p).getRemote()));
        Files.writeString(ws.resolve("big.yaml"), "version: 0.1\n# " + "x".repeat(2 << 20) + "\n");
        Files.writeString(ws.resolve("bomb.yaml"), "version: 0.1\n"
                + "x-s: &s \"" + "x".repeat(60_000) + "\"\n"
                + "x-p: &p [" + String.join(", ", Collections.nCopies(1000, "*s")) + "]\n"
                + "x-q: &q [" + String.join(", ", Collections.nCopies(30, "{print: *p}")) + "]\n"
                + "task: [" + String.join(", ", Collections.nCopies(30, "{sequential: *q}")) + "]\n");
        WorkflowRun b = j.buildAndAssertSuccess(p);
        j.assertLogContains("big.yaml: error: the workflow file is larger than the limit", b);
        j.assertLogContains("bomb.yaml:2:6: error: the document expands through YAML aliases", b);
        assertEquals(2, JenkinsRule.getLog(b).lines().filter(l -> l.startsWith("refused: ")).count(), "both refused");
        assertTrue(cluster.createdJobs().isEmpty(), "nothing ran");
    }

    /** A command the original engine ran as a failure; under /bin/sh -c it succeeds. */
    private static final String IFS_EXIT = """
            version: 0.1
            task:
              - sequential:
                  - print: ["before"]
                  - execute:
                      - "sh -c exit${IFS}3"
            """;

    @Test
    void referenceCommandsRunAsTheOriginalEngineFromTheStepTheGlobalDefaultOrTheFile(JenkinsRule j)
            throws Exception {
        Workflows.useCluster(j.jenkins, cluster);
        // the default, shell: the trick exits 0, and the console warned about it before anything ran
        WorkflowRun shell = j.buildAndAssertSuccess(ifsExit(j, "p", ""));
        j.assertLogContains("runs differently than in the original engine", shell);

        // commands: 'reference' on the step: it fails with exit code 3, as under the original engine
        WorkflowRun reference = j.buildAndAssertStatus(Result.FAILURE, ifsExit(j, "q", ", commands: 'reference'"));
        j.assertLogContains("[s1 any] before", reference);
        j.assertLogContains("failed with exit code 3", reference);
        j.assertLogNotContains("runs differently than in the original engine", reference);

        // the cluster's default, when the step does not choose
        Workflows.onlyCluster().setCommands("reference");
        j.assertLogContains("failed with exit code 3", j.buildAndAssertStatus(Result.FAILURE, ifsExit(j, "r", "")));
        // the step's choice wins over the global default
        j.buildAndAssertSuccess(ifsExit(j, "s", ", commands: 'shell'"));

        // the file's own key wins over both
        WorkflowJob f = j.createProject(WorkflowJob.class, "f");
        f.setDefinition(new CpsFlowDefinition("roiergasias text: '''x-roiergasias-commands: shell\n" + IFS_EXIT
                + "''', commands: 'reference'", true));
        j.buildAndAssertSuccess(f);

        WorkflowRun bad = j.buildAndAssertStatus(Result.FAILURE, ifsExit(j, "bad", ", commands: 'bash'"));
        j.assertLogContains("commands 'bash' is not a command mode", bad);
    }

    private static WorkflowJob ifsExit(JenkinsRule j, String name, String options) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, name);
        p.setDefinition(new CpsFlowDefinition("roiergasias text: '''" + IFS_EXIT + "'''" + options, true));
        return p;
    }

    @Test
    void inputsWithoutAWorkspaceFailBeforeAnythingIsCreated(JenkinsRule j) throws Exception {
        Workflows.useCluster(j.jenkins, cluster);
        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, pipeline(j,
                "roiergasias text: '''" + Workflows.HELLO + "''', inputs: 'data/*.csv', outputs: 'out/**'"));
        j.assertLogContains("roiergasias with inputs or outputs moves files between the workspace and the pods, so it"
                + " needs a workspace: call it inside node { ... }. Nothing was created.", b);
        assertTrue(cluster.createdJobs().isEmpty(), "no Job");
        assertEquals(List.of(), cluster.configMaps(), "no ConfigMap");
    }

    @Test
    void anInputsGlobThatMatchesNothingFailsBeforeAnyJobOnTheControllerAndOnAnAgent(JenkinsRule j) throws Exception {
        Workflows.useCluster(j.jenkins, cluster);
        j.createOnlineSlave(hudson.model.Label.get("remote"));
        for (String label : List.of("built-in", "remote")) {
            WorkflowJob p = j.createProject(WorkflowJob.class, "p-" + label);
            p.setDefinition(new CpsFlowDefinition("node('" + label + "') { writeFile file: 'train.py', text: 'x'\n"
                    + " roiergasias text: '''" + Workflows.HELLO + "''', inputs: 'train.py, models/*.bin',"
                    + " outputs: 'out/**' }", true));
            WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);
            j.assertLogContains("inputs: the glob \"models/*.bin\" matches no file in the workspace", b);
            j.assertLogContains("nothing was run", b);
        }
        assertTrue(cluster.createdJobs().isEmpty(), "no Job");
        assertEquals(List.of(), cluster.configMaps(), "no ConfigMap");
    }

    @Test
    void theSnippetGeneratorWritesInputsAndOutputs(JenkinsRule j) throws Exception {
        RoiergasiasStep step = new RoiergasiasStep();
        step.setFile("workflow.yaml");
        step.setInputs("src/**, data/*.csv");
        step.setOutputs("out/**");
        step.setExcludes("**/*.tmp");
        step.setWorkDir("/data");
        new org.jenkinsci.plugins.workflow.cps.SnippetizerTester(j).assertRoundTrip(step,
                "roiergasias excludes: '**/*.tmp', file: 'workflow.yaml', inputs: 'src/**, data/*.csv',"
                        + " outputs: 'out/**', workDir: '/data'");
    }

    @Test
    void aDryRunWithFilesShowsTheWrapperAndTheWorkVolume(JenkinsRule j) throws Exception {
        Workflows.useCluster(j.jenkins, cluster);
        WorkflowRun b = j.buildAndAssertSuccess(pipeline(j, "node { roiergasias text: '''" + Workflows.HELLO
                + "''', dryRun: true, outputs: 'out/**', workDir: '/data' }"));
        j.assertLogContains("\"/roiergasias/transfer.sh\"", b);
        j.assertLogContains("name: \"roiergasias-work\"", b);
        j.assertLogContains("workingDir: \"/data\"", b);
        assertTrue(cluster.createdJobs().isEmpty(), "a dry run creates nothing");
    }
}
