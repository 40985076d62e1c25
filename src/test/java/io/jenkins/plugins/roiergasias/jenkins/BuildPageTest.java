package io.jenkins.plugins.roiergasias.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.DomNode;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** What a user sees on the build page: its summary box and the workflow's own page, in a browser with JavaScript. */
@WithJenkins
class BuildPageTest {
    @Test
    void bothPagesFollowTheRunWithoutReloadingAndStopAskingWhenItEnds(JenkinsRule j) throws Exception {
        try (FakeCluster cluster = new FakeCluster();
                JenkinsRule.WebClient buildClient = j.createWebClient();
                JenkinsRule.WebClient workflowClient = j.createWebClient()) {
            Workflows.useCluster(j.jenkins, cluster);
            cluster.hold();
            WorkflowRun b = Workflows.pipeline(j, "roiergasias text: '''" + Workflows.HELLO + "'''")
                    .scheduleBuild2(0)
                    .waitForStart();
            FakeCluster.await("the first Job", Duration.ofMinutes(1), () -> !cluster.jobs().isEmpty());
            HtmlPage build = buildClient.getPage(b);
            HtmlPage workflow = workflowClient.getPage(b, "roiergasias");
            assertTrue(build.asNormalizedText().contains("status running"), build.asNormalizedText());
            assertTrue(workflow.asNormalizedText().contains("status running"), workflow.asNormalizedText());
            // a reloaded page would lose these marks
            build.getBody().setAttribute("data-test-mark", "first load");
            workflow.getBody().setAttribute("data-test-mark", "first load");

            cluster.release();
            j.assertBuildStatusSuccess(j.waitForCompletion(b));
            String pod = b.getAction(RoiergasiasAction.class).getSegments().get(1).getPod();
            awaitText(buildClient, build, "status succeeded");
            awaitText(buildClient, build, "Segment 2 on node2: succeeded");
            awaitText(workflowClient, workflow, "status succeeded");
            awaitText(workflowClient, workflow, pod);

            assertSame(build, buildClient.getCurrentWindow().getEnclosedPage());
            assertSame(workflow, workflowClient.getCurrentWindow().getEnclosedPage());
            assertEquals("first load", build.getBody().getAttribute("data-test-mark"));
            assertEquals("first load", workflow.getBody().getAttribute("data-test-mark"));
            assertFalse(build.asNormalizedText().contains("status running"), build.asNormalizedText());
            // the script says it stopped once the server showed the run ended
            assertEquals(List.of("done"), liveStates(build));
            assertEquals(List.of("done"), liveStates(workflow));
        }
    }

    @Test
    void aFinishedRunsPagesDoNotAskAgain(JenkinsRule j) throws Exception {
        try (FakeCluster cluster = new FakeCluster();
                JenkinsRule.WebClient wc = j.createWebClient()) {
            Workflows.useCluster(j.jenkins, cluster);
            WorkflowRun b = j.buildAndAssertSuccess(
                    Workflows.pipeline(j, "roiergasias text: '''" + Workflows.HELLO + "'''"));
            HtmlPage build = wc.getPage(b);
            assertTrue(build.asNormalizedText().contains("status succeeded"), build.asNormalizedText());
            assertEquals(List.of(""), liveStates(build), "no script follows a finished run");
        }
    }

    /** The {@code data-live} state of every followed part of the page: following, done or gone. */
    private static List<String> liveStates(HtmlPage page) {
        List<String> states = new ArrayList<>();
        for (DomNode n : page.querySelectorAll(".roiergasias-live")) {
            states.add(((DomElement) n).getAttribute("data-live"));
        }
        return states;
    }

    /** Waits, with a deadline, for the page as shown (never reloaded) to contain the text. */
    static void awaitText(JenkinsRule.WebClient client, HtmlPage page, String text) throws InterruptedException {
        FakeCluster.await("the page to show \"" + text + "\"", Duration.ofMinutes(1), () -> {
            client.waitForBackgroundJavaScript(200);
            return page.asNormalizedText().contains(text);
        });
    }
}
