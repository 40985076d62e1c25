package io.jenkins.plugins.roiergasias;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the reference engine's conformance cases are: the shared corpus beside the project
 * ({@code ../shared/conformance}, system property {@code roiergasias.conformance.dir}) when it is
 * there, which may hold newer cases; else the copy kept in {@code src/test/resources/conformance},
 * so that a clone of the project alone still checks them.
 */
public final class ConformanceCorpus {
    private ConformanceCorpus() {}

    /** The {@code cases} directory. */
    public static Path cases() {
        String shared = System.getProperty("roiergasias.conformance.dir");
        if (shared != null && Files.isDirectory(Path.of(shared, "cases"))) {
            return Path.of(shared, "cases").toAbsolutePath().normalize();
        }
        String project = System.getProperty("roiergasias.project.dir", ".");
        Path copy = Path.of(project, "src", "test", "resources", "conformance", "cases");
        if (!Files.isDirectory(copy)) {
            throw new IllegalStateException("no conformance cases: neither " + shared + "/cases nor " + copy);
        }
        return copy.toAbsolutePath().normalize();
    }
}
