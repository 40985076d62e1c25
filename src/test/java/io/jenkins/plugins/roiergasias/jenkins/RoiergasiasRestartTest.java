package io.jenkins.plugins.roiergasias.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.ExtensionList;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.flow.FlowDurabilityHint;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.job.properties.DurabilityHintJobProperty;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * A Jenkins restart while a segment's Job runs: the first Jenkins stops its runner threads, the
 * step re-attaches to the Job, no second Job is created; also when the Pipeline program was saved
 * before the step knew its run id.
 */
class RoiergasiasRestartTest {
    @SuppressWarnings("unused")
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

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
    void reattachesToTheRunningJobAfterARestart() throws Throwable {
        Set<Thread> firstRunners = ConcurrentHashMap.newKeySet();
        sessions.then(j -> {
            startAndAwaitTheFirstJob(helloJob(j));
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().startsWith("roiergasias")) {
                    firstRunners.add(t);
                }
            }
            assertFalse(firstRunners.isEmpty(), "a thread runs the step while its Job is pending");
        });
        sessions.then(j -> {
            // a runner of the first Jenkins that outlived it would create the next Job itself and end a dead step
            FakeCluster.await("the first Jenkins' runner threads to end", Duration.ofSeconds(30),
                    () -> firstRunners.stream().noneMatch(Thread::isAlive));
            WorkflowRun b = releaseAndFinish(j);
            assertEquals("succeeded", b.getAction(RoiergasiasAction.class).getStatus());
        });
    }

    /**
     * The Pipeline program was last saved before the step set its run id, checkpoint and report: a
     * crash in the durable modes leaves that when it comes between the first Job's creation and the
     * next save, which the step does not wait for. The resumed step derives the same run id, finds
     * its Job and its summary box, and creates no Job twice. (In the performance-optimized mode the
     * program is written only when Jenkins stops, from what the step holds then: the test empties
     * those fields just before.)
     */
    @Test
    void reattachesWhenTheRunIdWasNeverSaved() throws Throwable {
        String[] first = new String[2]; // the run id and the Job the first Jenkins created
        sessions.then(j -> {
            WorkflowJob p = helloJob(j);
            p.addProperty(new DurabilityHintJobProperty(FlowDurabilityHint.PERFORMANCE_OPTIMIZED));
            WorkflowRun b = startAndAwaitTheFirstJob(p);
            first[0] = b.getAction(RoiergasiasAction.class).getRunId();
            first[1] = b.getAction(RoiergasiasAction.class).getSegments().get(0).getJob();
            assertEquals(List.of(first[1]), cluster.jobs());
            // the runner stops as at a shutdown; then the step holds only what it held when it started
            ExtensionList.lookupSingleton(RunnerThreads.class).onBeforeShutdown();
            List<StepExecution> steps = b.getExecution().getCurrentExecutions(true).get();
            assertEquals(1, steps.size(), steps.toString());
            StepExecution step = steps.get(0);
            for (String name : List.of("runId", "actionUrl", "checkpointText", "reportJson")) {
                Field f = RoiergasiasStepExecution.class.getDeclaredField(name);
                f.setAccessible(true);
                if (name.equals("runId")) {
                    assertEquals(first[0], f.get(step));
                }
                f.set(step, null);
            }
        });
        sessions.then(j -> {
            WorkflowRun b = releaseAndFinish(j);
            List<String> created = cluster.createdJobs();
            assertTrue(created.get(0).endsWith("/" + first[1]), "the first Job is the one made before the restart: "
                    + created);
            assertEquals(1, b.getActions(RoiergasiasAction.class).size(), "one summary box for one workflow run");
            RoiergasiasAction a = b.getAction(RoiergasiasAction.class);
            assertEquals(first[0], a.getRunId());
            assertEquals(first[1], a.getSegments().get(0).getJob());
            assertEquals("succeeded", a.getStatus());
        });
    }

    /** Pipeline job {@code p}: the hello workflow, against the fake cluster, whose Jobs stay pending. */
    private WorkflowJob helloJob(JenkinsRule j) throws Exception {
        Workflows.useCluster(j.jenkins, cluster);
        cluster.hold();
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("roiergasias text: '''" + Workflows.HELLO + "'''", true));
        return p;
    }

    private WorkflowRun startAndAwaitTheFirstJob(WorkflowJob p) throws Exception {
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        FakeCluster.await("the first Job", Duration.ofMinutes(1), () -> !cluster.jobs().isEmpty());
        FakeCluster.await("the Job on the build page", Duration.ofMinutes(1), () -> {
            RoiergasiasAction a = b.getAction(RoiergasiasAction.class);
            return a != null && a.getSegments().get(0).getJob() != null;
        });
        return b;
    }

    /** After the restart: the build of {@code p} runs to its end, both segments' output, one Job each. */
    private WorkflowRun releaseAndFinish(JenkinsRule j) throws Exception {
        WorkflowRun b = j.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
        assertNotNull(b);
        cluster.release();
        j.assertBuildStatusSuccess(j.waitForCompletion(b));
        j.assertLogContains("[s1 node1] Hello", b);
        j.assertLogContains("[s2 node2] Warm greetings!", b);
        List<String> created = cluster.createdJobs();
        assertEquals(2, created.size(), "one Job per segment, none created twice: " + created);
        return b;
    }
}
