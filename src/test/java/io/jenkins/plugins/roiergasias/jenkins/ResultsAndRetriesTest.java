package io.jenkins.plugins.roiergasias.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Result;
import hudson.tasks.junit.CaseResult;
import hudson.tasks.junit.TestResultAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

/** junit:, propagate: false and retries: what a Pipeline author sees in the console, the tests page and the script. */
@WithJenkins
class ResultsAndRetriesTest {
    @SuppressWarnings("unused")
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    private FakeCluster cluster;

    @BeforeEach
    void startCluster() {
        cluster = new FakeCluster();
        System.setProperty("roiergasias.retryDelaySeconds", "0"); // the waits are the engine tests' business
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
        System.clearProperty("roiergasias.retryDelaySeconds");
    }

    private WorkflowJob pipeline(JenkinsRule j, String script) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(script, true));
        return p;
    }

    @Test
    void theJunitStepReadsTheStepResultsAndAScriptReadsTheFailureWithPropagateFalse(JenkinsRule j) throws Exception {
        Workflows.useCluster(j.jenkins, cluster);
        WorkflowJob p = pipeline(j, "node {\n"
                + "  def r = roiergasias text: '''" + Workflows.FAILING + "''', junit: 'reports/roiergasias.xml',"
                + " propagate: false\n"
                + "  echo \"status=${r.status} successful=${r.successful} segment=${r.failedSegment}"
                + " node=${r.failedNode} step=${r.failedStepNumber} exit=${r.exitCode} attempts=${r.attempts}\"\n"
                + "  echo \"message=${r.message}\"\n"
                + "  def t = junit 'reports/roiergasias.xml'\n"
                + "  echo \"tests=${t.totalCount} failed=${t.failCount} skipped=${t.skipCount}\"\n"
                + "}");
        WorkflowRun b = j.buildAndAssertStatus(Result.UNSTABLE, p); // the junit step's verdict, not the run's
        j.assertLogContains("status=failed successful=false segment=2 node=node2 step=2 exit=3 attempts=2", b);
        j.assertLogContains("message=segment 2/2 (node2): step 2 (execute: echo before (+1 more)) failed with exit"
                + " code 3", b);
        j.assertLogContains("(propagate: false: the step returns the result)", b);
        j.assertLogContains("tests=3 failed=1 skipped=1", b);
        List<CaseResult> failed = b.getAction(TestResultAction.class).getFailedTests();
        assertEquals(1, failed.size());
        assertEquals("step 2 (execute: echo before (+1 more))", failed.get(0).getName());
        assertEquals("failed with exit code 3", failed.get(0).getErrorDetails());
        assertTrue(failed.get(0).getErrorStackTrace().contains("before"), failed.get(0).getErrorStackTrace());
    }

    @Test
    void junitOutsideNodeFailsBeforeAnythingIsCreatedAndAFailureStillFailsByDefault(JenkinsRule j) throws Exception {
        Workflows.useCluster(j.jenkins, cluster);
        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, pipeline(j,
                "roiergasias text: '''" + Workflows.HELLO + "''', junit: 'r.xml'"));
        j.assertLogContains("writes the report into the workspace, so it needs one", b);
        assertTrue(cluster.createdJobs().isEmpty(), "nothing reached the cluster");

        WorkflowJob q = j.createProject(WorkflowJob.class, "q");
        q.setDefinition(new CpsFlowDefinition("node { roiergasias text: '''" + Workflows.HELLO
                + "''', junit: '../outside.xml' }", true));
        WorkflowRun c = j.buildAndAssertStatus(Result.FAILURE, q);
        j.assertLogContains("junit: '../outside.xml' must be a path relative to the workspace", c);
        assertTrue(cluster.createdJobs().isEmpty(), "nothing reached the cluster");
    }

    @Test
    void aFlakyStepIsRetriedWithRetryOnAnyAndTheConsoleAndPageShowBothAttempts(JenkinsRule j) throws Exception {
        Workflows.useCluster(j.jenkins, cluster);
        Path mark = Files.createTempDirectory("flaky").resolve("ran-once");
        cluster.podEnv("MARK", mark.toString());
        WorkflowJob p = pipeline(j, "def r = roiergasias text: '''\nversion: 0.1\ntask:\n  - sequential:\n"
                + "      - execute:\n"
                + "          - \"if [ -f $MARK ]; then echo second try; else touch $MARK; echo first try; exit 7; fi\"\n"
                + "''', retries: 2, retryOn: 'any'\n"
                + "echo \"status=${r.status} attempts=${r.attempts}\"");
        WorkflowRun b = j.buildAndAssertSuccess(p);
        j.assertLogContains("first try", b);
        j.assertLogContains("second try", b);
        j.assertLogContains("segment 1/1 (any node): attempt 1 of 3 failed (Job ", b);
        j.assertLogContains("attempt 2 in 0 ms as Job ", b);
        j.assertLogContains("status=succeeded attempts=2", b);

        JSONObject api = j.getJSON(b.getUrl() + "roiergasias/api/json?depth=1").getJSONObject();
        JSONObject segment = api.getJSONArray("segments").getJSONObject(0);
        assertEquals(2, segment.getInt("attemptCount"));
        assertTrue(segment.getString("job").endsWith("-s1-r1"), segment::toString);
        JSONArray attempts = segment.getJSONArray("attempts");
        assertEquals(1, attempts.size());
        assertEquals("failed", attempts.getJSONObject(0).getString("status"));
        assertTrue(attempts.getJSONObject(0).getString("job").endsWith("-s1"), attempts::toString);
        String page = j.createWebClient().getPage(b, "roiergasias").asNormalizedText();
        assertTrue(page.contains("attempt 1"), page);
        assertTrue(page.contains("failed with exit code 7"), page);
        assertEquals(2, cluster.createdJobs().size(), "one Job per attempt");
    }
}
