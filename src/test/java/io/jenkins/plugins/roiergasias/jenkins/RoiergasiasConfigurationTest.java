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
import jenkins.model.Jenkins;
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

    @Test
    void survivesTheConfigurationPage(JenkinsConfiguredWithCodeRule j) throws Exception {
        RoiergasiasConfiguration c = RoiergasiasConfiguration.get();
        c.setServerUrl("https://10.0.0.1:6443");
        c.setNamespace("team-a");
        c.setPendingTimeout("10m");
        c.setSkipTlsVerify(true);
        j.configRoundtrip();
        RoiergasiasConfiguration after = RoiergasiasConfiguration.get();
        assertEquals("https://10.0.0.1:6443", after.getServerUrl());
        assertEquals("team-a", after.getNamespace());
        assertEquals("10m", after.getPendingTimeout());
        assertTrue(after.isSkipTlsVerify());
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

    private static java.util.List<String> ids(ListBoxModel m) {
        return m.stream().map(o -> o.value).toList();
    }
}
