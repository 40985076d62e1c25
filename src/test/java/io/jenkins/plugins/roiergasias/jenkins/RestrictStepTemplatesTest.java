package io.jenkins.plugins.roiergasias.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Result;
import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import java.util.List;
import jenkins.model.Jenkins;
import org.htmlunit.html.HtmlCheckBoxInput;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;

/**
 * "Restrict step templates": a pipeline's own template cannot make the pod privileged unless an
 * administrator turned the restriction off; only an administrator can.
 */
@WithJenkinsConfiguredWithCode
class RestrictStepTemplatesTest {
    private static final String PRIVILEGED_STEP = "roiergasias text: '''" + Workflows.HELLO + "''', jobTemplate: '''\n"
            + "kind: Job\n"
            + "spec:\n"
            + "  template:\n"
            + "    spec:\n"
            + "      containers:\n"
            + "      - name: roiergasias\n"
            + "        securityContext: {privileged: true}\n"
            + "'''";

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
    void aPrivilegedStepTemplateFailsTheBuildNamingTheFieldAndCreatesNothing(JenkinsConfiguredWithCodeRule j)
            throws Exception {
        Workflows.useCluster(j.jenkins, cluster);
        assertTrue(RoiergasiasConfiguration.get().isRestrictStepTemplates(), "on unless turned off");

        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, Workflows.pipeline(j, PRIVILEGED_STEP));
        j.assertLogContains("jobTemplate: spec.template.spec.containers[0].securityContext.privileged: true", b);
        j.assertLogContains("turn off \"Restrict step templates\" under Manage Jenkins", b);
        assertEquals(List.of(), cluster.createdJobs(), "no Job");
        assertEquals(List.of(), cluster.configMaps(), "no ConfigMap");
    }

    @Test
    void withTheSwitchOffTheTemplateIsAccepted(JenkinsConfiguredWithCodeRule j) throws Exception {
        Workflows.useCluster(j.jenkins, cluster);
        RoiergasiasConfiguration.get().setRestrictStepTemplates(false);

        WorkflowRun b = j.buildAndAssertSuccess(Workflows.pipeline(j, PRIVILEGED_STEP));
        j.assertLogNotContains("Restrict step templates", b);
        j.assertLogContains("[s2 node2] Warm greetings!", b);
        assertEquals(2, cluster.createdJobs().size());
        assertTrue(cluster.seenWhileRunning.stream().anyMatch(s -> s.contains("\"privileged\":true")),
                "the Job the cluster saw carries the step's template");
    }

    @Test
    @ConfiguredWithCode("restrict-step-templates-off.yml")
    void configuredAsCode(JenkinsConfiguredWithCodeRule j) {
        assertFalse(RoiergasiasConfiguration.get().isRestrictStepTemplates());
    }

    /** A manager sees the state but has no checkbox, and a forged one is refused; an administrator turns it off. */
    @Test
    void onlyAnAdministratorTurnsItOff(JenkinsConfiguredWithCodeRule j) throws Exception {
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ, Jenkins.MANAGE).everywhere().to("manager"));
        JenkinsRule.WebClient manager = j.createWebClient().login("manager");
        manager.setThrowExceptionOnFailingStatusCode(false);
        HtmlPage page = manager.goTo("configure");
        HtmlForm form = page.getFormByName("config");
        assertTrue(form.getInputsByName("_.restrictStepTemplates").isEmpty(), "no checkbox for a manager");
        assertEquals("yes", page.getElementById("roiergasias-restrictStepTemplates").getTextContent().strip());

        HtmlInput forged = (HtmlInput) page.createElement("input"); // a text input, sent as "false"
        forged.setAttribute("name", "_.restrictStepTemplates");
        form.getInputByName("_.namespace").getParentNode().appendChild(forged);
        forged.setValue("false");
        assertEquals(403, j.submit(form).getWebResponse().getStatusCode(), "a manager turns the restriction off");
        assertTrue(RoiergasiasConfiguration.get().isRestrictStepTemplates());

        HtmlForm admin = j.createWebClient().login("admin").goTo("configure").getFormByName("config");
        HtmlCheckBoxInput box = (HtmlCheckBoxInput) admin.getInputByName("_.restrictStepTemplates");
        assertTrue(box.isChecked(), "checked by default");
        box.setChecked(false);
        j.submit(admin);
        assertFalse(RoiergasiasConfiguration.get().isRestrictStepTemplates());
        HtmlCheckBoxInput after = (HtmlCheckBoxInput) j.createWebClient().login("admin").goTo("configure")
                .getFormByName("config").getInputByName("_.restrictStepTemplates");
        assertFalse(after.isChecked(), "the page shows it off after saving");
    }
}
