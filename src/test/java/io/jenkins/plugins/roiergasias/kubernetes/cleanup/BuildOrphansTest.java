package io.jenkins.plugins.roiergasias.kubernetes.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jenkins.plugins.roiergasias.kubernetes.cleanup.BuildOrphans.BuildState;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Jenkins sweeps the runs of its own builds that no longer run, and nothing else. */
class BuildOrphansTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final String ROOT = "https://ci.example/";
    private static final Duration MIN_AGE = Duration.ofMinutes(10);

    private static RunObjects run(String id, Duration age, Map<String, String> annotations) {
        return new RunObjects(id, List.of("job/" + id + "-s1"), NOW.minus(age), annotations);
    }

    private static RunObjects build(String id, String build, Duration age) {
        return run(id, age, Map.of(RunObjects.BUILD, build, RunObjects.BUILD_URL, ROOT + "job/x/" + id + "/"));
    }

    private static List<String> select(List<RunObjects> runs, String root, Map<String, BuildState> builds) {
        return BuildOrphans.select(runs, root, id -> {
            if (!id.contains("#")) {
                throw new IllegalArgumentException("Invalid id");
            }
            return builds.getOrDefault(id, BuildState.GONE);
        }, MIN_AGE, NOW).stream().map(RunObjects::runId).toList();
    }

    @Test
    void runsOfEndedOrDeletedBuildsAreSweptRunningOnesKept() {
        List<RunObjects> runs = List.of(
                build("ended", "x#1", Duration.ofHours(2)),
                build("running", "x#2", Duration.ofHours(2)),
                build("deleted", "x#3", Duration.ofHours(2)));
        assertEquals(List.of("ended", "deleted"),
                select(runs, ROOT, Map.of("x#1", BuildState.FINISHED, "x#2", BuildState.RUNNING)));
    }

    @Test
    void runsThatAreNotThisControllersBuildsAreKept() {
        Map<String, String> otherController = new HashMap<>(Map.of(RunObjects.BUILD, "x#1",
                RunObjects.BUILD_URL, "https://other.example/job/x/1/"));
        List<RunObjects> runs = List.of(
                run("cli", Duration.ofDays(3), Map.of("roiergasias.io/started-by", "roiergasias CLI")),
                run("other", Duration.ofDays(3), otherController),
                run("not-an-id", Duration.ofDays(3), Map.of(RunObjects.BUILD, "no hash here")));
        assertEquals(List.of(), select(runs, ROOT, Map.of("x#1", BuildState.FINISHED)));
        assertEquals(List.of(), select(runs, null, Map.of("x#1", BuildState.FINISHED)),
                "without a root URL of its own, a build URL is never this controller's");
    }

    @Test
    void aRunWithoutBuildUrlIsJudgedByItsBuild() {
        RunObjects noUrl = run("no-url", Duration.ofHours(1), Map.of(RunObjects.BUILD, "x#7"));
        assertEquals(List.of("no-url"), select(List.of(noUrl), ROOT, Map.of("x#7", BuildState.FINISHED)));
    }

    @Test
    void aRunYoungerThanTheMinimumAgeIsKeptEvenWhenItsBuildEnded() {
        RunObjects young = build("young", "x#1", Duration.ofMinutes(9));
        RunObjects undated = new RunObjects("undated", List.of("job/undated-s1"), null, Map.of(RunObjects.BUILD, "x#1"));
        assertEquals(List.of(), select(List.of(young, undated), ROOT, Map.of("x#1", BuildState.FINISHED)));
    }
}
