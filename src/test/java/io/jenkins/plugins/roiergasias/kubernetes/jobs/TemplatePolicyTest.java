package io.jenkins.plugins.roiergasias.kubernetes.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a pipeline author's template may not set, and that everyday templates pass. */
class TemplatePolicyTest {

    /** A Job template whose workflow container has {@code field} (a flow-style map entry) in its securityContext. */
    private static String jobWithContainerSecurity(String field) {
        return """
                kind: Job
                spec:
                  template:
                    spec:
                      containers:
                      - name: roiergasias
                        securityContext: {%s}
                """.formatted(field);
    }

    private static void refusedWith(String yaml, String path) {
        List<String> refusals = TemplatePolicy.refusals(yaml);
        assertTrue(refusals.stream().anyMatch(r -> r.startsWith(path + ": ")),
                () -> "expected a refusal of " + path + ", got " + refusals);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "privileged: true | privileged",
        "privileged: 'true' | privileged",
        "allowPrivilegeEscalation: true | allowPrivilegeEscalation",
        "capabilities: {add: [SYS_ADMIN]} | capabilities.add[0]",
        "capabilities: {drop: [NET_RAW]} | capabilities.drop",
        "runAsUser: 0 | runAsUser",
        "runAsNonRoot: false | runAsNonRoot",
        "procMount: Unmasked | procMount",
        "seccompProfile: {type: Unconfined} | seccompProfile.type",
        "appArmorProfile: {type: Unconfined} | appArmorProfile.type",
        "seLinuxOptions: {type: spc_t} | seLinuxOptions.type",
        "seLinuxOptions: {user: system_u} | seLinuxOptions.user",
        "windowsOptions: {hostProcess: true} | windowsOptions.hostProcess",
        "privilegd: true | privilegd",
    })
    void containerSecurityFieldsAreRefusedByTheirPath(String field, String path) {
        refusedWith(jobWithContainerSecurity(field), "spec.template.spec.containers[0].securityContext." + path);
    }

    @Test
    void initAndEphemeralContainersAreCheckedToo() {
        String yaml = """
                spec:
                  containers: [{name: main}]
                  initContainers:
                  - name: setup
                    securityContext: {privileged: true}
                  ephemeralContainers:
                  - name: debug
                    targetContainerName: main
                    securityContext: {privileged: true}
                """;
        List<String> refusals = TemplatePolicy.refusals(yaml);
        assertEquals(List.of(
                "spec.initContainers[0].securityContext.privileged: true (every device and capability of the node)",
                "spec.ephemeralContainers[0].securityContext.privileged: true (every device and capability of the node)"),
                refusals);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "hostPID: true | hostPID",
        "hostIPC: true | hostIPC",
        "hostNetwork: true | hostNetwork",
        "serviceAccountName: builder | serviceAccountName",
        "serviceAccount: builder | serviceAccount",
        "automountServiceAccountToken: true | automountServiceAccountToken",
        "securityContext: {runAsUser: 0} | securityContext.runAsUser",
        "securityContext: {runAsNonRoot: false} | securityContext.runAsNonRoot",
        "securityContext: {seccompProfile: {type: Unconfined}} | securityContext.seccompProfile.type",
        "securityContext: {sysctls: [{name: kernel.msgmax, value: '1'}]} | securityContext.sysctls[0].name",
        "securityContext: {windowsOptions: {hostProcess: true}} | securityContext.windowsOptions.hostProcess",
        "volumes: [{name: root, hostPath: {path: /}}] | volumes[0].hostPath",
        "volumes: [{name: n, nfs: {server: nfs.example, path: /}}] | volumes[0].nfs",
        "volumes: [{name: c, csi: {driver: secrets-store.csi.k8s.io}}] | volumes[0].csi",
        "volumes: [{name: g, gitRepo: {repository: 'https://example.invalid/r.git'}}] | volumes[0].gitRepo",
        "volumes: [{name: t, projected: {sources: [{serviceAccountToken: {path: t}}]}}]"
                + " | volumes[0].projected.sources[0].serviceAccountToken",
        "containers: [{name: web, ports: [{containerPort: 80, hostPort: 80}]}] | containers[0].ports[0].hostPort",
    })
    void podFieldsAreRefusedByTheirPathInAPodTemplate(String field, String path) {
        refusedWith("spec: {" + field + "}", "spec." + path);
    }

    @Test
    void thePathFollowsTheTemplatesForm() {
        refusedWith("kind: Pod\nspec: {hostPID: true}", "spec.hostPID");
        refusedWith("kind: PodTemplate\ntemplate: {spec: {hostPID: true}}", "template.spec.hostPID");
        refusedWith("kind: Job\nspec: {template: {spec: {hostPID: true}}}", "spec.template.spec.hostPID");
    }

    @Test
    void unconfinedAnnotationsAreRefused() {
        String yaml = """
                kind: Job
                spec:
                  template:
                    metadata:
                      annotations:
                        container.apparmor.security.beta.kubernetes.io/roiergasias: unconfined
                        seccomp.security.alpha.kubernetes.io/pod: unconfined
                        team: data
                """;
        refusedWith(yaml, "spec.template.metadata.annotations.container.apparmor.security.beta.kubernetes.io/roiergasias");
        refusedWith(yaml, "spec.template.metadata.annotations.seccomp.security.alpha.kubernetes.io/pod");
        assertEquals(2, TemplatePolicy.refusals(yaml).size());
    }

    @Test
    void aTemplateThatCannotBeReadIsRefused() {
        assertEquals(List.of("the job template must be a Job, a Pod or a pod template (a YAML map)"),
                TemplatePolicy.refusals("- a list"));
    }

    @Test
    void everydayTemplatesPass() {
        String yaml = """
                kind: Job
                metadata:
                  labels: {team: data}
                spec:
                  backoffLimit: 2
                  template:
                    metadata:
                      annotations:
                        container.apparmor.security.beta.kubernetes.io/roiergasias: runtime/default
                    spec:
                      nodeSelector: {disk: ssd}
                      tolerations: [{key: gpu, operator: Exists, effect: NoSchedule}]
                      imagePullSecrets: [{name: registry}]
                      priorityClassName: batch
                      securityContext:
                        runAsUser: 1000
                        runAsGroup: 1000
                        fsGroup: 1000
                        runAsNonRoot: true
                        seccompProfile: {type: RuntimeDefault}
                        sysctls: [{name: net.ipv4.ip_local_port_range, value: "1024 65000"}]
                      containers:
                      - name: roiergasias
                        image: python:3.12
                        env:
                        - {name: MODE, value: fast}
                        - name: TOKEN
                          valueFrom: {secretKeyRef: {name: api, key: token}}
                        resources:
                          limits: {memory: 1Gi, cpu: "2"}
                        ports: [{containerPort: 8080}]
                        volumeMounts:
                        - {name: cache, mountPath: /cache}
                        - {name: settings, mountPath: /etc/app}
                        securityContext:
                          allowPrivilegeEscalation: false
                          readOnlyRootFilesystem: true
                          capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}
                          seccompProfile: {type: RuntimeDefault}
                      - name: sidecar
                        image: busybox
                      volumes:
                      - {name: cache, emptyDir: {medium: Memory}}
                      - {name: settings, configMap: {name: app-settings}}
                      - {name: creds, secret: {secretName: api}}
                      - {name: data, persistentVolumeClaim: {claimName: data}}
                      - name: info
                        projected:
                          sources:
                          - downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]}
                          - configMap: {name: app-settings}
                """;
        assertEquals(List.of(), TemplatePolicy.refusals(yaml));
        assertEquals(List.of(), TemplatePolicy.refusals(jobWithContainerSecurity("capabilities: {add: [NET_BIND_SERVICE]}")));
        assertEquals(List.of(), TemplatePolicy.refusals(null));
        assertEquals(List.of(), TemplatePolicy.refusals("  "));
    }
}
