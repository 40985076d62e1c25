package io.jenkins.plugins.roiergasias.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.FilePath;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Label;
import hudson.model.Result;
import hudson.model.Run;
import hudson.slaves.DumbSlave;
import io.jenkins.plugins.roiergasias.kubernetes.transfer.LocalPodExec;
import io.jenkins.plugins.roiergasias.transfer.TransferSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Files in and out as a Jenkins user meets them: the inputs of the build's workspace reach the
 * first pod, each segment's outputs come back into the workspace (read here from it) and go on to
 * the next segment's pod on another node, and the console and the build page say what moved. The
 * fake cluster runs the pods' real transfer wrapper, and the runner's pods/exec commands run in the
 * same local work directories ({@link FakeCluster#podExec}).
 */
@WithJenkins
class FilesInAndOutTest {
    @SuppressWarnings("unused")
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    /** Segment 1 on node1 reads the input and writes out/a.txt; segment 2 on node2 runs {@code second}. */
    private static String workflow(String... second) {
        StringBuilder yaml = new StringBuilder("""
                version: 0.1
                task:
                  - node: node1
                    sequential:
                      - execute:
                          - "mkdir -p out && tr a-z A-Z < data/in.txt > out/a.txt"
                  - node: node2
                    sequential:
                      - execute:
                """);
        for (String command : second) {
            yaml.append("          - \"").append(command).append("\"\n");
        }
        return yaml.toString();
    }

    /** Segment 2 reads segment 1's output and writes out/b.txt. */
    private static final String TWO_NODES = workflow("cat out/a.txt out/a.txt > out/b.txt");

    /** Segment 2 prints segment 1's output, then fails. */
    private static final String SECOND_FAILS = workflow("cat out/a.txt", "exit 3");

    private static final String INPUT = "rows from the workspace\n";
    private static final String A = "ROWS FROM THE WORKSPACE\n";

    private FakeCluster cluster;
    private LocalPodExec exec;

    @BeforeEach
    void startCluster() {
        cluster = new FakeCluster();
        exec = cluster.podExec(TransferSpec.DEFAULT_WORK_DIR);
        WorkspaceFiles.forTests = t -> t.with((client, namespace) -> exec, Duration.ofSeconds(60));
    }

    @AfterEach
    void stopCluster() {
        WorkspaceFiles.forTests = UnaryOperator.identity();
        cluster.close();
    }

    /** A Pipeline that writes the input into its workspace, then runs {@code workflow} with it. */
    private static String pipeline(String workflow, String inputs) {
        return "node {\n"
                + "  writeFile file: 'data/in.txt', text: '" + INPUT.replace("\n", "\\n") + "'\n"
                + "  writeFile file: 'w.yaml', text: '''" + workflow + "'''\n"
                + "  roiergasias file: 'w.yaml', inputs: '" + inputs + "', outputs: 'out/**'\n"
                + "}";
    }

    @Test
    void aPipelineGetsEachSegmentsOutputsBackAndTheSecondNodeReadsTheFirstOnes(JenkinsRule j) throws Exception {
        Workflows.useCluster(j.jenkins, cluster);
        var p = Workflows.pipeline(j, pipeline(TWO_NODES, "data/**"));
        WorkflowRun b = j.buildAndAssertSuccess(p);

        FilePath ws = j.jenkins.getWorkspaceFor(p);
        assertNotNull(ws);
        assertBothSegmentsMovedFiles(j, b, ws);
    }

    /**
     * On an agent the workspace is not on the controller's file system: the files go through a
     * staging directory of the controller and remoting, both ways.
     */
    @Test
    void anAgentsWorkspaceGetsTheSameFilesBack(JenkinsRule j) throws Exception {
        Workflows.useCluster(j.jenkins, cluster);
        DumbSlave agent = j.createOnlineSlave(Label.get("remote"));
        var p = Workflows.pipeline(j, pipeline(TWO_NODES, "data/**").replace("node {", "node('remote') {"));
        WorkflowRun b = j.buildAndAssertSuccess(p);

        FilePath ws = agent.getWorkspaceFor(p);
        assertNotNull(ws);
        assertTrue(ws.isRemote(), "the workspace is the agent's");
        assertBothSegmentsMovedFiles(j, b, ws);
    }

    @Test
    void freestyleGetsTheSameFilesBack(JenkinsRule j) throws Exception {
        Workflows.useCluster(j.jenkins, cluster);
        FreeStyleProject p = j.createFreeStyleProject();
        FilePath ws = j.jenkins.getWorkspaceFor(p);
        assertNotNull(ws);
        Path data = Files.createDirectories(Path.of(ws.getRemote(), "data"));
        Files.writeString(data.resolve("in.txt"), INPUT);
        RoiergasiasBuilder step = new RoiergasiasBuilder();
        step.setText(TWO_NODES);
        step.setInputs("data/**");
        step.setOutputs("out/**");
        p.getBuildersList().add(step);
        FreeStyleBuild b = j.buildAndAssertSuccess(p);

        assertBothSegmentsMovedFiles(j, b, ws);
    }

    /**
     * out/a.txt and out/b.txt are in the workspace with what the pods wrote; the console tells each
     * segment's files and the build page shows the bytes each segment moved.
     */
    private void assertBothSegmentsMovedFiles(JenkinsRule j, Run<?, ?> b, FilePath ws) throws Exception {
        assertEquals(A, ws.child("out/a.txt").readToString(), "segment 1's output is in the workspace");
        assertEquals(A + A, ws.child("out/b.txt").readToString(),
                "segment 2 on node2 read segment 1's output, and its own came back");
        assertEquals(INPUT, ws.child("data/in.txt").readToString(), "the input is unchanged");

        j.assertLogContains("segment 1/2 (node1): inputs: 1 files", b);
        j.assertLogContains("segment 1/2 (node1): outputs: 1 files back in the workspace", b);
        j.assertLogContains("segment 2/2 (node2): inputs: 2 files", b); // the input and segment 1's output
        j.assertLogContains("segment 2/2 (node2): outputs: 1 files back in the workspace", b);
        assertFalse(exec.calls.isEmpty(), "the runner moved the files through pods/exec");

        List<RoiergasiasFilesAction.Line> lines = movedPerSegment(j, b);
        assertEquals(2, lines.size());
        assertEquals(List.of(1, 2), lines.stream().map(RoiergasiasFilesAction.Line::getFilesIn).toList());
        assertEquals(List.of(1, 1), lines.stream().map(RoiergasiasFilesAction.Line::getFilesOut).toList());
        assertEquals(List.of(), cluster.jobs(), "cleanup: always deletes the Jobs");
    }

    /**
     * What the build page's summary shows per segment (and the console's last lines say): files and
     * bytes moved in and out, none of them zero bytes.
     */
    private static List<RoiergasiasFilesAction.Line> movedPerSegment(JenkinsRule j, Run<?, ?> b) throws Exception {
        RoiergasiasFilesAction action = b.getAction(RoiergasiasFilesAction.class);
        assertNotNull(action, "the build page shows the files moved");
        String page = j.createWebClient().getPage(b).asNormalizedText();
        assertTrue(page.contains("Files moved"), page);
        for (RoiergasiasFilesAction.Line l : action.getLines()) {
            assertNotEquals("0 B", l.getBytesIn(), "segment " + l.getSegment() + " sent something in");
            String shown = "segment " + l.getSegment() + ": in " + l.getFilesIn() + " / " + l.getBytesIn() + ", out "
                    + l.getFilesOut() + " / " + l.getBytesOut();
            assertTrue(page.contains(shown), shown + " in " + page);
            j.assertLogContains("[roiergasias] segment " + l.getSegment() + ": files in " + l.getFilesIn() + " ("
                    + l.getBytesIn() + "), out " + l.getFilesOut() + " (" + l.getBytesOut() + ")", b);
            if (l.getFilesOut() > 0) {
                assertNotEquals("0 B", l.getBytesOut(), "segment " + l.getSegment() + " sent something back");
            }
        }
        return action.getLines();
    }

    @Test
    void aFailureInSegment2LeavesSegment1sOutputsInTheWorkspace(JenkinsRule j) throws Exception {
        Workflows.useCluster(j.jenkins, cluster);
        var p = Workflows.pipeline(j, pipeline(SECOND_FAILS, "data/**"));
        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);

        j.assertLogContains("failed with exit code 3", b);
        j.assertLogContains("[s2 node2] ROWS FROM THE WORKSPACE", b); // segment 2 had segment 1's output
        FilePath ws = j.jenkins.getWorkspaceFor(p);
        assertNotNull(ws);
        assertEquals(A, ws.child("out/a.txt").readToString(), "segment 1's output stays after segment 2 failed");
        assertFalse(ws.child("out/b.txt").exists());
        List<RoiergasiasFilesAction.Line> lines = movedPerSegment(j, b);
        assertEquals(1, lines.get(0).getFilesOut(), "segment 1 sent its output back");
    }

    @Test
    void anInputsGlobThatMatchesNothingFailsBeforeAnyJobOrExec(JenkinsRule j) throws Exception {
        Workflows.useCluster(j.jenkins, cluster);
        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE,
                Workflows.pipeline(j, pipeline(TWO_NODES, "data/**, models/*.bin")));

        j.assertLogContains("inputs: the glob \"models/*.bin\" matches no file in the workspace", b);
        assertEquals(List.of(), cluster.createdJobs(), "no Job");
        assertEquals(List.of(), cluster.configMaps(), "no ConfigMap");
        assertEquals(List.of(), exec.calls, "no command in any pod");
        assertNull(b.getAction(RoiergasiasFilesAction.class), "nothing moved, nothing shown");
    }
}
