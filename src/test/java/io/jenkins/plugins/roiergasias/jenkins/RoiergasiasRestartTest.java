package io.jenkins.plugins.roiergasias.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * A Jenkins restart while a segment's Job runs: the first Jenkins stops its runner threads, the
 * step re-attaches to the Job, no second Job is created.
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
            Workflows.useCluster(j.jenkins, cluster);
            cluster.hold();
            WorkflowJob p = j.createProject(WorkflowJob.class, "p");
            p.setDefinition(new CpsFlowDefinition("roiergasias text: '''" + Workflows.HELLO + "'''", true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            FakeCluster.await("the first Job", Duration.ofMinutes(1), () -> !cluster.jobs().isEmpty());
            FakeCluster.await("the Job on the build page", Duration.ofMinutes(1), () -> {
                RoiergasiasAction a = b.getAction(RoiergasiasAction.class);
                return a != null && a.getSegments().get(0).getJob() != null;
            });
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
            WorkflowRun b = j.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            assertNotNull(b);
            cluster.release();
            j.assertBuildStatusSuccess(j.waitForCompletion(b));
            j.assertLogContains("[s1 node1] Hello", b);
            j.assertLogContains("[s2 node2] Warm greetings!", b);
            List<String> created = cluster.createdJobs();
            assertEquals(2, created.size(), "one Job per segment, none created twice: " + created);
            assertEquals("succeeded", b.getAction(RoiergasiasAction.class).getStatus());
        });
    }
}
