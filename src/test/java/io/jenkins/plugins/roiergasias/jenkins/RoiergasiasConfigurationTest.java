package io.jenkins.plugins.roiergasias.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import io.jenkins.plugins.casc.ConfigurationAsCode;
import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.Util;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import io.jenkins.plugins.roiergasias.settings.ClusterDefaults;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.html.DomNode;
import org.htmlunit.html.HtmlCheckBoxInput;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlTextArea;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;

@WithJenkinsConfiguredWithCode
class RoiergasiasConfigurationTest {
    private static final String CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
    /** Without a final line end: the setters trim what they are given. */
    private static final String TEMPLATE = "spec:\n  template:\n    spec:\n      priorityClassName: batch";
    /** What only Overall/Administer sets in a cluster; "Test connection" too. */
    private static final List<String> ADMINISTRATOR_FIELDS =
            List.of("name", "serverUrl", "credentialsId", "caCertificate", "skipTlsVerify", "jobTemplate");

    @Test
    @ConfiguredWithCode("configuration-as-code.yml")
    void configuredAsCodeExportedAndAppliedAgain(JenkinsConfiguredWithCodeRule j, @TempDir Path dir) throws Exception {
        RoiergasiasConfiguration c = RoiergasiasConfiguration.get();
        assertEquals(2, c.getClusters().size());
        ClusterConfig first = c.getClusters().get(0);
        assertEquals("default", first.getName());
        assertEquals("https://k8s.example.com:6443", first.getServerUrl());
        assertEquals("k8s-token", first.getCredentialsId());
        assertEquals("ci", first.getNamespace());
        assertEquals("alpine:3.20", first.getImage());
        assertEquals("2h", first.getSegmentTimeout());
        assertEquals("keepOnFailure", first.getCleanup());
        assertEquals(1, first.getBackoffLimit());
        assertEquals("reference", first.getCommands());
        ClusterConfig gpu = c.getClusters().get(1);
        assertEquals("gpu-farm", gpu.getName());
        assertNull(gpu.getServerUrl(), "the kubeconfig credential brings its own server");
        assertEquals(TEMPLATE, gpu.getJobTemplate());
        assertEquals(List.of("gpu"), List.copyOf(NodeTemplate.toMap(gpu.getNodeTemplates()).keySet()));
        assertEquals("https://dashboard.example.com/#/{kind}/{namespace}/{name}", c.getLinkTemplate());
        List<ClusterDefaults> configured = c.clusterDefaults();

        String exported = Util.toYamlString(
                Util.getUnclassifiedRoot(new ConfigurationContext(ConfiguratorRegistry.get())).get("roiergasias"));
        assertTrue(exported.contains("name: \"gpu-farm\""), exported);
        assertTrue(exported.contains("serverUrl: \"https://k8s.example.com:6443\""), exported);
        assertTrue(exported.contains("segmentTimeout: \"2h\""), exported);

        // what was exported configures the same clusters again
        c.setClusters(List.of());
        c.setLinkTemplate(null);
        StringBuilder yaml = new StringBuilder("unclassified:\n  roiergasias:\n");
        for (String line : exported.split("\n")) {
            if (!line.equals("---")) {
                yaml.append("    ").append(line).append('\n');
            }
        }
        Path file = dir.resolve("exported.yml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        ConfigurationAsCode.get().configure(file.toUri().toString());
        assertEquals(configured, RoiergasiasConfiguration.get().clusterDefaults(), yaml::toString);
        assertEquals("https://dashboard.example.com/#/{kind}/{namespace}/{name}",
                RoiergasiasConfiguration.get().getLinkTemplate());
    }

    /**
     * The single-server form documented before named clusters still configures, deprecated: it
     * fills the cluster {@code default}; applied again, as at the next start, it changes that
     * cluster and keeps the others; an export writes only the clusters.
     */
    @Test
    @ConfiguredWithCode("configuration-as-code-single-server.yml")
    void singleServerFormAsCodeFillsTheDefaultCluster(JenkinsConfiguredWithCodeRule j, @TempDir Path dir)
            throws Exception {
        List<ClusterConfig> clusters = RoiergasiasConfiguration.get().getClusters();
        assertEquals(List.of("default"), clusters.stream().map(ClusterConfig::getName).toList());
        ClusterConfig d = clusters.get(0);
        assertEquals("https://k8s.example.com:6443", d.getServerUrl());
        assertEquals("k8s-token", d.getCredentialsId());
        assertEquals("ci", d.getNamespace());
        assertEquals(CA, d.getCaCertificate());
        assertTrue(d.isSkipTlsVerify());
        assertEquals("alpine:3.20", d.getImage());
        assertEquals("node.roiergasias", d.getNodeLabelKey());
        assertEquals("2h", d.getSegmentTimeout());
        assertEquals("10m", d.getPendingTimeout());
        assertEquals(1, d.getBackoffLimit());
        assertEquals("keepOnFailure", d.getCleanup());
        assertEquals("reference", d.getCommands());
        assertEquals(TEMPLATE, d.getJobTemplate());
        assertEquals(Map.of("gpu", "spec: {}"), NodeTemplate.toMap(d.getNodeTemplates()));

        String exported = Util.toYamlString(
                Util.getUnclassifiedRoot(new ConfigurationContext(ConfiguratorRegistry.get())).get("roiergasias"));
        List<String> topLevel = exported.lines()
                .filter(l -> !l.isEmpty() && !Character.isWhitespace(l.charAt(0)) && l.contains(":"))
                .map(l -> l.substring(0, l.indexOf(':')))
                .toList();
        assertTrue(topLevel.contains("clusters"), exported);
        for (String old : List.of("serverUrl", "credentialsId", "namespace", "caCertificate", "skipTlsVerify",
                "image", "nodeLabelKey", "jobTemplate", "segmentTimeout", "pendingTimeout", "backoffLimit", "cleanup",
                "nodeTemplates", "commands")) {
            assertFalse(topLevel.contains(old), "exported in the old form: " + old + "\n" + exported);
        }
        assertTrue(exported.contains("serverUrl: \"https://k8s.example.com:6443\""), exported);

        RoiergasiasConfiguration.get().setClusters(List.of(d, new ClusterConfig("gpu-farm")));
        Path file = dir.resolve("single-server-again.yml");
        Files.writeString(file, "unclassified:\n  roiergasias:\n    namespace: \"team-b\"\n", StandardCharsets.UTF_8);
        ConfigurationAsCode.get().configure(file.toUri().toString());
        List<ClusterConfig> after = RoiergasiasConfiguration.get().getClusters();
        assertEquals(List.of("default", "gpu-farm"), after.stream().map(ClusterConfig::getName).toList());
        assertEquals("team-b", after.get(0).getNamespace());
        assertEquals("https://k8s.example.com:6443", after.get(0).getServerUrl(), "what the file leaves out is kept");
        assertNull(RoiergasiasConfiguration.get().getNamespace(), "nothing stays in the old form");
    }

    /**
     * Two clusters, every field with its full title on Manage Jenkins → System, and what the form
     * sends comes back, cluster by cluster. A title such as {@code ${%Skip TLS (test clusters only)}}
     * makes the view fail to compile and the page end at the plugin's section.
     */
    @Test
    void twoClustersSurviveTheConfigurationPage(JenkinsConfiguredWithCodeRule j) throws Exception {
        Workflows.secretText(j.jenkins, "k8s-token", Workflows.TOKEN);
        Workflows.secretText(j.jenkins, "gpu-token", "gpu-secret");
        ClusterConfig prod = new ClusterConfig("prod");
        prod.setCredentialsId("k8s-token");
        prod.setNamespace("team-a");
        prod.setImage("alpine:3.20");
        prod.setCleanup("keepOnFailure");
        // Set here rather than typed: the form's CodeMirror editor, not the text area, holds what it sends.
        prod.setJobTemplate(TEMPLATE);
        prod.setCommands("reference");
        ClusterConfig gpu = new ClusterConfig("gpu-farm");
        gpu.setServerUrl("https://gpu.example.com:6443");
        gpu.setCredentialsId("gpu-token");
        gpu.setNamespace("training");
        gpu.setSkipTlsVerify(true);
        gpu.setNodeTemplates(List.of(new NodeTemplate("gpu", "spec: {tolerations: []}")));
        RoiergasiasConfiguration.get().setClusters(List.of(prod, gpu));

        HtmlPage page = j.createWebClient().goTo("configure");
        String html = page.getWebResponse().getContentAsString();
        for (String title : List.of("roiergasias: workflows on Kubernetes", "Clusters", "Add a cluster", "Name",
                "API server URL", "Credentials", "Namespace", "CA certificate in PEM",
                "Skip TLS verification, for test clusters only", "Test connection", "Image", "Node label key",
                "Segment timeout", "Pending timeout", "Pod retries, backoffLimit", "Cleanup", "Job template",
                "Commands", "Templates per node", "Link template for Jobs and pods",
                "an empty server URL or CA certificate keeps the one of the kubeconfig")) {
            assertTrue(html.contains(title), "on the System page: " + title);
        }
        HtmlForm form = page.getFormByName("config");
        for (String field : List.of("name", "serverUrl", "credentialsId", "namespace", "caCertificate",
                "skipTlsVerify", "image", "nodeLabelKey", "segmentTimeout", "pendingTimeout", "backoffLimit",
                "cleanup", "jobTemplate", "commands")) {
            assertEquals(2, fields(form, field).size(), "one field per cluster: " + field);
        }
        ((HtmlInput) fields(form, "serverUrl").get(0)).setValue("https://10.0.0.1:6443");
        ((HtmlTextArea) fields(form, "caCertificate").get(0)).setText(CA);
        ((HtmlCheckBoxInput) fields(form, "skipTlsVerify").get(0)).setChecked(true);
        ((HtmlInput) fields(form, "pendingTimeout").get(0)).setValue("10m");
        ((HtmlInput) fields(form, "nodeLabelKey").get(1)).setValue("example.com/pool");
        ((HtmlInput) fields(form, "segmentTimeout").get(1)).setValue("3h");
        ((HtmlInput) fields(form, "backoffLimit").get(1)).setValue("2");
        j.submit(form);

        List<ClusterConfig> after = RoiergasiasConfiguration.get().getClusters();
        assertEquals(List.of("prod", "gpu-farm"), after.stream().map(ClusterConfig::getName).toList());
        ClusterConfig p = after.get(0);
        assertEquals("https://10.0.0.1:6443", p.getServerUrl());
        assertEquals(CA, p.getCaCertificate().replace("\r\n", "\n"));
        assertTrue(p.isSkipTlsVerify());
        assertEquals("10m", p.getPendingTimeout());
        assertEquals("k8s-token", p.getCredentialsId(), "set before, kept by the form");
        assertEquals("team-a", p.getNamespace());
        assertEquals("alpine:3.20", p.getImage());
        assertEquals("keepOnFailure", p.getCleanup());
        assertEquals("reference", p.getCommands());
        assertEquals(TEMPLATE, p.getJobTemplate().replace("\r\n", "\n"));
        ClusterConfig g = after.get(1);
        assertEquals("https://gpu.example.com:6443", g.getServerUrl());
        assertEquals("gpu-token", g.getCredentialsId());
        assertEquals("training", g.getNamespace());
        assertTrue(g.isSkipTlsVerify());
        assertNull(g.getCaCertificate());
        assertEquals("example.com/pool", g.getNodeLabelKey());
        assertEquals("3h", g.getSegmentTimeout());
        assertEquals(2, g.getBackoffLimit());
        assertEquals(Map.of("gpu", "spec: {tolerations: []}"), NodeTemplate.toMap(g.getNodeTemplates()));
    }

    @Test
    void clusterNamesMustBeDistinct(JenkinsConfiguredWithCodeRule j) throws Exception {
        RoiergasiasConfiguration.get().setClusters(List.of(new ClusterConfig("a"), new ClusterConfig("b")));
        JenkinsRule.WebClient wc = j.createWebClient();
        wc.setThrowExceptionOnFailingStatusCode(false);
        HtmlForm form = wc.goTo("configure").getFormByName("config");
        ((HtmlInput) fields(form, "name").get(1)).setValue("a");
        String response = j.submit(form).getWebResponse().getContentAsString();
        assertTrue(response.contains("is used twice: give each cluster its own name"), response);
        assertEquals(List.of("a", "b"),
                RoiergasiasConfiguration.get().getClusters().stream().map(ClusterConfig::getName).toList());
        FormValidation check = descriptor().doCheckName("has space");
        assertEquals(FormValidation.Kind.ERROR, check.kind);
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

    /**
     * The cluster list of the step and of the freestyle step names the clusters only to who may
     * configure the job, and outside any job only to an administrator; others get an empty list,
     * also when they ask as the form does.
     */
    @Test
    void clustersAreListedOnlyToWhoMayConfigure(JenkinsConfiguredWithCodeRule j) throws Exception {
        RoiergasiasConfiguration.get().setClusters(List.of(new ClusterConfig("prod"), new ClusterConfig("gpu-farm")));
        FreeStyleProject p = j.createFreeStyleProject("p");
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ, Item.READ, Item.CONFIGURE).everywhere().to("dev")
                .grant(Jenkins.READ, Item.READ).everywhere().to("reader"));
        List<StepForms> descriptors = List.of(
                j.jenkins.getDescriptorByType(RoiergasiasStep.DescriptorImpl.class),
                j.jenkins.getDescriptorByType(RoiergasiasBuilder.DescriptorImpl.class));
        for (StepForms d : descriptors) {
            try (ACLContext ignored = ACL.as2(User.getById("reader", true).impersonate2())) {
                assertEquals(List.of(), ids(d.doFillClusterItems(p)));
                assertEquals(List.of(), ids(d.doFillClusterItems(null)));
            }
            try (ACLContext ignored = ACL.as2(User.getById("dev", true).impersonate2())) {
                assertEquals(List.of("", "prod", "gpu-farm"), ids(d.doFillClusterItems(p)));
                assertEquals(List.of(), ids(d.doFillClusterItems(null)), "outside a job: administrators only");
            }
            try (ACLContext ignored = ACL.as2(User.getById("admin", true).impersonate2())) {
                assertEquals(List.of("", "prod", "gpu-farm"), ids(d.doFillClusterItems(null)));
            }
        }
        for (Class<?> step : List.of(RoiergasiasStep.class, RoiergasiasBuilder.class)) {
            for (String user : List.of("reader", "dev")) {
                JenkinsRule.WebClient wc = j.createWebClient().login(user);
                WebRequest fill = new WebRequest(new URL(j.getURL(), "job/p/descriptorByName/" + step.getName()
                        + "/fillClusterItems"), HttpMethod.POST);
                String answer = wc.getPage(wc.addCrumb(fill)).getWebResponse().getContentAsString();
                assertEquals(user.equals("dev"), answer.contains("gpu-farm"), user + ": " + answer);
            }
        }
    }

    @Test
    void systemScopedCredentialsAreNotOfferedWhereBuildsCannotUseThem(JenkinsConfiguredWithCodeRule j) throws Exception {
        Workflows.secretText(j.jenkins, "k8s", Workflows.TOKEN);
        CredentialsProvider.lookupStores(j.jenkins).iterator().next().addCredentials(Domain.global(),
                new StringCredentialsImpl(CredentialsScope.SYSTEM, "system-only", "test", Secret.fromString("s")));
        assertTrue(ids(KubernetesCredentials.fillItems(null, "")).contains("k8s"));
        assertFalse(ids(KubernetesCredentials.fillItems(null, "")).contains("system-only"), "builds cannot see it");
        FormValidation check = descriptor().doCheckCredentialsId("system-only");
        assertEquals(FormValidation.Kind.ERROR, check.kind);
        FormValidation test = descriptor().doTestConnection("https://127.0.0.1:1", "system-only", "ci", null, false);
        assertEquals(FormValidation.Kind.ERROR, test.kind);
        assertTrue(test.getMessage().contains("No credentials with id"), "not \"connected\": " + test.getMessage());
    }

    /**
     * "Test connection" checks the cluster as the form shows it: the saved cluster points nowhere,
     * the form's unsaved values at a working server, and the check reaches that server with the
     * form's credential.
     */
    @Test
    void testConnectionChecksTheUnsavedValuesOfTheForm(JenkinsConfiguredWithCodeRule j) throws Exception {
        Workflows.secretText(j.jenkins, "k8s", Workflows.TOKEN);
        ClusterConfig saved = new ClusterConfig("prod");
        saved.setServerUrl("https://127.0.0.1:1");
        saved.setCredentialsId("old");
        RoiergasiasConfiguration.get().setClusters(List.of(saved));
        try (FakeCluster cluster = new FakeCluster()) {
            FormValidation direct = descriptor().doTestConnection(cluster.url(), "k8s", "ci", null, false);
            assertEquals(FormValidation.Kind.OK, direct.kind, direct::getMessage);
            assertTrue(direct.getMessage().startsWith("Connected."), direct::getMessage);
            assertTrue(direct.getMessage().contains("namespace &quot;ci&quot;")
                    || direct.getMessage().contains("namespace \"ci\""), direct::getMessage);
            assertFalse(cluster.accessReviewsBy.isEmpty());
            assertTrue(cluster.accessReviewsBy.stream().allMatch(h -> h.equals("Bearer " + Workflows.TOKEN)));

            // as the button sends it
            JenkinsRule.WebClient wc = j.createWebClient();
            WebRequest request = new WebRequest(new URL(j.getURL(), "descriptorByName/"
                    + ClusterConfig.class.getName() + "/testConnection?serverUrl=" + cluster.url()
                    + "&credentialsId=k8s&namespace=ci&skipTlsVerify=false"), HttpMethod.POST);
            String answer = wc.getPage(wc.addCrumb(request)).getWebResponse().getContentAsString();
            assertTrue(answer.contains("Connected."), answer);
        }
        assertEquals("https://127.0.0.1:1", RoiergasiasConfiguration.get().getClusters().get(0).getServerUrl(),
                "testing saves nothing");
    }

    /**
     * A user with Overall/Manage only sees each cluster's administrator settings as text, without
     * their inputs, "Test connection", the add or delete buttons; saves the other settings without
     * touching them; and is refused when a forged form changes one anyway, or removes a cluster.
     */
    @Test
    void aManagerChangesOnlyTheOtherSettingsOfTheClusters(JenkinsConfiguredWithCodeRule j) throws Exception {
        Workflows.secretText(j.jenkins, "k8s", Workflows.TOKEN);
        ClusterConfig prod = new ClusterConfig("prod");
        prod.setServerUrl("https://k8s.example.com:6443");
        prod.setCredentialsId("k8s");
        prod.setNamespace("ci");
        prod.setCaCertificate(CA);
        prod.setSkipTlsVerify(true);
        prod.setJobTemplate(TEMPLATE);
        ClusterConfig gpu = new ClusterConfig("gpu-farm");
        gpu.setServerUrl("https://gpu.example.com:6443");
        gpu.setCredentialsId("k8s");
        gpu.setNodeTemplates(List.of(new NodeTemplate("gpu", "spec: {}")));
        RoiergasiasConfiguration.get().setClusters(List.of(prod, gpu));
        RoiergasiasConfiguration.get().setLinkTemplate("https://dashboard.example.com/#/{kind}/{namespace}/{name}");
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ, Jenkins.MANAGE).everywhere().to("manager"));
        JenkinsRule.WebClient wc = j.createWebClient().login("manager");
        wc.setThrowExceptionOnFailingStatusCode(false);

        WebRequest test = new WebRequest(new URL(j.getURL(), "descriptorByName/" + ClusterConfig.class.getName()
                + "/testConnection?serverUrl=https://attacker.example&credentialsId=k8s"), HttpMethod.POST);
        assertEquals(403, wc.getPage(wc.addCrumb(test)).getWebResponse().getStatusCode(), "Test connection");

        HtmlPage page = wc.goTo("configure");
        HtmlForm form = page.getFormByName("config");
        for (String field : ADMINISTRATOR_FIELDS) {
            assertTrue(fields(form, field).stream().allMatch(e -> "hidden".equals(e.getAttribute("type"))),
                    "a manager is offered the administrator's field " + field);
        }
        String text = page.asNormalizedText();
        String html = page.getWebResponse().getContentAsString();
        assertFalse(html.contains("Test connection"), "a manager is offered Test connection");
        assertFalse(html.contains("Add a cluster") || html.contains("Delete this cluster"), "add or delete offered");
        assertTrue(text.contains("https://k8s.example.com:6443") && text.contains("https://gpu.example.com:6443"), text);
        assertTrue(text.contains("Only an administrator, with Overall/Administer, adds, removes and renames"), text);
        assertFalse(html.contains("priorityClassName") || html.contains("MIIB"), "said to be set, not shown");
        assertEquals(2, fields(form, "namespace").size(), "the namespaces stay a manager's");

        // a forged field where the page offers none: the server refuses it all the same
        forge(fields(form, "namespace").get(1).getParentNode(), "serverUrl", "https://attacker.example");
        assertEquals(403, j.submit(form).getWebResponse().getStatusCode(), "a manager changes a server URL");
        assertEquals("https://gpu.example.com:6443", RoiergasiasConfiguration.get().getClusters().get(1).getServerUrl());

        // nor at the top level, where the single-server form of configuration as code reaches the cluster default
        form = wc.goTo("configure").getFormByName("config");
        forge(chunkOf(fields(form, "namespace").get(0)).getParentNode(), "serverUrl", "https://attacker.example");
        assertEquals(403, j.submit(form).getWebResponse().getStatusCode(), "a manager sets the old serverUrl");
        assertEquals("https://k8s.example.com:6443", RoiergasiasConfiguration.get().getClusters().get(0).getServerUrl());

        // removing a cluster is an administrator's too
        form = wc.goTo("configure").getFormByName("config");
        chunkOf(fields(form, "namespace").get(1)).remove();
        assertEquals(403, j.submit(form).getWebResponse().getStatusCode(), "a manager removes a cluster");
        assertEquals(2, RoiergasiasConfiguration.get().getClusters().size());

        form = wc.goTo("configure").getFormByName("config");
        ((HtmlInput) fields(form, "namespace").get(1)).setValue("team-b");
        ((HtmlInput) fields(form, "segmentTimeout").get(0)).setValue("3h");
        assertEquals(200, j.submit(form).getWebResponse().getStatusCode(), "the other settings stay a manager's");
        List<ClusterConfig> after = RoiergasiasConfiguration.get().getClusters();
        assertEquals(List.of("prod", "gpu-farm"), after.stream().map(ClusterConfig::getName).toList());
        ClusterConfig p = after.get(0);
        assertEquals("3h", p.getSegmentTimeout());
        assertEquals("ci", p.getNamespace());
        assertEquals("https://k8s.example.com:6443", p.getServerUrl(), "kept, not cleared");
        assertEquals("k8s", p.getCredentialsId());
        assertEquals(CA, p.getCaCertificate());
        assertTrue(p.isSkipTlsVerify());
        assertEquals(TEMPLATE, p.getJobTemplate());
        ClusterConfig g = after.get(1);
        assertEquals("team-b", g.getNamespace());
        assertEquals("https://gpu.example.com:6443", g.getServerUrl());
        assertEquals(Map.of("gpu", "spec: {}"), NodeTemplate.toMap(g.getNodeTemplates()));
        assertEquals("https://dashboard.example.com/#/{kind}/{namespace}/{name}",
                RoiergasiasConfiguration.get().getLinkTemplate());
    }

    /** The cluster's part of the form that holds this field. */
    private static DomNode chunkOf(DomNode field) {
        DomNode chunk = field;
        while (!(chunk instanceof HtmlElement e && e.getAttribute("class").contains("repeated-chunk"))) {
            chunk = chunk.getParentNode();
        }
        return chunk;
    }

    /** Adds a text input the page does not offer, as a forged form would. */
    private static void forge(DomNode parent, String field, String value) {
        HtmlInput forged = (HtmlInput) parent.getPage().createElement("input");
        forged.setAttribute("name", "_." + field);
        parent.appendChild(forged);
        forged.setValue(value);
    }

    private static ClusterConfig.DescriptorImpl descriptor() {
        return Jenkins.get().getDescriptorByType(ClusterConfig.DescriptorImpl.class);
    }

    /**
     * The inputs, selects and text areas of a field in the clusters of the form, in order; not the
     * hidden master copy a repeatable list keeps for "Add".
     */
    private static List<HtmlElement> fields(HtmlForm form, String field) {
        List<HtmlElement> out = new ArrayList<>();
        for (HtmlElement e : form.getHtmlElementDescendants()) {
            if (List.of("input", "select", "textarea").contains(e.getTagName())
                    && ("_." + field).equals(e.getAttribute("name"))
                    && inCluster(e)) {
                out.add(e);
            }
        }
        return out;
    }

    private static boolean inCluster(DomNode node) {
        boolean cluster = false;
        for (DomNode p = node.getParentNode(); p != null; p = p.getParentNode()) {
            if (p instanceof HtmlElement e && e.getAttribute("class").contains("repeated-chunk")) {
                if (e.getAttribute("class").contains("to-be-removed")) {
                    return false;
                }
                cluster = cluster || "clusters".equals(e.getAttribute("name"));
            }
        }
        return cluster;
    }

    private static List<String> ids(ListBoxModel m) {
        return m.stream().map(o -> o.value).toList();
    }
}
