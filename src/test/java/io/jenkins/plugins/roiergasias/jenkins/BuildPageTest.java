package io.jenkins.plugins.roiergasias.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Run;
import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.sf.json.JSONObject;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.DomNode;
import org.htmlunit.html.HtmlAnchor;
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

    @Test
    void aPipelineDryRunShowsWhatItWouldHaveCreated(JenkinsRule j) throws Exception {
        WorkflowRun b = j.buildAndAssertSuccess(Workflows.pipeline(j,
                "roiergasias text: '''" + Workflows.HELLO + "''', dryRun: true, namespace: 'ci'"));
        RoiergasiasAction a = b.getAction(RoiergasiasAction.class);
        assertNotNull(a, "the build page shows the dry run");
        assertDryRunShown(j, b, a);
    }

    @Test
    void aFreestyleDryRunShowsWhatItWouldHaveCreated(JenkinsRule j) throws Exception {
        FreeStyleProject p = j.createFreeStyleProject();
        RoiergasiasBuilder step = new RoiergasiasBuilder();
        step.setText(Workflows.HELLO);
        step.setNamespace("ci");
        step.setDryRun(true);
        p.getBuildersList().add(step);
        FreeStyleBuild b = j.buildAndAssertSuccess(p);
        RoiergasiasAction a = b.getAction(RoiergasiasAction.class);
        assertNotNull(a, "the build page shows the dry run");
        assertDryRunShown(j, b, a);
    }

    @Test
    void aDryRunKeepsNoSecretOfTheWorkflowInTheBuild(JenkinsRule j) throws Exception {
        String secret = "dRy-5ecr3t-Vx81";
        Workflows.secretText(j.jenkins, "pw", secret);
        WorkflowRun b = j.buildAndAssertSuccess(Workflows.pipeline(j,
                "withCredentials([string(credentialsId: 'pw', variable: 'PW')]) {\n"
                        + "  roiergasias dryRun: true, text: \"\"\"version: 0.1\ntask:\n  - sequential:\n"
                        + "      - execute:\n          - 'echo ${env.PW}'\n\"\"\"\n}"));
        j.assertLogContains("ConfigMap", b);
        String buildXml = Files.readString(new File(b.getRootDir(), "build.xml").toPath());
        assertTrue(buildXml.contains("ConfigMap"), "the build keeps the objects");
        assertFalse(buildXml.contains(secret), "but not the secret in them");
        try (JenkinsRule.WebClient wc = j.createWebClient()) {
            String objects = objects(wc.getPage(b, "roiergasias"));
            assertFalse(objects.contains(secret), objects);
            assertTrue(objects.contains("****"), objects);
        }
    }

    private static void assertDryRunShown(JenkinsRule j, Run<?, ?> b, RoiergasiasAction a) throws Exception {
        assertEquals("dry run", a.getStatus());
        String job = a.getSegments().get(1).getJob();
        assertTrue(job != null && job.endsWith("-s2"), job);
        JSONObject api = j.getJSON(b.getUrl() + "roiergasias/api/json").getJSONObject();
        assertEquals("dry run", api.getString("status"));
        assertTrue(api.getBoolean("dryRun"));
        assertEquals(job, api.getJSONArray("segments").getJSONObject(1).getString("job"));
        try (JenkinsRule.WebClient wc = j.createWebClient()) {
            String box = wc.getPage(b).asNormalizedText();
            assertTrue(box.contains("status dry run"), box);
            assertTrue(box.contains("nothing was sent to any cluster"), box);
            HtmlPage page = wc.getPage(b, "roiergasias");
            assertTrue(page.asNormalizedText().contains(job), page.asNormalizedText());
            String objects = objects(page);
            assertTrue(objects.contains(job) && objects.contains("ConfigMap"), "the page shows the objects: " + objects);
            assertEquals(List.of(""), liveStates(page), "nothing to follow");
        }
    }

    @Test
    void theAdministratorsLinkTemplateTurnsJobAndPodNamesIntoLinks(JenkinsRule j) throws Exception {
        try (FakeCluster cluster = new FakeCluster();
                JenkinsRule.WebClient wc = j.createWebClient()) {
            Workflows.useCluster(j.jenkins, cluster);
            RoiergasiasConfiguration.get().setLinkTemplate("https://dashboard.example/#/{kind}/{namespace}/{name}");
            WorkflowRun b = j.buildAndAssertSuccess(
                    Workflows.pipeline(j, "roiergasias text: '''" + Workflows.HELLO + "'''"));
            ReportBeans.Segment s2 = b.getAction(RoiergasiasAction.class).getSegments().get(1);
            HtmlPage page = wc.getPage(b, "roiergasias");
            HtmlAnchor job = page.getAnchorByText(s2.getJob());
            assertEquals("https://dashboard.example/#/job/ci/" + s2.getJob(), job.getHrefAttribute());
            HtmlAnchor pod = page.getAnchorByText(s2.getPod());
            assertEquals("https://dashboard.example/#/pod/ci/" + s2.getPod(), pod.getHrefAttribute());
            assertEquals("noopener noreferrer", pod.getRelAttribute());

            RoiergasiasConfiguration.get().setLinkTemplate("javascript:alert(document.domain)//{name}");
            page = wc.getPage(b, "roiergasias");
            assertTrue(page.getAnchors().stream().noneMatch(a -> a.getHrefAttribute().contains("alert")),
                    "a template that is not an http URL makes no link");
            assertTrue(page.asNormalizedText().contains(s2.getPod()), "the name is still shown");
        }
    }

    /** The objects of a dry run as the workflow page shows them. */
    private static String objects(HtmlPage page) {
        DomNode pre = page.querySelector("pre");
        assertNotNull(pre, "the page has the objects");
        return pre.getTextContent();
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
