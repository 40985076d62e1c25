package io.jenkins.plugins.roiergasias.program;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The real shells generated programs are tested with: dash, bash and busybox ash. */
public final class Shells {
    private Shells() {}

    /** Shell command words, e.g. {@code /bin/dash} or {@code /bin/busybox sh}. Fails if one is missing. */
    public static Stream<String> all() {
        List<String> shells = new ArrayList<>();
        shells.add(find("dash") + "");
        shells.add(find("bash") + " --posix");
        shells.add(find("busybox") + " sh");
        return shells.stream();
    }

    private static Path find(String name) {
        for (String dir : List.of("/bin", "/usr/bin", "/usr/local/bin", "/sbin", "/usr/sbin")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new IllegalStateException(name + " is not installed; .ci/run installs dash, bash and busybox");
    }
}
