package io.jenkins.plugins.roiergasias.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.model.FreeStyleProject;
import hudson.model.Item;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import hudson.util.Secret;
import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.Util;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import java.net.URL;
import java.util.List;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.html.HtmlCheckBoxInput;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlTextInput;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;

@WithJenkinsConfiguredWithCode
class RoiergasiasConfigurationTest {
    private static final String CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
    /** Without a final line end: the setters trim what they are given. */
    private static final String TEMPLATE = "spec:\n  template:\n    spec:\n      priorityClassName: batch";
    /** What only Overall/Administer sets; "Test connection" too. */
    private static final List<String> ADMINISTRATOR_FIELDS =
            List.of("serverUrl", "credentialsId", "caCertificate", "skipTlsVerify", "jobTemplate", "linkTemplate");

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
        assertEquals("reference", c.getCommands());

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
        // Set here rather than typed: the form's CodeMirror editor, not the text area, holds what it sends.
        c.setJobTemplate(TEMPLATE);
        c.setCommands("reference");

        HtmlPage page = j.createWebClient().goTo("configure");
        String html = page.getWebResponse().getContentAsString();
        for (String title : List.of("roiergasias: workflows on Kubernetes", "API server URL", "Credentials",
                "Namespace", "CA certificate in PEM", "Skip TLS verification, for test clusters only",
                "Test connection", "Image", "Node label key", "Segment timeout", "Pending timeout",
                "Pod retries, backoffLimit", "Cleanup", "Job template", "Commands")) {
            assertTrue(html.contains(title), "title on the System page: " + title);
        }
        HtmlForm form = page.getFormByName("config");
        for (String field : List.of("serverUrl", "credentialsId", "namespace", "caCertificate", "skipTlsVerify",
                "image", "nodeLabelKey", "segmentTimeout", "pendingTimeout", "backoffLimit", "cleanup",
                "jobTemplate", "commands")) {
            assertFalse(form.getElementsByAttribute("input", "name", "_." + field).isEmpty()
                            && form.getElementsByAttribute("select", "name", "_." + field).isEmpty()
                            && form.getElementsByAttribute("textarea", "name", "_." + field).isEmpty(),
                    "field on the System page: " + field);
        }
        ((HtmlTextInput) form.getInputByName("_.serverUrl")).setText("https://10.0.0.1:6443");
        form.getTextAreaByName("_.caCertificate").setText(CA);
        ((HtmlCheckBoxInput) form.getInputByName("_.skipTlsVerify")).setChecked(true);
        ((HtmlTextInput) form.getInputByName("_.nodeLabelKey")).setText("example.com/pool");
        ((HtmlTextInput) form.getInputByName("_.segmentTimeout")).setText("3h");
        ((HtmlTextInput) form.getInputByName("_.pendingTimeout")).setText("10m");
        form.getInputByName("_.backoffLimit").setValue("2");
        j.submit(form);

        RoiergasiasConfiguration after = RoiergasiasConfiguration.get();
        assertEquals("https://10.0.0.1:6443", after.getServerUrl());
        assertEquals(CA, after.getCaCertificate().replace("\r\n", "\n"));
        assertTrue(after.isSkipTlsVerify());
        assertEquals("example.com/pool", after.getNodeLabelKey());
        assertEquals("3h", after.getSegmentTimeout());
        assertEquals("10m", after.getPendingTimeout());
        assertEquals(2, after.getBackoffLimit());
        assertEquals("k8s-token", after.getCredentialsId(), "set before, kept by the form");
        assertEquals(TEMPLATE, after.getJobTemplate().replace("\r\n", "\n"));
        assertEquals("team-a", after.getNamespace());
        assertEquals("alpine:3.20", after.getImage());
        assertEquals("keepOnFailure", after.getCleanup());
        assertEquals("reference", after.getCommands());
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

    @Test
    void systemScopedCredentialsAreNotOfferedWhereBuildsCannotUseThem(JenkinsConfiguredWithCodeRule j) throws Exception {
        Workflows.secretText(j.jenkins, "k8s", Workflows.TOKEN);
        CredentialsProvider.lookupStores(j.jenkins).iterator().next().addCredentials(Domain.global(),
                new StringCredentialsImpl(CredentialsScope.SYSTEM, "system-only", "test", Secret.fromString("s")));
        assertTrue(ids(KubernetesCredentials.fillItems(null, "")).contains("k8s"));
        assertFalse(ids(KubernetesCredentials.fillItems(null, "")).contains("system-only"), "builds cannot see it");
        RoiergasiasConfiguration c = RoiergasiasConfiguration.get();
        FormValidation check = c.doCheckCredentialsId("system-only");
        assertEquals(FormValidation.Kind.ERROR, check.kind);
        FormValidation test = c.doTestConnection("https://127.0.0.1:1", "system-only", "ci", null, false);
        assertEquals(FormValidation.Kind.ERROR, test.kind);
        assertTrue(test.getMessage().contains("No credentials with id"), "not \"connected\": " + test.getMessage());
    }

    /**
     * A user with Overall/Manage only sees the administrator's settings as text, without their
     * inputs or "Test connection", saves the other settings without touching them, and is refused
     * when a forged form sends one anyway.
     */
    @Test
    void connectionSettingsAndTestConnectionNeedAdminister(JenkinsConfiguredWithCodeRule j) throws Exception {
        Workflows.secretText(j.jenkins, "k8s", Workflows.TOKEN);
        RoiergasiasConfiguration c = RoiergasiasConfiguration.get();
        c.setServerUrl("https://k8s.example.com:6443");
        c.setCredentialsId("k8s");
        c.setNamespace("ci");
        c.setCaCertificate(CA);
        c.setSkipTlsVerify(true);
        c.setJobTemplate(TEMPLATE);
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ, Jenkins.MANAGE).everywhere().to("manager"));
        JenkinsRule.WebClient wc = j.createWebClient().login("manager");
        wc.setThrowExceptionOnFailingStatusCode(false);

        WebRequest test = new WebRequest(new URL(j.getURL(), "descriptorByName/" + RoiergasiasConfiguration.class.getName()
                + "/testConnection?serverUrl=https://attacker.example&credentialsId=k8s"), HttpMethod.POST);
        assertEquals(403, wc.getPage(wc.addCrumb(test)).getWebResponse().getStatusCode(), "Test connection");

        HtmlPage page = wc.goTo("configure");
        HtmlForm form = page.getFormByName("config");
        for (String field : ADMINISTRATOR_FIELDS) {
            assertTrue(form.getElementsByAttribute("input", "name", "_." + field).isEmpty()
                            && form.getElementsByAttribute("select", "name", "_." + field).isEmpty()
                            && form.getElementsByAttribute("textarea", "name", "_." + field).isEmpty(),
                    "a manager is offered the administrator's field " + field);
        }
        String text = page.asNormalizedText();
        String html = page.getWebResponse().getContentAsString();
        assertFalse(html.contains("Test connection"), "a manager is offered Test connection");
        assertEquals("https://k8s.example.com:6443", page.getElementById("roiergasias-serverUrl").getTextContent());
        assertEquals("k8s", page.getElementById("roiergasias-credentialsId").getTextContent());
        assertTrue(text.contains("Only an administrator, with Overall/Administer, sets"), text);
        assertFalse(html.contains("priorityClassName") || html.contains("MIIB"), "said to be set, not shown");
        assertFalse(form.getInputsByName("_.namespace").isEmpty(), "the namespace stays a manager's");

        // a forged field where the page offers none: the server refuses it all the same
        HtmlInput forged = (HtmlInput) page.createElement("input"); // a text input
        forged.setAttribute("name", "_.serverUrl");
        form.getInputByName("_.namespace").getParentNode().appendChild(forged);
        forged.setValue("https://attacker.example");
        assertEquals(403, j.submit(form).getWebResponse().getStatusCode(), "a manager changes the server URL");
        assertEquals("https://k8s.example.com:6443", RoiergasiasConfiguration.get().getServerUrl());

        form = wc.goTo("configure").getFormByName("config");
        form.getInputByName("_.namespace").setValue("team-b");
        ((HtmlTextInput) form.getInputByName("_.segmentTimeout")).setText("3h");
        assertEquals(200, j.submit(form).getWebResponse().getStatusCode(), "the other settings stay a manager's");
        RoiergasiasConfiguration after = RoiergasiasConfiguration.get();
        assertEquals("team-b", after.getNamespace());
        assertEquals("3h", after.getSegmentTimeout());
        assertEquals("https://k8s.example.com:6443", after.getServerUrl(), "kept, not cleared");
        assertEquals("k8s", after.getCredentialsId());
        assertEquals(CA, after.getCaCertificate());
        assertTrue(after.isSkipTlsVerify());
        assertEquals(TEMPLATE, after.getJobTemplate());
    }

    private static List<String> ids(ListBoxModel m) {
        return m.stream().map(o -> o.value).toList();
    }
}
