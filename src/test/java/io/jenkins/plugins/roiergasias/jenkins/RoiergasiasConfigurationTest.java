package io.jenkins.plugins.roiergasias.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.FreeStyleProject;
import hudson.model.Item;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.Util;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import java.util.List;
import jenkins.model.Jenkins;
import org.htmlunit.html.HtmlCheckBoxInput;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlTextInput;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.MockAuthorizationStrategy;

@WithJenkinsConfiguredWithCode
class RoiergasiasConfigurationTest {
    @Test
    @ConfiguredWithCode("configuration-as-code.yml")
    void configuredAsCodeAndExported(JenkinsConfiguredWithCodeRule j) throws Exception {
        RoiergasiasConfiguration c = RoiergasiasConfiguration.get();
        assertEquals("https://k8s.example.com:6443", c.getServerUrl());
        assertEquals("k8s-token", c.getCredentialsId());
        assertEquals("ci", c.getNamespace());
        assertEquals("alpine:3.20", c.getImage());
        assertEquals("2h", c.getSegmentTimeout());
        assertEquals("keepOnFailure", c.getCleanup());
        assertEquals(1, c.getBackoffLimit());

        String exported = Util.toYamlString(
                Util.getUnclassifiedRoot(new ConfigurationContext(ConfiguratorRegistry.get())).get("roiergasias"));
        assertTrue(exported.contains("serverUrl: \"https://k8s.example.com:6443\""), exported);
        assertTrue(exported.contains("segmentTimeout: \"2h\""), exported);
    }

    /**
     * Every field of the plugin's section is on Manage Jenkins → System with its full title, and
     * what the form sends comes back. A title such as {@code ${%Skip TLS (test clusters only)}} makes
     * the view fail to compile and the page end at the plugin's section, without its fields or the
     * Submit button; {@code ${%CA certificate (PEM)}} renders as "CA certificate ".
     */
    @Test
    void survivesTheConfigurationPage(JenkinsConfiguredWithCodeRule j) throws Exception {
        Workflows.secretText(j.jenkins, "k8s-token", Workflows.TOKEN);
        RoiergasiasConfiguration c = RoiergasiasConfiguration.get();
        c.setCredentialsId("k8s-token");
        c.setNamespace("team-a");
        c.setImage("alpine:3.20");
        c.setCleanup("keepOnFailure");

        HtmlPage page = j.createWebClient().goTo("configure");
        String html = page.getWebResponse().getContentAsString();
        for (String title : List.of("roiergasias: workflows on Kubernetes", "API server URL", "Credentials",
                "Namespace", "CA certificate in PEM", "Skip TLS verification, for test clusters only",
                "Test connection", "Image", "Node label key", "Segment timeout", "Pending timeout",
                "Pod retries, backoffLimit", "Cleanup", "Job template")) {
            assertTrue(html.contains(title), "title on the System page: " + title);
        }
        HtmlForm form = page.getFormByName("config");
        for (String field : List.of("serverUrl", "credentialsId", "namespace", "caCertificate", "skipTlsVerify",
                "image", "nodeLabelKey", "segmentTimeout", "pendingTimeout", "backoffLimit", "cleanup",
                "jobTemplate")) {
            assertFalse(form.getElementsByAttribute("input", "name", "_." + field).isEmpty()
                            && form.getElementsByAttribute("select", "name", "_." + field).isEmpty()
                            && form.getElementsByAttribute("textarea", "name", "_." + field).isEmpty(),
                    "field on the System page: " + field);
        }
        String ca = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
        String template = "spec:\n  template:\n    spec:\n      priorityClassName: batch\n";
        ((HtmlTextInput) form.getInputByName("_.serverUrl")).setText("https://10.0.0.1:6443");
        form.getTextAreaByName("_.caCertificate").setText(ca);
        ((HtmlCheckBoxInput) form.getInputByName("_.skipTlsVerify")).setChecked(true);
        ((HtmlTextInput) form.getInputByName("_.nodeLabelKey")).setText("example.com/pool");
        ((HtmlTextInput) form.getInputByName("_.segmentTimeout")).setText("3h");
        ((HtmlTextInput) form.getInputByName("_.pendingTimeout")).setText("10m");
        form.getInputByName("_.backoffLimit").setValue("2");
        form.getTextAreaByName("_.jobTemplate").setText(template);
        j.submit(form);

        RoiergasiasConfiguration after = RoiergasiasConfiguration.get();
        assertEquals("https://10.0.0.1:6443", after.getServerUrl());
        assertEquals(ca, after.getCaCertificate().replace("\r\n", "\n"));
        assertTrue(after.isSkipTlsVerify());
        assertEquals("example.com/pool", after.getNodeLabelKey());
        assertEquals("3h", after.getSegmentTimeout());
        assertEquals("10m", after.getPendingTimeout());
        assertEquals(2, after.getBackoffLimit());
        assertEquals(template, after.getJobTemplate().replace("\r\n", "\n"));
        assertEquals("k8s-token", after.getCredentialsId(), "set before, kept by the form");
        assertEquals("team-a", after.getNamespace());
        assertEquals("alpine:3.20", after.getImage());
        assertEquals("keepOnFailure", after.getCleanup());
    }

    @Test
    void credentialsAreListedOnlyToWhoMayConfigure(JenkinsConfiguredWithCodeRule j) throws Exception {
        Workflows.secretText(j.jenkins, "k8s", Workflows.TOKEN);
        FreeStyleProject p = j.createFreeStyleProject("p");
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ, Item.READ, Item.CONFIGURE).everywhere().to("dev")
                .grant(Jenkins.READ, Item.READ).everywhere().to("reader"));

        try (ACLContext ignored = ACL.as2(User.getById("reader", true).impersonate2())) {
            assertFalse(ids(KubernetesCredentials.fillItems(p, "")).contains("k8s"));
            assertFalse(ids(KubernetesCredentials.fillItems(null, "")).contains("k8s"));
        }
        try (ACLContext ignored = ACL.as2(User.getById("dev", true).impersonate2())) {
            assertTrue(ids(KubernetesCredentials.fillItems(p, "")).contains("k8s"));
            assertFalse(ids(KubernetesCredentials.fillItems(null, "")).contains("k8s"), "global list: admins only");
        }
        try (ACLContext ignored = ACL.as2(User.getById("admin", true).impersonate2())) {
            assertTrue(ids(KubernetesCredentials.fillItems(null, "")).contains("k8s"));
        }
    }

    private static List<String> ids(ListBoxModel m) {
        return m.stream().map(o -> o.value).toList();
    }
}
