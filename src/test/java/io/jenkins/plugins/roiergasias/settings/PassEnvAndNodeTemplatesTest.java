package io.jenkins.plugins.roiergasias.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.roiergasias.run.PassedEnv;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The {@code passEnv} and {@code nodeTemplates} settings: what they select, what they refuse, what is kept. */
class PassEnvAndNodeTemplatesTest {
    private static final Map<String, String> BUILD = Map.of(
            "BUILD_NUMBER", "42", "BUILD_URL", "https://ci/job/x/42/", "BUILD_TAG", "jenkins-x-42",
            "GIT_COMMIT", "abc123", "MODEL_SIZE", "7b", "API_KEY", "s3cr3t", "PATH", "/usr/bin", "HOME", "/var/jenkins",
            "PATH+EXTRA", "/opt/bin");

    private static StepSettings step(String passEnv, Map<String, String> nodeTemplates) {
        return new StepSettings(null, "version: 0.1", "c", null, null, null, null, null, null, null, null, null,
                false, false, passEnv, nodeTemplates);
    }

    @Test
    void namesAndGlobsPickBuildVariablesAndSensitiveOnesBecomeSecret() {
        List<String> patterns = PassEnvSelection.parse("BUILD_*, GIT_COMMIT\nMODEL_SIZE API_KEY NOT_THERE *");
        PassEnvSelection.Selection s = PassEnvSelection.select(patterns, BUILD, Set.of("API_KEY"));

        assertEquals(Map.of("API_KEY", "s3cr3t"), s.env().secret());
        // '*' never takes the Jenkins machine's PATH or HOME, nor names a shell cannot hold
        assertEquals(Set.of("BUILD_NUMBER", "BUILD_URL", "BUILD_TAG", "GIT_COMMIT", "MODEL_SIZE"), s.env().plain().keySet());
        assertEquals(List.of("NOT_THERE"), s.notSet());
        assertEquals(List.of("passEnv: passed to the workflow: API_KEY (secret), BUILD_NUMBER, BUILD_TAG, BUILD_URL,"
                + " GIT_COMMIT, MODEL_SIZE", "passEnv: not set in this build, so not passed: NOT_THERE"), s.messages());
        assertFalse(s.env().toString().contains("s3cr3t"), s.env()::toString);
        assertEquals(Map.of("PATH", "/usr/bin"), PassEnvSelection.select(List.of("PATH"), BUILD, Set.of()).env().plain());
    }

    @Test
    void badPatternsAndNodesAreReportedBeforeAnythingRuns() {
        SettingsResolver.Resolution r = SettingsResolver.resolve(
                step("GOOD, bad-name, $(x), IFS", Map.of("gpu node", "spec: {}")), GlobalDefaults.none());
        assertFalse(r.ok());
        assertEquals(List.of(
                "passEnv 'bad-name' is not a variable name or a glob of one (letters, digits, _, * and ?).",
                "passEnv '$(x)' is not a variable name or a glob of one (letters, digits, _, * and ?).",
                "passEnv: 'IFS' cannot be passed to the workflow: give a shell variable name (letters, digits and _,"
                        + " not starting with a digit) that is not one the shell owns (IFS, PS1, ...) and does not start"
                        + " with _roi_.",
                "nodeTemplates: 'gpu node' is not a node value (a label value such as gpu or node1: letters, digits,"
                        + " '-', '_' and '.', at most 63 characters)."), r.errors());
    }

    @Test
    void theStepsNodeTemplatesReplaceTheGlobalOnesNodeByNodeAndArePersistedWithoutValues() {
        GlobalDefaults global = new GlobalDefaults(null, "c", null, null, false, null, null, "common: 1", null, null,
                null, null, Map.of("gpu", "global gpu", "cpu", "global cpu", "arm", "global arm"));
        ResolvedSettings s = SettingsResolver.resolve(
                step("BUILD_*, API_KEY", Map.of("gpu", "spec: {priorityClassName: step-gpu}", "arm", " ")), global).settings();

        assertEquals(Map.of("gpu", "spec: {priorityClassName: step-gpu}", "cpu", "global cpu"), s.nodeTemplates());
        assertEquals(Map.of("gpu", "spec: {priorityClassName: step-gpu}", "cpu", "global cpu"), s.jobOptions(Map.of()).nodeTemplates());
        assertEquals(List.of("BUILD_*", "API_KEY"), s.passEnv());
        assertEquals(s, ResolvedSettings.decode(s.encode()));
        assertEquals(PassedEnv.none(), s.jobOptions(Map.of()).env(), "values are read when the run starts");
    }
}
