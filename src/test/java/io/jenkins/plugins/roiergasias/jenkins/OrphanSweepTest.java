package io.jenkins.plugins.roiergasias.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.ExtensionList;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.TaskListener;
import hudson.util.StreamTaskListener;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.jenkins.plugins.roiergasias.kubernetes.cleanup.RunObjects;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.Names;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The periodic sweep as an administrator meets it: in the namespace of every configured cluster it
 * deletes the Jobs and ConfigMaps of runs whose build has ended or no longer exists (Jenkins was
 * killed during an abort) and keeps runs of the command line; its log names each run it deleted.
 */
@WithJenkins
class OrphanSweepTest {
    private static final String MIN_AGE = OrphanSweep.class.getName() + ".minAgeMinutes";

    private FakeCluster cluster;

    @BeforeEach
    void startCluster() {
        cluster = new FakeCluster();
        System.setProperty(MIN_AGE, "0"); // the mock API server stamps every object with the time it was created
    }

    @AfterEach
    void stopCluster() {
        System.clearProperty(MIN_AGE);
        cluster.close();
    }

    /** A Job and its ConfigMap as a run leaves them, annotated with the build that started it (null: the CLI). */
    private void leftover(String runId, String build) {
        cluster.hold(); // the fake kubelet leaves these Jobs alone, as a real one leaves those of a run that ended
        Map<String, String> labels = Map.of(Names.MANAGED_BY, Names.MANAGER, Names.RUN_LABEL, runId,
                Names.SEGMENT_LABEL, "1");
        Map<String, String> annotations = new HashMap<>();
        if (build != null) {
            annotations.put(RunObjects.BUILD, build);
        }
        cluster.client().batch().v1().jobs().inNamespace(FakeCluster.NAMESPACE).resource(new JobBuilder()
                .withNewMetadata().withName(runId + "-s1").withLabels(labels).withAnnotations(annotations).endMetadata()
                .withNewSpec().withNewTemplate().withNewSpec().endSpec().endTemplate().endSpec().build()).create();
        cluster.client().configMaps().inNamespace(FakeCluster.NAMESPACE).resource(new ConfigMapBuilder()
                .withNewMetadata().withName(runId + "-s1").withLabels(labels).withAnnotations(annotations).endMetadata()
                .build()).create();
    }

    @Test
    void theSweepDeletesWhatEndedOrDeletedBuildsLeftAndKeepsTheCommandLinesRuns(JenkinsRule j) throws Exception {
        Workflows.useCluster(j.jenkins, cluster);
        FreeStyleProject p = j.createFreeStyleProject("p");
        FreeStyleBuild ended = j.buildAndAssertSuccess(p);
        leftover("r-ended", ended.getExternalizableId());
        leftover("r-gone", "deleted-job#7");
        leftover("r-cli", null);

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ExtensionList.lookupSingleton(OrphanSweep.class).execute(new StreamTaskListener(log, StandardCharsets.UTF_8));

        String text = log.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains(": run r-ended of " + ended.getExternalizableId() + " in namespace ci: deleted"), text);
        assertTrue(text.contains(": run r-gone of deleted-job#7 in namespace ci: deleted"), text);
        assertEquals(List.of("r-cli-s1"), cluster.jobs(), "only the command line's run is left");
        assertEquals(List.of("r-cli-s1"), cluster.configMaps());
    }

    @Test
    void aBuildThatEndedRecentlyKeepsItsObjectsForNow(JenkinsRule j) throws Exception {
        System.setProperty(MIN_AGE, "10");
        Workflows.useCluster(j.jenkins, cluster);
        FreeStyleBuild ended = j.buildAndAssertSuccess(j.createFreeStyleProject("p"));
        leftover("r-ended", ended.getExternalizableId());

        ExtensionList.lookupSingleton(OrphanSweep.class).execute(TaskListener.NULL);

        assertEquals(List.of("r-ended-s1"), cluster.jobs(), "the build may still be deleting them itself");
    }
}
