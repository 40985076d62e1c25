package io.jenkins.plugins.roiergasias.workflow;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The conformance cases of the reference engine ({@code NAME.yaml} with its observed outputs) and
 * the reference's verdict on each, as tests of the parser need them.
 */
final class ConformanceCases {
    /**
     * What the reference says when a file is wrong as written: parse and validation errors, and
     * setenv failures of names or values that are invalid as written (this parser checks those).
     * Other run failures (a command exits non-zero, a program is missing) are run-time failures of
     * a valid workflow.
     */
    private static final Pattern STATIC_ERROR = Pattern.compile("validation error|error parsing yaml"
            + "|error creating new workflow|error setting up workflow environment|error setting environment");

    /** One case. */
    record Case(String name, Path yaml) {
        String text() {
            try {
                return new String(Files.readAllBytes(yaml), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The exit code of a reference command, or -1 when it was not recorded. */
        int rc(String command) {
            Path file = yaml.resolveSibling(name + "." + command + ".rc");
            try {
                return Files.exists(file) ? Integer.parseInt(Files.readString(file).strip()) : -1;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String stderr(String command) {
            Path file = yaml.resolveSibling(name + "." + command + ".stderr.norm");
            try {
                return Files.exists(file) ? Files.readString(file) : "";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Whether the reference rejects the file: a validation or parse error in {@code validate}
         * or {@code run}, or a panic in {@code validate}, {@code run} or {@code split}.
         */
        boolean referenceRejects() {
            int validate = rc("validate");
            int run = rc("run");
            return validate > 0
                    || run == 2
                    || rc("split") == 2
                    || (run == 1 && STATIC_ERROR.matcher(stderr("run")).find());
        }
    }

    private ConformanceCases() {}

    /** The cases directory (see {@link io.jenkins.plugins.roiergasias.ConformanceCorpus}). */
    static Path directory() {
        return io.jenkins.plugins.roiergasias.ConformanceCorpus.cases();
    }

    static List<Case> all() {
        Path dir = directory();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".yaml"))
                    .sorted()
                    .map(p -> new Case(p.getFileName().toString().replaceFirst("\\.yaml$", ""), p))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code conformance-differences.properties}: CASE.COMMAND=reason. */
    static Properties differences() {
        Properties differences = new Properties();
        try (InputStream in = ConformanceCases.class.getResourceAsStream("/conformance-differences.properties")) {
            if (in == null) {
                throw new IllegalStateException("conformance-differences.properties is not on the test classpath");
            }
            differences.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return differences;
    }
}
