package io.jenkins.plugins.roiergasias.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import org.jenkinsci.Symbol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class RoiergasiasBuilderTest {
    private FakeCluster cluster;

    @BeforeEach
    void startCluster() {
        cluster = new FakeCluster();
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void freestyleRunsTheSameWorkflowWithTheSameConsole(JenkinsRule j) throws Exception {
        Workflows.useCluster(j.jenkins, cluster);
        FreeStyleProject p = j.createFreeStyleProject();
        RoiergasiasBuilder step = new RoiergasiasBuilder();
        step.setText(Workflows.HELLO);
        p.getBuildersList().add(step);
        FreeStyleBuild b = j.buildAndAssertSuccess(p);
        j.assertLogContains("[s1 node1] Hello", b);
        j.assertLogContains("[s2 node2] Warm greetings!", b);
        assertEquals("succeeded", b.getAction(RoiergasiasAction.class).getStatus());
    }

    @Test
    void freestyleFailureAndConfigRoundTrip(JenkinsRule j) throws Exception {
        Workflows.useCluster(j.jenkins, cluster);
        FreeStyleProject p = j.createFreeStyleProject();
        RoiergasiasBuilder step = new RoiergasiasBuilder();
        step.setText(Workflows.FAILING);
        step.setSegmentTimeout("30m");
        step.setCleanup("keepOnFailure");
        p.getBuildersList().add(step);
        FreeStyleBuild b = j.buildAndAssertStatus(Result.FAILURE, p);
        j.assertLogContains("failed with exit code 3", b);

        j.configRoundtrip(p);
        RoiergasiasBuilder after = p.getBuildersList().get(RoiergasiasBuilder.class);
        j.assertEqualDataBoundBeans(step, after);
    }

    @Test
    void theFreestyleStepDoesNotShadowThePipelineStep(JenkinsRule j) {
        assertNull(RoiergasiasBuilder.DescriptorImpl.class.getAnnotation(Symbol.class));
        assertNull(RoiergasiasBuilder.class.getAnnotation(Symbol.class));
    }

    @Test
    void aMissingCredentialLeavesAFinishedFreestylePageWithTheReason(JenkinsRule j) throws Exception {
        Workflows.useCluster(j.jenkins, cluster);
        FreeStyleProject p = j.createFreeStyleProject();
        RoiergasiasBuilder step = new RoiergasiasBuilder();
        step.setText(Workflows.HELLO);
        step.setCredentialsId("nope");
        p.getBuildersList().add(step);
        FreeStyleBuild b = j.buildAndAssertStatus(Result.FAILURE, p);
        j.assertLogContains("No credentials with id \"nope\"", b);
        Workflows.assertEndedWith(j, b, "No credentials with id \"nope\"");
    }

    @Test
    void freestyleAnInputsGlobThatMatchesNothingFailsBeforeAnyJob(JenkinsRule j) throws Exception {
        Workflows.useCluster(j.jenkins, cluster);
        FreeStyleProject p = j.createFreeStyleProject();
        RoiergasiasBuilder step = new RoiergasiasBuilder();
        step.setText(Workflows.HELLO);
        step.setInputs("models/*.bin");
        step.setOutputs("out/**");
        p.getBuildersList().add(step);
        FreeStyleBuild b = j.buildAndAssertStatus(Result.FAILURE, p);
        j.assertLogContains("inputs: the glob \"models/*.bin\" matches no file in the workspace", b);
        assertEquals(java.util.List.of(), cluster.createdJobs(), "no Job");

        j.configRoundtrip(p);
        j.assertEqualDataBoundBeans(step, p.getBuildersList().get(RoiergasiasBuilder.class));
    }

    @Test
    void freestyleHasTheHelpOfEveryFilesOption(JenkinsRule j) throws Exception {
        RoiergasiasBuilder.DescriptorImpl d = j.jenkins.getDescriptorByType(RoiergasiasBuilder.DescriptorImpl.class);
        JenkinsRule.WebClient wc = j.createWebClient();
        for (String field : java.util.List.of("inputs", "outputs", "excludes", "workDir")) {
            String help = j.executeOnServer(() -> d.getHelpFile(field));
            org.junit.jupiter.api.Assertions.assertNotNull(help, field);
            String text = wc.goTo(help.substring(1), null).getWebResponse().getContentAsString();
            org.junit.jupiter.api.Assertions.assertTrue(text.contains("<div>") && text.length() > 100,
                    field + ": " + text);
        }
    }
}
