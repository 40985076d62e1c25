package io.jenkins.plugins.roiergasias.kubernetes.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.jenkins.plugins.roiergasias.kubernetes.Workflows;
import io.jenkins.plugins.roiergasias.segment.Segment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The default pod against the "restricted" Pod Security Standard: every check of the standard but
 * runAsNonRoot passes, and the documented template makes it pass that one too.
 */
class PodSecurityTest {
    private static final Segment SEGMENT = Workflows.split("""
            version: 0.1
            task:
              - sequential:
                  - execute: ["id -u"]
            """).get(0);

    /** The documented template for a fully "restricted" pod (docs/kubernetes.md, "The pod's security"). */
    static String restrictedTemplate() throws java.io.IOException {
        try (var in = PodSecurityTest.class.getResourceAsStream("/kubernetes/restricted-pod.yaml")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static PodSpec pod(String template) {
        Job job = JobRenderer.job("run-abcdefgh", SEGMENT, JobOptions.defaults().withJobTemplate(template), "ci",
                note -> {});
        return job.getSpec().getTemplate().getSpec();
    }

    /**
     * What the "restricted" standard (Kubernetes 1.25+, baseline included for the fields the renderer
     * can set) finds wrong with a pod, by the names the standard gives its checks.
     */
    static List<String> restrictedViolations(PodSpec pod) {
        List<String> out = new ArrayList<>();
        PodSecurityContext p = pod.getSecurityContext() == null ? new PodSecurityContext() : pod.getSecurityContext();
        List<Container> all = new ArrayList<>(pod.getContainers());
        all.addAll(pod.getInitContainers());
        boolean podNonRoot = Boolean.TRUE.equals(p.getRunAsNonRoot());
        boolean podSeccomp = p.getSeccompProfile() != null
                && Set.of("RuntimeDefault", "Localhost").contains(p.getSeccompProfile().getType());
        for (Container c : all) {
            SecurityContext s = c.getSecurityContext() == null ? new SecurityContext() : c.getSecurityContext();
            if (Boolean.TRUE.equals(s.getPrivileged())) {
                out.add(c.getName() + ": privileged");
            }
            if (!Boolean.FALSE.equals(s.getAllowPrivilegeEscalation())) {
                out.add(c.getName() + ": allowPrivilegeEscalation != false");
            }
            if (s.getCapabilities() == null || !s.getCapabilities().getDrop().contains("ALL")) {
                out.add(c.getName() + ": capabilities.drop lacks ALL");
            }
            if (s.getCapabilities() != null && !Set.of("NET_BIND_SERVICE").containsAll(s.getCapabilities().getAdd())) {
                out.add(c.getName() + ": capabilities.add");
            }
            if (!(Boolean.TRUE.equals(s.getRunAsNonRoot()) || s.getRunAsNonRoot() == null && podNonRoot)) {
                out.add(c.getName() + ": runAsNonRoot != true");
            }
            Long user = s.getRunAsUser() != null ? s.getRunAsUser() : p.getRunAsUser();
            if (user != null && user == 0) {
                out.add(c.getName() + ": runAsUser = 0");
            }
            if (!(podSeccomp || s.getSeccompProfile() != null
                    && Set.of("RuntimeDefault", "Localhost").contains(s.getSeccompProfile().getType()))) {
                out.add(c.getName() + ": seccompProfile");
            }
            if (c.getPorts().stream().anyMatch(port -> port.getHostPort() != null && port.getHostPort() != 0)) {
                out.add(c.getName() + ": hostPort");
            }
        }
        if (Boolean.TRUE.equals(pod.getHostPID()) || Boolean.TRUE.equals(pod.getHostIPC())
                || Boolean.TRUE.equals(pod.getHostNetwork())) {
            out.add("host namespaces");
        }
        Set<String> allowed = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
                "persistentVolumeClaim", "projected", "secret");
        for (Volume v : pod.getVolumes()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = JobTemplate.SERIALIZATION.convertValue(v, Map.class);
            m.keySet().stream().filter(k -> !k.equals("name") && !allowed.contains(k))
                    .forEach(k -> out.add("volume " + v.getName() + ": " + k));
        }
        return out;
    }

    @Test
    void theDefaultPodFailsRestrictedOnlyByRunAsNonRoot() {
        PodSpec pod = pod(null);
        assertEquals(List.of("roiergasias: runAsNonRoot != true"), restrictedViolations(pod));
        SecurityContext c = pod.getContainers().get(0).getSecurityContext();
        assertEquals(Boolean.FALSE, c.getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), c.getCapabilities().getDrop());
        assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
        assertNull(pod.getSecurityContext().getRunAsUser(), "the image's user, root for busybox");
    }

    @Test
    void theDocumentedTemplateMakesThePodRestricted() throws Exception {
        assertEquals(List.of(), restrictedViolations(pod(restrictedTemplate())));
    }

    @Test
    void sidecarsAndInitContainersGetTheDefaultsAndTemplateValuesAreKept() {
        PodSpec pod = pod("""
                spec:
                  securityContext: {runAsNonRoot: true, runAsUser: 1000, seccompProfile: {type: Localhost, localhostProfile: p.json}}
                  initContainers: [{name: setup, image: busybox}]
                  containers:
                  - name: roiergasias
                    securityContext: {capabilities: {add: [NET_BIND_SERVICE]}}
                  - name: sidecar
                    image: busybox
                """);
        assertEquals(List.of(), restrictedViolations(pod));
        assertEquals("Localhost", pod.getSecurityContext().getSeccompProfile().getType());
        assertEquals(1000L, pod.getSecurityContext().getRunAsUser());
        Container main = pod.getContainers().get(0);
        assertEquals(List.of("NET_BIND_SERVICE"), main.getSecurityContext().getCapabilities().getAdd());
        assertEquals(List.of("ALL"), main.getSecurityContext().getCapabilities().getDrop());
    }

    @Test
    void anAdministratorsPrivilegedContainerIsLeftAsTheApiServerAcceptsIt() {
        // allowPrivilegeEscalation: false beside privileged: true or CAP_SYS_ADMIN is refused by the API server
        PodSpec pod = pod("""
                spec:
                  containers:
                  - name: roiergasias
                    securityContext: {privileged: true}
                  - name: fuse
                    securityContext: {capabilities: {add: [SYS_ADMIN]}}
                """);
        assertNull(pod.getContainers().get(0).getSecurityContext().getAllowPrivilegeEscalation());
        assertNull(pod.getContainers().get(1).getSecurityContext().getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), pod.getContainers().get(1).getSecurityContext().getCapabilities().getDrop());
    }
}
