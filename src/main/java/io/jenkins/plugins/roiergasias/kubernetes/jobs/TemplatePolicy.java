package io.jenkins.plugins.roiergasias.kubernetes.jobs;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a template written by a pipeline author (a step's {@code jobTemplate} or {@code nodeTemplates},
 * the CLI's {@code --job-template} with {@code --restrict-templates}) may not set: everything that gives
 * the pod more than the "restricted" Pod Security Standard allows, or reaches the node, the API server
 * or storage outside the namespace. The pod runs with the administrator's credential; without this,
 * anyone who can edit a Jenkinsfile could run a privileged pod with the node's file system mounted.
 *
 * <p>Every refusal names the field as the author wrote it, in the template's own form
 * ({@code spec.template.spec...} for a Job, {@code spec...} for a Pod or a pod template). Unknown
 * fields in the checked objects are refused too: what cannot be checked is not sent.
 */
public final class TemplatePolicy {
    /** Volume types that stay inside the pod or the namespace (the "restricted" standard's list, minus csi). */
    static final Set<String> VOLUME_TYPES = Set.of(
            "configMap", "secret", "emptyDir", "downwardAPI", "projected", "persistentVolumeClaim", "ephemeral");

    /** The sysctls the "baseline" standard calls safe: they are namespaced and cannot reach the node. */
    static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
            "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");

    static final Set<String> SELINUX_TYPES = Set.of("container_t", "container_init_t", "container_kvm_t");

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private TemplatePolicy() {}

    /**
     * Every field of the template that a step may not set, each as {@code path: value (why)}; empty
     * when the template is allowed. A template that cannot be read is refused with the reason.
     */
    public static List<String> refusals(@CheckForNull String yaml) {
        if (yaml == null || yaml.isBlank()) {
            return List.of();
        }
        Job job;
        Map<?, ?> doc;
        try {
            doc = JobTemplate.load(yaml);
            job = JobTemplate.toJob(doc);
        } catch (IllegalArgumentException e) {
            return List.of(e.getMessage());
        }
        Object kind = doc.get("kind");
        String prefix = "Job".equals(kind) ? "spec.template." : "PodTemplate".equals(kind) ? "template." : "";
        Findings f = new Findings();
        var template = job.getSpec().getTemplate();
        if (template != null && template.getMetadata() != null && template.getMetadata().getAnnotations() != null) {
            annotations(template.getMetadata().getAnnotations(), prefix + "metadata.annotations", f);
        }
        if (template != null && template.getSpec() != null) {
            pod(template.getSpec(), prefix + "spec", f);
        }
        return f.list;
    }

    private static void pod(PodSpec pod, String at, Findings f) {
        f.unknown(pod.getAdditionalProperties(), at);
        f.ifTrue(pod.getHostPID(), at + ".hostPID", "the node's processes");
        f.ifTrue(pod.getHostIPC(), at + ".hostIPC", "the node's shared memory");
        f.ifTrue(pod.getHostNetwork(), at + ".hostNetwork", "the node's network");
        f.ifSet(pod.getServiceAccountName(), at + ".serviceAccountName", "another service account's permissions");
        f.ifSet(pod.getServiceAccount(), at + ".serviceAccount", "another service account's permissions");
        f.ifTrue(pod.getAutomountServiceAccountToken(), at + ".automountServiceAccountToken",
                "a token for the API server");
        PodSecurityContext sc = pod.getSecurityContext();
        if (sc != null) {
            String s = at + ".securityContext";
            f.unknown(sc.getAdditionalProperties(), s);
            user(sc.getRunAsUser(), sc.getRunAsNonRoot(), s, f);
            profiles(sc.getSeccompProfile() == null ? null : sc.getSeccompProfile().getType(),
                    sc.getAppArmorProfile() == null ? null : sc.getAppArmorProfile().getType(), s, f);
            selinux(sc.getSeLinuxOptions(), s, f);
            f.ifTrue(sc.getWindowsOptions() == null ? null : sc.getWindowsOptions().getHostProcess(),
                    s + ".windowsOptions.hostProcess", "a process on the node");
            List<Sysctl> sysctls = sc.getSysctls() == null ? List.of() : sc.getSysctls();
            for (int i = 0; i < sysctls.size(); i++) {
                String name = sysctls.get(i).getName();
                if (!SAFE_SYSCTLS.contains(name)) {
                    f.refuse(s + ".sysctls[" + i + "].name", name, "a kernel setting that is not namespaced");
                }
            }
        }
        containers(pod.getContainers(), at + ".containers", f);
        containers(pod.getInitContainers(), at + ".initContainers", f);
        if (pod.getEphemeralContainers() != null) {
            for (int i = 0; i < pod.getEphemeralContainers().size(); i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> e = SERIALIZATION.convertValue(pod.getEphemeralContainers().get(i), Map.class);
                e.remove("targetContainerName"); // the one field a container does not have
                container(SERIALIZATION.convertValue(e, Container.class), at + ".ephemeralContainers[" + i + "]", f);
            }
        }
        List<Volume> volumes = pod.getVolumes() == null ? List.of() : pod.getVolumes();
        for (int i = 0; i < volumes.size(); i++) {
            volume(volumes.get(i), at + ".volumes[" + i + "]", f);
        }
    }

    private static void containers(@CheckForNull List<Container> containers, String at, Findings f) {
        if (containers != null) {
            for (int i = 0; i < containers.size(); i++) {
                container(containers.get(i), at + "[" + i + "]", f);
            }
        }
    }

    private static void container(Container c, String at, Findings f) {
        f.unknown(c.getAdditionalProperties(), at);
        List<ContainerPort> ports = c.getPorts() == null ? List.of() : c.getPorts();
        for (int i = 0; i < ports.size(); i++) {
            Integer hostPort = ports.get(i).getHostPort();
            if (hostPort != null && hostPort != 0) {
                f.refuse(at + ".ports[" + i + "].hostPort", hostPort, "a port of the node");
            }
        }
        SecurityContext sc = c.getSecurityContext();
        if (sc == null) {
            return;
        }
        String s = at + ".securityContext";
        f.unknown(sc.getAdditionalProperties(), s);
        f.ifTrue(sc.getPrivileged(), s + ".privileged", "every device and capability of the node");
        f.ifTrue(sc.getAllowPrivilegeEscalation(), s + ".allowPrivilegeEscalation", "setuid programs gain rights");
        Capabilities caps = sc.getCapabilities();
        if (caps != null) {
            List<String> add = caps.getAdd() == null ? List.of() : caps.getAdd();
            for (int i = 0; i < add.size(); i++) {
                if (!"NET_BIND_SERVICE".equals(add.get(i))) {
                    f.refuse(s + ".capabilities.add[" + i + "]", add.get(i), "a capability beyond the default pod's");
                }
            }
            if (caps.getDrop() != null && !caps.getDrop().isEmpty() && !caps.getDrop().contains("ALL")) {
                f.refuse(s + ".capabilities.drop", caps.getDrop(), "keeps capabilities the default pod drops; drop ALL");
            }
        }
        user(sc.getRunAsUser(), sc.getRunAsNonRoot(), s, f);
        if (sc.getProcMount() != null && !"Default".equals(sc.getProcMount())) {
            f.refuse(s + ".procMount", sc.getProcMount(), "the node's unmasked /proc");
        }
        profiles(sc.getSeccompProfile() == null ? null : sc.getSeccompProfile().getType(),
                sc.getAppArmorProfile() == null ? null : sc.getAppArmorProfile().getType(), s, f);
        selinux(sc.getSeLinuxOptions(), s, f);
        f.ifTrue(sc.getWindowsOptions() == null ? null : sc.getWindowsOptions().getHostProcess(),
                s + ".windowsOptions.hostProcess", "a process on the node");
    }

    private static void user(@CheckForNull Long runAsUser, @CheckForNull Boolean runAsNonRoot, String at, Findings f) {
        if (runAsUser != null && runAsUser == 0) {
            f.refuse(at + ".runAsUser", 0, "forces root where the image or the administrator chose another user");
        }
        if (Boolean.FALSE.equals(runAsNonRoot)) {
            f.refuse(at + ".runAsNonRoot", false, "lifts the administrator's non-root rule");
        }
    }

    private static void profiles(@CheckForNull String seccomp, @CheckForNull String apparmor, String at, Findings f) {
        if ("Unconfined".equals(seccomp)) {
            f.refuse(at + ".seccompProfile.type", seccomp, "every system call of the kernel");
        }
        if ("Unconfined".equals(apparmor)) {
            f.refuse(at + ".appArmorProfile.type", apparmor, "no AppArmor confinement");
        }
    }

    private static void selinux(@CheckForNull io.fabric8.kubernetes.api.model.SELinuxOptions o, String at, Findings f) {
        if (o == null) {
            return;
        }
        f.ifSet(o.getUser(), at + ".seLinuxOptions.user", "another SELinux user");
        f.ifSet(o.getRole(), at + ".seLinuxOptions.role", "another SELinux role");
        if (o.getType() != null && !o.getType().isEmpty() && !SELINUX_TYPES.contains(o.getType())) {
            f.refuse(at + ".seLinuxOptions.type", o.getType(), "an SELinux type other than a container's");
        }
    }

    /** Seccomp and AppArmor as the annotations that Kubernetes before 1.30 (1.19 for seccomp) reads. */
    private static void annotations(Map<String, String> annotations, String at, Findings f) {
        annotations.forEach((key, value) -> {
            boolean apparmor = key.startsWith("container.apparmor.security.beta.kubernetes.io/");
            boolean seccomp = key.equals("seccomp.security.alpha.kubernetes.io/pod")
                    || key.startsWith("container.seccomp.security.alpha.kubernetes.io/");
            if (apparmor && !(value.startsWith("runtime/default") || value.startsWith("localhost/"))
                    || seccomp && "unconfined".equals(value)) {
                f.refuse(at + "." + key, value, "an unconfined container");
            }
        });
    }

    private static void volume(Volume v, String at, Findings f) {
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = SERIALIZATION.convertValue(v, Map.class);
        for (String type : fields.keySet()) {
            if (!type.equals("name") && !VOLUME_TYPES.contains(type)) {
                f.refuse(at + "." + type, v.getName(), "hostPath".equals(type)
                        ? "the node's file system"
                        : "a volume type that reaches the node or storage outside the namespace");
            }
        }
        if (v.getProjected() != null && v.getProjected().getSources() != null) {
            List<VolumeProjection> sources = v.getProjected().getSources();
            for (int i = 0; i < sources.size(); i++) {
                if (sources.get(i).getServiceAccountToken() != null) {
                    f.refuse(at + ".projected.sources[" + i + "].serviceAccountToken", v.getName(),
                            "a token for the API server");
                }
            }
        }
    }

    private static final class Findings {
        final List<String> list = new ArrayList<>();

        void refuse(String path, Object value, String why) {
            list.add(path + ": " + value + " (" + why + ")");
        }

        void ifTrue(@CheckForNull Boolean value, String path, String why) {
            if (Boolean.TRUE.equals(value)) {
                refuse(path, true, why);
            }
        }

        void ifSet(@CheckForNull String value, String path, String why) {
            if (value != null && !value.isBlank()) {
                refuse(path, value, why);
            }
        }

        void unknown(@CheckForNull Map<String, Object> additional, String at) {
            if (additional != null) {
                additional.keySet().forEach(k -> refuse(at + "." + k, additional.get(k), "an unknown field, not checked"));
            }
        }
    }
}
