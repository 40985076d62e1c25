package io.jenkins.plugins.roiergasias.kubernetes.jobs;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The security settings of every pod, where the template gives none: what the "restricted" Pod
 * Security Standard asks — seccomp {@code RuntimeDefault} for the pod, {@code allowPrivilegeEscalation:
 * false} and {@code capabilities.drop: [ALL]} for every container and init container — except
 * {@code runAsNonRoot}. That one is left to the image: busybox, python, debian and most images run as
 * root, and with {@code runAsNonRoot: true} the kubelet refuses to start them. A root without
 * capabilities cannot do more in the container than the files it owns allow. A template that sets
 * {@code runAsNonRoot: true} and a {@code runAsUser} makes the pod fully "restricted"
 * (docs/kubernetes.md, "The pod's security").
 *
 * <p>A value the template gives is kept (an administrator's global template may need a capability);
 * a step's template cannot weaken these values while {@link TemplatePolicy} restricts it.
 */
public final class SecurityDefaults {
    private SecurityDefaults() {}

    /** Fills the defaults into {@code pod}, whose containers are final. */
    public static void apply(PodSpec pod) {
        PodSecurityContext podContext = pod.getSecurityContext() == null ? new PodSecurityContext() : pod.getSecurityContext();
        if (podContext.getSeccompProfile() == null) {
            podContext.setSeccompProfile(new SeccompProfile(null, "RuntimeDefault"));
        }
        pod.setSecurityContext(podContext);
        List<Container> all = new ArrayList<>();
        if (pod.getContainers() != null) {
            all.addAll(pod.getContainers());
        }
        if (pod.getInitContainers() != null) {
            all.addAll(pod.getInitContainers());
        }
        for (Container c : all) {
            container(c);
        }
    }

    private static void container(Container c) {
        SecurityContext sc = c.getSecurityContext() == null ? new SecurityContext() : c.getSecurityContext();
        c.setSecurityContext(sc);
        if (Boolean.TRUE.equals(sc.getPrivileged())) {
            return; // an administrator's privileged container: the API server refuses these defaults with it
        }
        Capabilities caps = sc.getCapabilities() == null ? new Capabilities() : sc.getCapabilities();
        if (caps.getDrop() == null || caps.getDrop().isEmpty()) {
            caps.setDrop(List.of("ALL"));
        }
        sc.setCapabilities(caps);
        boolean sysAdmin = caps.getAdd() != null
                && caps.getAdd().stream().anyMatch(a -> a.equals("SYS_ADMIN") || a.equals("CAP_SYS_ADMIN"));
        if (sc.getAllowPrivilegeEscalation() == null && !sysAdmin) {
            sc.setAllowPrivilegeEscalation(false);
        }
    }
}
