package io.jenkins.plugins.roiergasias.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.roiergasias.kubernetes.connection.Credential;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.CleanupPolicy;
import io.jenkins.plugins.roiergasias.kubernetes.jobs.JobOptions;
import io.jenkins.plugins.roiergasias.workflow.CommandMode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsResolverTest {
    private static final GlobalDefaults GLOBAL = new GlobalDefaults("https://k8s.example:6443", "k8s-token", "ci",
            "-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----\n", false, "alpine:3.20", null, null, "2h",
            null, null, "keepOnFailure");

    private static StepSettings step(String file, String text, String segmentTimeout, String pendingTimeout,
            Integer backoffLimit, String cleanup) {
        return new StepSettings(file, text, null, null, null, null, null, null, segmentTimeout, pendingTimeout,
                backoffLimit, cleanup, false, false);
    }

    @Test
    void globalDefaultsFillWhatTheStepLeftOut() {
        SettingsResolver.Resolution r = SettingsResolver.resolve(StepSettings.ofText("version: 0.1"), GLOBAL);
        assertTrue(r.ok(), r::message);
        ResolvedSettings s = r.settings();
        assertEquals("text", s.source());
        assertFalse(s.fromFile());
        assertEquals("k8s-token", s.credentialsId());
        assertEquals("https://k8s.example:6443", s.serverUrl());
        assertEquals("ci", s.namespace());
        assertEquals("alpine:3.20", s.image());
        assertEquals(JobOptions.DEFAULT_NODE_LABEL_KEY, s.nodeLabelKey());
        assertEquals(Duration.ofHours(2), s.segmentTimeout());
        assertEquals(JobOptions.defaults().pendingTimeout(), s.pendingTimeout());
        assertEquals(CleanupPolicy.KEEP_ON_FAILURE, s.cleanup());
        assertNotNull(s.caCertificatePem());
    }

    @Test
    void stepOptionsWinOverGlobalDefaults() {
        StepSettings st = new StepSettings("wf/hello.yaml", null, "other", "https://other:443", "team-a", "busybox:1.36",
                "spec: {}", "pool", "30m", "90s", 2, "never", true, false);
        ResolvedSettings s = SettingsResolver.resolve(st, GLOBAL).settings();
        assertEquals("wf/hello.yaml", s.source());
        assertTrue(s.fromFile());
        assertEquals("other", s.credentialsId());
        assertEquals("https://other:443", s.serverUrl());
        assertEquals("team-a", s.namespace());
        assertEquals("pool", s.nodeLabelKey());
        assertEquals(Duration.ofMinutes(30), s.segmentTimeout());
        assertEquals(Duration.ofSeconds(90), s.pendingTimeout());
        assertEquals(2, s.backoffLimit());
        assertEquals(CleanupPolicy.NEVER, s.cleanup());
        assertEquals("spec: {}", s.jobTemplateYaml());
        assertTrue(s.mergeSameNode());
        JobOptions o = s.jobOptions(Map.of("jenkins.io/build", "p#1"));
        assertEquals("busybox:1.36", o.image());
        assertEquals(Map.of("jenkins.io/build", "p#1"), o.annotations());
    }

    @Test
    void wrongCombinationsAreAllReportedBeforeAnythingRuns() {
        SettingsResolver.Resolution r = SettingsResolver.resolve(step("a.yaml", "version: 0.1", "-1m", "5", -1, "sometimes"),
                GLOBAL);
        assertFalse(r.ok());
        assertNull(r.settings());
        String m = r.message();
        assertTrue(m.contains("either file: or text:, not both"), m);
        assertTrue(m.contains("segmentTimeout is negative"), m);
        assertTrue(m.contains("pendingTimeout '5' has no unit"), m);
        assertTrue(m.contains("backoffLimit is -1"), m);
        assertTrue(m.contains("use always, keepOnFailure or never"), m);
        assertEquals(5, r.errors().size(), m);
    }

    @Test
    void neitherFileNorText() {
        SettingsResolver.Resolution r = SettingsResolver.resolve(step("  ", null, null, null, null, null), GLOBAL);
        assertEquals(1, r.errors().size());
        assertTrue(r.message().startsWith("Give the workflow with file:"), r.message());
    }

    @Test
    void credentialsAreNeededUnlessDryRun() {
        SettingsResolver.Resolution r = SettingsResolver.resolve(StepSettings.ofText("x"), GlobalDefaults.none());
        assertTrue(r.message().contains("No credentials to reach the cluster"), r.message());
        StepSettings dry = new StepSettings(null, "x", null, null, null, null, null, null, null, null, null, null, false, true);
        ResolvedSettings s = SettingsResolver.resolve(dry, GlobalDefaults.none()).settings();
        assertNotNull(s);
        assertEquals(JobOptions.DEFAULT_IMAGE, s.image());
        assertEquals(CleanupPolicy.ALWAYS, s.cleanup());
        assertTrue(s.dryRun());
    }

    @Test
    void badNamesAndUrls() {
        StepSettings st = new StepSettings(null, "x", "c", "ftp://nope", "Team_A", "bad image", null, "-bad-", null,
                null, null, null, false, false);
        String m = SettingsResolver.resolve(st, GlobalDefaults.none()).message();
        assertTrue(m.contains("serverUrl 'ftp://nope' is not an http(s) URL"), m);
        assertTrue(m.contains("namespace 'Team_A'"), m);
        assertTrue(m.contains("image 'bad image' contains a space"), m);
        assertTrue(m.contains("nodeLabelKey '-bad-'"), m);
    }

    @Test
    void onlyAKubeconfigMayGoWithoutServerUrl() {
        ResolvedSettings s = SettingsResolver.resolve(
                new StepSettings(null, "x", "c", null, null, null, null, null, null, null, null, null, false, false),
                GlobalDefaults.none()).settings();
        assertNotNull(s.problemWith(new Credential.Token("t")));
        assertNull(s.problemWith(new Credential.Kubeconfig("apiVersion: v1", null)));
    }

    @Test
    void encodedSettingsReadBackEqual() {
        StepSettings st = new StepSettings(null, "x", "c=1:2", "https://h:1", "ns", "img:1", "a: b\nc: 'd'\n", "k",
                "1h", "2m", 3, "keep-on-failure", true, true);
        ResolvedSettings s = SettingsResolver.resolve(st, GLOBAL).settings();
        assertEquals(s, ResolvedSettings.decode(s.encode()));
        ResolvedSettings bare = SettingsResolver.resolve(StepSettings.ofFile("f.yaml"), new GlobalDefaults(
                null, "c", null, null, true, null, null, null, null, null, null, null)).settings();
        assertEquals(bare, ResolvedSettings.decode(bare.encode()));
    }

    @Test
    void commandModeComesFromTheStepElseTheGlobalDefaultElseShell() {
        StepSettings st = StepSettings.ofText("version: 0.1");
        assertEquals(CommandMode.SHELL, SettingsResolver.resolve(st, GLOBAL).settings().commands());
        assertEquals(CommandMode.REFERENCE,
                SettingsResolver.resolve(st, GLOBAL.withCommands("reference")).settings().commands());
        assertEquals(CommandMode.SHELL,
                SettingsResolver.resolve(st.withCommands("shell"), GLOBAL.withCommands("reference")).settings().commands());
        assertEquals(CommandMode.REFERENCE,
                SettingsResolver.resolve(st.withCommands(" Reference "), GLOBAL).settings().commands());
        String m = SettingsResolver.resolve(st.withCommands("bash"), GLOBAL).message();
        assertTrue(m.contains("commands 'bash' is not a command mode: give shell"), m);
    }

    @Test
    void theCommandModeIsPersistedWithTheBuild() {
        ResolvedSettings s = SettingsResolver.resolve(
                StepSettings.ofText("version: 0.1").withCommands("reference"), GLOBAL).settings();
        assertEquals(s, ResolvedSettings.decode(s.encode()));
        // a build persisted before the setting existed resumes in the shell mode it started with
        String old = s.encode().lines().filter(l -> !l.startsWith("commands=")).reduce("", (a, b) -> a + b + "\n");
        assertEquals(CommandMode.SHELL, ResolvedSettings.decode(old).commands());
    }
}
