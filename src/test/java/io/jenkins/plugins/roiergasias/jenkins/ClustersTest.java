package io.jenkins.plugins.roiergasias.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
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
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Steps run on the cluster they name, each cluster with its own server and credential. */
@WithJenkins
class ClustersTest {
    @SuppressWarnings("unused")
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    private static final String TOKEN_B = "b-t0k3n-that-must-n0t-leak";

    private FakeCluster a;
    private FakeCluster b;

    @BeforeEach
    void startClusters() {
        a = new FakeCluster();
        b = new FakeCluster();
    }

    @AfterEach
    void stopClusters() {
        a.close();
        b.close();
    }

    private void twoClusters(JenkinsRule j) throws Exception {
        Workflows.secretText(j.jenkins, "k8s", Workflows.TOKEN);
        Workflows.secretText(j.jenkins, "k8s-b", TOKEN_B);
        RoiergasiasConfiguration.get()
                .setClusters(List.of(Workflows.cluster("a", a, "k8s"), Workflows.cluster("b", b, "k8s-b")));
    }

    @Test
    void aStepRunsOnTheClusterItNames(JenkinsRule j) throws Exception {
        twoClusters(j);
        WorkflowRun run = j.buildAndAssertSuccess(
                Workflows.pipeline(j, "roiergasias cluster: 'b', text: '''" + Workflows.HELLO + "'''"));
        j.assertLogContains("[s2 node2] Warm greetings!", run);
        assertEquals(2, b.createdJobs().size(), "both segments ran on b: " + b.createdJobs());
        assertEquals(List.of(), a.createdJobs(), "nothing on a");
        assertFalse(b.accessReviewsBy.isEmpty(), "the run asked b for its permissions");
        assertTrue(b.accessReviewsBy.stream().allMatch(h -> h.equals("Bearer " + TOKEN_B)), b.accessReviewsBy::toString);
        assertEquals(Set.of(), Workflows.grep(run.getRootDir(), TOKEN_B));

        // the freestyle build step too, and its form keeps the choice
        FreeStyleProject p = j.createFreeStyleProject("fs");
        RoiergasiasBuilder builder = new RoiergasiasBuilder();
        builder.setText(Workflows.HELLO);
        builder.setCluster("a");
        p.getBuildersList().add(builder);
        j.configRoundtrip(p);
        j.assertEqualDataBoundBeans(builder, p.getBuildersList().get(RoiergasiasBuilder.class));
        FreeStyleBuild fs = j.buildAndAssertSuccess(p);
        j.assertLogContains("[s2 node2] Warm greetings!", fs);
        assertEquals(2, a.createdJobs().size(), "the freestyle step ran on a: " + a.createdJobs());
        assertEquals(2, b.createdJobs().size(), "nothing more on b");
    }

    @Test
    void theOnlyClusterIsTheDefault(JenkinsRule j) throws Exception {
        Workflows.secretText(j.jenkins, "k8s-b", TOKEN_B);
        RoiergasiasConfiguration.get().setClusters(List.of(Workflows.cluster("prod", b, "k8s-b")));
        j.buildAndAssertSuccess(Workflows.pipeline(j, "roiergasias text: '''" + Workflows.HELLO + "'''"));
        assertEquals(2, b.createdJobs().size(), b.createdJobs()::toString);
    }

    @Test
    void withSeveralClustersAStepMustChooseAndAMisspeltNameIsCorrected(JenkinsRule j) throws Exception {
        twoClusters(j);
        WorkflowRun none = j.buildAndAssertStatus(Result.FAILURE,
                Workflows.pipeline(j, "roiergasias text: '''" + Workflows.HELLO + "'''"));
        j.assertLogContains("Several clusters are configured (a, b) and none is named default: choose one with"
                + " cluster: 'a'.", none);

        WorkflowJob misspelt = j.createProject(WorkflowJob.class, "q");
        misspelt.setDefinition(new CpsFlowDefinition(
                "roiergasias cluster: 'bb', text: '''" + Workflows.HELLO + "'''", true));
        WorkflowRun wrong = j.buildAndAssertStatus(Result.FAILURE, misspelt);
        j.assertLogContains("There is no cluster 'bb'; did you mean 'b'? The clusters are: a, b.", wrong);
        assertEquals(List.of(), a.createdJobs());
        assertEquals(List.of(), b.createdJobs());
    }

    /** A step that sends the cluster's credential to a server of its choosing is refused before anything is sent. */
    @Test
    void aStepsOwnServerNeverGetsTheClustersCredential(JenkinsRule j) throws Exception {
        Workflows.useCluster(j.jenkins, a);
        WorkflowRun run = j.buildAndAssertStatus(Result.FAILURE, Workflows.pipeline(j,
                "roiergasias serverUrl: '" + b.url() + "', text: '''" + Workflows.HELLO + "'''"));
        j.assertLogContains("needs the step's own credentialsId", run);
        assertEquals(List.of(), b.accessReviewsBy, "the other server was never asked anything");
        assertEquals(List.of(), b.createdJobs());
        assertEquals(List.of(), a.createdJobs());
    }

    /**
     * A configuration saved before named clusters, with its single server at the top level, loads
     * as one cluster named {@code default}, is saved in the new form, and steps keep running on it.
     */
    @Test
    void aSingleServerConfigurationBecomesTheClusterDefault(JenkinsRule j) throws Exception {
        Workflows.secretText(j.jenkins, "k8s", Workflows.TOKEN);
        File file = new File(j.jenkins.getRootDir(), RoiergasiasConfiguration.class.getName() + ".xml");
        Files.writeString(file.toPath(), """
                <?xml version='1.1' encoding='UTF-8'?>
                <io.jenkins.plugins.roiergasias.jenkins.RoiergasiasConfiguration plugin="roiergasias@0.1">
                  <serverUrl>%s</serverUrl>
                  <credentialsId>k8s</credentialsId>
                  <namespace>ci</namespace>
                  <skipTlsVerify>false</skipTlsVerify>
                  <image>busybox:1.36</image>
                  <segmentTimeout>2h</segmentTimeout>
                  <backoffLimit>0</backoffLimit>
                  <cleanup>keepOnFailure</cleanup>
                  <nodeTemplates>
                    <io.jenkins.plugins.roiergasias.jenkins.NodeTemplate>
                      <node>gpu</node>
                      <template>spec: {}</template>
                    </io.jenkins.plugins.roiergasias.jenkins.NodeTemplate>
                  </nodeTemplates>
                  <linkTemplate>https://dashboard.example/#/{kind}/{namespace}/{name}</linkTemplate>
                  <commands>shell</commands>
                </io.jenkins.plugins.roiergasias.jenkins.RoiergasiasConfiguration>
                """.formatted(a.url()), StandardCharsets.UTF_8);
        RoiergasiasConfiguration c = RoiergasiasConfiguration.get();
        c.load();

        assertEquals(1, c.getClusters().size());
        ClusterConfig migrated = c.getClusters().get(0);
        assertEquals("default", migrated.getName());
        assertEquals(a.url(), migrated.getServerUrl());
        assertEquals("k8s", migrated.getCredentialsId());
        assertEquals("ci", migrated.getNamespace());
        assertFalse(migrated.isSkipTlsVerify());
        assertEquals("busybox:1.36", migrated.getImage());
        assertEquals("2h", migrated.getSegmentTimeout());
        assertEquals(0, migrated.getBackoffLimit());
        assertEquals("keepOnFailure", migrated.getCleanup());
        assertEquals(Map.of("gpu", "spec: {}"), NodeTemplate.toMap(migrated.getNodeTemplates()));
        assertEquals("shell", migrated.getCommands());
        assertEquals("https://dashboard.example/#/{kind}/{namespace}/{name}", c.getLinkTemplate());

        // saved in the new form: the top level holds the clusters and the link template only
        Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file).getDocumentElement();
        List<String> top = new ArrayList<>();
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                top.add(e.getTagName());
            }
        }
        assertEquals(List.of("clusters", "linkTemplate"), top);
        c.load();
        assertEquals(1, c.getClusters().size(), "loading the new form again changes nothing");
        assertEquals(a.url(), c.getClusters().get(0).getServerUrl());

        // a step that names no cluster runs where it ran before
        j.buildAndAssertSuccess(Workflows.pipeline(j, "roiergasias text: '''" + Workflows.HELLO + "'''"));
        assertEquals(2, a.createdJobs().size(), a.createdJobs()::toString);
    }
}
