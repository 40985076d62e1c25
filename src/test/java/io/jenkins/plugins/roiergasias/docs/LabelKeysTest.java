package io.jenkins.plugins.roiergasias.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every roiergasias label or annotation key that the README, the docs, the help files and the
 * messages tell a user to look for is one the code sets: a hint such as
 * {@code kubectl get jobs -l roiergasias.io/run=...} with a key nothing carries finds nothing.
 */
class LabelKeysTest {
    private static final Pattern KEY = Pattern.compile("roiergasias[A-Za-z0-9.-]*\\.io/[A-Za-z0-9_-]+");
    private static final Path PROJECT = Path.of(System.getProperty("roiergasias.project.dir", ".."));

    @Test
    void keysNamedToUsersAreKeysTheCodeSets() throws IOException {
        Set<String> inCode = new TreeSet<>(keys(PROJECT.resolve("src/main/java"), ".java").keySet());
        assertTrue(inCode.contains("roiergasias.jenkins.io/run"), "code keys: " + inCode);
        Map<String, String> named = new TreeMap<>();
        named.putAll(keys(PROJECT.resolve("src/main/resources"), ".properties", ".html", ".jelly"));
        named.putAll(keys(PROJECT.resolve("docs"), ".md", ".yaml"));
        named.putAll(keys(PROJECT, "README.md"));
        named.keySet().removeAll(inCode);
        assertEquals(Map.of(), named, "keys that no code sets, with a file that names them");
    }

    private static Map<String, String> keys(Path root, String... suffixes) throws IOException {
        Map<String, String> found = new TreeMap<>();
        try (Stream<Path> files = Files.isDirectory(root) ? Files.walk(root) : Stream.of(root)) {
            files.filter(p -> Stream.of(suffixes).anyMatch(s -> p.getFileName().toString().endsWith(s)))
                    .filter(Files::isRegularFile)
                    .forEach(p -> {
                        try {
                            Matcher m = KEY.matcher(Files.readString(p));
                            while (m.find()) {
                                found.putIfAbsent(m.group(), PROJECT.relativize(p).toString());
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        }
        return found;
    }
}
