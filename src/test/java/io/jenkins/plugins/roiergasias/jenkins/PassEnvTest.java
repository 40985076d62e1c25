package io.jenkins.plugins.roiergasias.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.ParametersAction;
import hudson.model.ParametersDefinitionProperty;
import hudson.model.PasswordParameterDefinition;
import hudson.model.StringParameterDefinition;
import hudson.model.StringParameterValue;
import hudson.util.Secret;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.credentialsbinding.impl.SecretBuildWrapper;
import org.jenkinsci.plugins.credentialsbinding.impl.StringBinding;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * {@code passEnv} and {@code nodeTemplates} as a Jenkins user meets them: a build parameter,
 * {@code withEnv} and {@code withCredentials} reach the workflow's commands; the credential is
 * masked in the console, absent from the build directory, and reaches the pod only through a
 * Secret owned by the segment's Job.
 */
@WithJenkins
class PassEnvTest {
    private static final String API_KEY = "sk-live-4711-do-not-leak";

    private FakeCluster cluster;

    @BeforeEach
    void startCluster() {
        cluster = new FakeCluster();
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    private static final String WORKFLOW = """
            version: 0.1
            environment:
              - OVERRIDDEN: "by the workflow file"
            task:
              - node: node1
                sequential:
                  - print: ["model {{env:MODEL_SIZE}}, stage {{env:STAGE}}, build {{env:BUILD_NUMBER}}, {{env:OVERRIDDEN}}"]
                  - execute: ['echo "key=$API_KEY length=${#API_KEY}"']
            """;

    @Test
    void aParameterWithEnvAndWithCredentialsReachTheWorkflowAndTheCredentialLeaksNowhere(JenkinsRule j)
            throws Exception {
        Workflows.useCluster(j.jenkins, cluster);
        Workflows.secretText(j.jenkins, "api-key", API_KEY);
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.addProperty(new ParametersDefinitionProperty(new StringParameterDefinition("MODEL_SIZE", "7b")));
        p.setDefinition(new CpsFlowDefinition("""
                withEnv(['STAGE=train', 'OVERRIDDEN=by withEnv']) {
                  withCredentials([string(credentialsId: 'api-key', variable: 'API_KEY')]) {
                    roiergasias text: '''%s''', passEnv: 'MODEL_SIZE STAGE BUILD_* OVERRIDDEN API_KEY NOT_SET'
                  }
                }
                """.formatted(WORKFLOW), true));
        WorkflowRun b = j.buildAndAssertSuccess(p);

        j.assertLogContains("[s1 node1] model 7b, stage train, build 1, by the workflow file", b);
        j.assertLogContains("[s1 node1] key=**** length=" + API_KEY.length(), b);
        j.assertLogContains("passEnv: passed to the workflow: API_KEY (secret), BUILD_", b);
        j.assertLogContains("passEnv: not set in this build, so not passed: NOT_SET", b);
        j.assertLogNotContains(API_KEY, b);
        assertEquals(Set.of(), Workflows.grep(b.getRootDir(), API_KEY), "the key is in the build directory");
        assertEquals(1, cluster.secretsSeen.size(), cluster.secretsSeen::toString);
        assertTrue(cluster.secretsSeen.get(0).matches("(\\S+) owned by \\[Job \\1]"), cluster.secretsSeen::toString);
        assertFalse(cluster.seenWhileRunning.isEmpty());
        cluster.seenWhileRunning.forEach(json -> assertFalse(json.contains(API_KEY), "the key is in a ConfigMap or Job"));
        assertTrue(cluster.seenWhileRunning.get(0).contains("secretKeyRef"), "the Job refers to the Secret");
        assertEquals(List.of(), cluster.secrets(), "the Secret was deleted with the run");
    }

    /**
     * A password parameter is a secret without {@code withCredentials}, whose console filter would
     * hide it: what a command prints of it is masked by the step itself.
     */
    @Test
    void aPasswordParameterThatACommandPrintsIsMaskedInTheConsole(JenkinsRule j) throws Exception {
        Workflows.useCluster(j.jenkins, cluster);
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.addProperty(new ParametersDefinitionProperty(
                new PasswordParameterDefinition("DB_PASSWORD", Secret.fromString(API_KEY), "")));
        p.setDefinition(new CpsFlowDefinition("""
                roiergasias text: '''
                version: 0.1
                task:
                  - node: node1
                    sequential:
                      - execute: ['echo "pw=$DB_PASSWORD length=${#DB_PASSWORD}"']
                ''', passEnv: 'DB_PASSWORD'
                """, true));
        WorkflowRun b = j.buildAndAssertSuccess(p);

        j.assertLogContains("[s1 node1] pw=**** length=" + API_KEY.length(), b);
        j.assertLogNotContains(API_KEY, b);
        assertEquals(Set.of(), Workflows.grep(b.getRootDir(), API_KEY), "the password is in the build directory");
    }

    @Test
    void aDryRunShowsPassedVariablesAndOnlyAReferenceToTheCredential(JenkinsRule j) throws Exception {
        Workflows.useCluster(j.jenkins, cluster);
        Workflows.secretText(j.jenkins, "api-key", API_KEY);
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("""
                withCredentials([string(credentialsId: 'api-key', variable: 'API_KEY')]) {
                  roiergasias text: '''%s''', passEnv: 'API_KEY, BUILD_NUMBER', dryRun: true,
                      nodeTemplates: [node1: '''
                spec:
                  containers:
                    - name: roiergasias
                      env:
                        - {name: ACCELERATOR, value: "node1 only"}
                ''']
                }
                """.formatted(WORKFLOW), true));
        WorkflowRun b = j.buildAndAssertSuccess(p);

        j.assertLogContains("name: \"BUILD_NUMBER\"", b);
        j.assertLogContains("secretKeyRef:", b);
        j.assertLogContains("values not shown): API_KEY", b);
        j.assertLogContains("value: \"node1 only\"", b);
        j.assertLogNotContains(API_KEY, b);
        assertEquals(Set.of(), Workflows.grep(b.getRootDir(), API_KEY));
        assertEquals(List.of(), cluster.createdJobs(), "a dry run sends nothing");
    }

    @Test
    void freestyleTakesTheBuildsParameterAndItsCredentialBinding(JenkinsRule j) throws Exception {
        Workflows.useCluster(j.jenkins, cluster);
        Workflows.secretText(j.jenkins, "api-key", API_KEY);
        FreeStyleProject p = j.createFreeStyleProject();
        p.addProperty(new ParametersDefinitionProperty(new StringParameterDefinition("MODEL_SIZE", "7b")));
        p.getBuildWrappersList().add(new SecretBuildWrapper(List.of(new StringBinding("API_KEY", "api-key"))));
        RoiergasiasBuilder step = new RoiergasiasBuilder();
        step.setText(WORKFLOW);
        step.setPassEnv("MODEL_SIZE, API_KEY");
        step.setNodeTemplates(List.of(new NodeTemplate("node1", "spec: {containers: [{name: roiergasias}]}")));
        p.getBuildersList().add(step);
        FreeStyleBuild b = j.assertBuildStatusSuccess(p.scheduleBuild2(0,
                new ParametersAction(new StringParameterValue("MODEL_SIZE", "70b"))));

        j.assertLogContains("[s1 node1] model 70b, stage , build , by the workflow file", b);
        j.assertLogContains("[s1 node1] key=**** length=" + API_KEY.length(), b);
        j.assertLogNotContains(API_KEY, b);
        assertEquals(Set.of(), Workflows.grep(b.getRootDir(), API_KEY));
        assertEquals(List.of(), cluster.secrets());

        j.configRoundtrip(p);
        j.assertEqualDataBoundBeans(step, p.getBuildersList().get(RoiergasiasBuilder.class));
    }

    @Test
    void globalNodeTemplatesSurviveTheConfigurationForm(JenkinsRule j) throws Exception {
        RoiergasiasConfiguration c = RoiergasiasConfiguration.get();
        ClusterConfig cluster = new ClusterConfig("default");
        cluster.setNodeTemplates(List.of(new NodeTemplate("gpu", "spec: {tolerations: []}")));
        c.setClusters(List.of(cluster));
        j.configRoundtrip();
        assertEquals(Map.of("gpu", "spec: {tolerations: []}"),
                NodeTemplate.toMap(c.getClusters().get(0).getNodeTemplates()));
        assertEquals(Map.of("gpu", "spec: {tolerations: []}"), c.clusterDefaults().get(0).settings().nodeTemplates());
    }
}
