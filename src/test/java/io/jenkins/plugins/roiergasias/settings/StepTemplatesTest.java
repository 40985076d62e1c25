package io.jenkins.plugins.roiergasias.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The administrator's switch: a step's templates are checked, the global ones are not. */
class StepTemplatesTest {
    private static final String PRIVILEGED = "kind: Job\nspec: {template: {spec: {containers: [{name: roiergasias,"
            + " securityContext: {privileged: true}}]}}}";
    private static final String HOST = "spec: {hostPID: true, volumes: [{name: root, hostPath: {path: /}}]}";

    private static StepSettings step(String jobTemplate, Map<String, String> nodeTemplates) {
        return new StepSettings(null, "version: 0.1", "c", null, null, null, jobTemplate, null, null, null, null, null,
                false, false, null, nodeTemplates);
    }

    @Test
    void aStepsPrivilegedTemplateIsRefusedByDefaultNamingTheField() {
        SettingsResolver.Resolution r = SettingsResolver.resolve(step(PRIVILEGED, Map.of("gpu", HOST)),
                GlobalDefaults.none());
        assertFalse(r.ok());
        assertEquals(List.of(
                "jobTemplate: spec.template.spec.containers[0].securityContext.privileged: true (every device and"
                        + " capability of the node).",
                "nodeTemplates[gpu]: spec.hostPID: true (the node's processes).",
                "nodeTemplates[gpu]: spec.volumes[0].hostPath: root (the node's file system)."),
                r.errors().subList(0, 3));
        assertTrue(r.errors().get(3).contains("turn off \"Restrict step templates\" under Manage Jenkins"),
                r.errors().get(3));
        assertEquals(4, r.errors().size());
    }

    @Test
    void theAdministratorCanTurnTheRestrictionOff() {
        SettingsResolver.Resolution r = SettingsResolver.resolve(step(PRIVILEGED, Map.of("gpu", HOST)),
                GlobalDefaults.none().withRestrictStepTemplates(false));
        assertTrue(r.ok(), r::message);
        assertEquals(PRIVILEGED, r.settings().jobTemplateYaml());
    }

    @Test
    void globalTemplatesAreTheAdministratorsAndNeverRestricted() {
        GlobalDefaults global = new GlobalDefaults(null, "c", null, null, false, null, null, PRIVILEGED, null, null,
                null, null, Map.of("gpu", HOST));
        SettingsResolver.Resolution r = SettingsResolver.resolve(step(null, null), global);
        assertTrue(r.ok(), r::message);
        assertEquals(PRIVILEGED, r.settings().jobTemplateYaml());
        assertEquals(Map.of("gpu", HOST), r.settings().nodeTemplates());
    }

    @Test
    void harmlessStepTemplatesPass() {
        String harmless = """
                spec:
                  tolerations: [{key: gpu, operator: Exists}]
                  containers:
                  - name: roiergasias
                    resources: {limits: {memory: 2Gi}}
                """;
        SettingsResolver.Resolution r = SettingsResolver.resolve(step(harmless, Map.of("gpu", harmless)),
                GlobalDefaults.none());
        assertTrue(r.ok(), r::message);
    }
}
