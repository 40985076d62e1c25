package io.jenkins.plugins.roiergasias.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Result;
import io.jenkins.plugins.checks.api.ChecksConclusion;
import io.jenkins.plugins.checks.api.ChecksDetails;
import io.jenkins.plugins.checks.api.ChecksOutput;
import io.jenkins.plugins.checks.api.ChecksStatus;
import io.jenkins.plugins.checks.api.test.CapturingChecksPublisher;
import java.util.List;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** One check per workflow run, as a pull request's Checks tab shows it. */
@WithJenkins
class ChecksPublishingTest {
    @TestExtension
    public static final CapturingChecksPublisher.Factory PUBLISHER_FACTORY = new CapturingChecksPublisher.Factory();

    @AfterEach
    void clearPublishedChecks() {
        PUBLISHER_FACTORY.getPublishedChecks().clear();
    }

    private static List<ChecksDetails> checks() {
        return List.copyOf(PUBLISHER_FACTORY.getPublishedChecks());
    }

    private static String summary(ChecksDetails d) {
        return d.getOutput().flatMap(ChecksOutput::getSummary).orElse("");
    }

    private static String title(ChecksDetails d) {
        return d.getOutput().flatMap(ChecksOutput::getTitle).orElse("");
    }

    /** The hello-world, run to success on a fake cluster. */
    private static WorkflowRun hello(JenkinsRule j) throws Exception {
        try (FakeCluster cluster = new FakeCluster()) {
            Workflows.useCluster(j.jenkins, cluster);
            return j.buildAndAssertSuccess(Workflows.pipeline(j, "roiergasias text: '''" + Workflows.HELLO + "'''"));
        }
    }

    @Test
    void aRunIsOneCheckInProgressThenSucceededWithASegmentTable(JenkinsRule j) throws Exception {
        WorkflowRun b = hello(j);
        List<ChecksDetails> checks = checks();
        assertEquals(2, checks.size(), checks.toString());
        ChecksDetails start = checks.get(0);
        ChecksDetails end = checks.get(1);
        assertEquals("roiergasias", start.getName().orElseThrow());
        assertEquals(ChecksStatus.IN_PROGRESS, start.getStatus());
        assertEquals("roiergasias", end.getName().orElseThrow(), "the end replaces the start");
        assertEquals(ChecksStatus.COMPLETED, end.getStatus());
        assertEquals(ChecksConclusion.SUCCESS, end.getConclusion());
        assertEquals("2 segments: 2 succeeded", title(end));
        String job = b.getAction(RoiergasiasAction.class).getSegments().get(1).getJob();
        assertTrue(summary(end).contains("| 2 | node2 | " + job + " | succeeded |"), summary(end));
        assertEquals(j.getURL() + b.getUrl() + "roiergasias/", end.getDetailsURL().orElseThrow());
    }

    @Test
    void aFailedStepIsAFailedCheckNamingTheStep(JenkinsRule j) throws Exception {
        try (FakeCluster cluster = new FakeCluster()) {
            Workflows.useCluster(j.jenkins, cluster);
            j.buildAndAssertStatus(Result.FAILURE,
                    Workflows.pipeline(j, "roiergasias text: '''" + Workflows.FAILING + "'''"));
            ChecksDetails end = checks().get(checks().size() - 1);
            assertEquals(ChecksStatus.COMPLETED, end.getStatus());
            assertEquals(ChecksConclusion.FAILURE, end.getConclusion());
            assertTrue(title(end).contains("of segment 2/2 on node2 failed with exit code 3"), title(end));
            assertTrue(summary(end).contains("exit code 3 |"), summary(end));
        }
    }

    @Test
    void aRunThatEndsBeforeItStartsIsACompletedCheckWithTheReason(JenkinsRule j) throws Exception {
        try (FakeCluster cluster = new FakeCluster()) {
            Workflows.useCluster(j.jenkins, cluster);
            j.buildAndAssertStatus(Result.FAILURE, Workflows.pipeline(j,
                    "roiergasias text: '''" + Workflows.HELLO + "''', credentialsId: 'nope'"));
            ChecksDetails end = checks().get(checks().size() - 1);
            assertEquals(ChecksStatus.COMPLETED, end.getStatus());
            assertEquals(ChecksConclusion.FAILURE, end.getConclusion());
            assertTrue(title(end).contains("No credentials with id"), title(end));
        }
    }

    @Test
    void aDryRunPublishesNoCheck(JenkinsRule j) throws Exception {
        j.buildAndAssertSuccess(Workflows.pipeline(j,
                "roiergasias text: '''" + Workflows.HELLO + "''', dryRun: true, namespace: 'ci'"));
        assertEquals(List.of(), checks());
    }

    /** As when the Checks API plugin is missing at run time: the run goes on and ends as it would. */
    @Test
    void aPublisherThatCannotLoadItsPluginFailsNothing(JenkinsRule j) throws Exception {
        WorkflowRun b = hello(j);
        j.assertLogContains("[s2 node2] Warm greetings!", b);
        assertEquals("succeeded", b.getAction(RoiergasiasAction.class).getStatus());
        assertEquals(2, MISSING_PLUGIN.calls, "asked at the start and at the end");
    }

    @TestExtension("aPublisherThatCannotLoadItsPluginFailsNothing")
    public static final MissingPlugin MISSING_PLUGIN = new MissingPlugin();

    public static final class MissingPlugin extends RunPublisher {
        volatile int calls;

        @Override
        protected void publish(@NonNull RoiergasiasAction action) {
            calls++;
            throw new NoClassDefFoundError("io/jenkins/plugins/checks/api/ChecksPublisherFactory");
        }
    }
}
