package io.jenkins.plugins.roiergasias.kubernetes.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Run ids, drawn or derived: valid object-name prefixes whatever the job is called. */
class RunIdsTest {
    private static final String KEY = "jenkins-id\nfolder/job#7\n1764601871000\n12";
    private static final List<String> HOSTILE = List.of("", "-", "---", "123", "9lives", "_", "..", "\n\t ",
            "ÄÖÜ", "İstanbul", "日本語のジョブ", "😀😀", "My Jenkins Job #42 / main", "a".repeat(300),
            "abcdefghi-jk", "abcdefghi--", "-abc-", "x", "Kelvin K", "a/b/c", "${x}", "'; rm -rf /");

    @Test
    void derivedIdsAreTheSameEveryTime() {
        String id = RunIds.derive("pipeline", KEY);
        assertEquals(id, RunIds.derive("pipeline", KEY));
        assertEquals(id, RunIds.derive("pipeline", new String(KEY.toCharArray())));
        assertTrue(id.startsWith("pipeline-"), id);
        assertNotEquals(id, RunIds.derive("pipeline", KEY + " "));
        assertNotEquals(id, RunIds.derive("pipeline", KEY.replace("#7", "#8")));
    }

    @Test
    void everyIdIsAValidRunIdWhateverThePrefix() {
        for (String prefix : HOSTILE) {
            for (String id : List.of(RunIds.derive(prefix, KEY), RunIds.create(prefix))) {
                assertTrue(id.length() <= Names.MAX_RUN_ID, prefix + " -> " + id);
                assertTrue(id.matches("[a-z]([-a-z0-9]*[a-z0-9])?"), prefix + " -> " + id);
                assertTrue(id.matches(".*-[0-9a-z]{8}"), prefix + " -> " + id);
                assertEquals(Names.checkRunId(id) + "-s999", Names.job(id, 998));
            }
            // the prefix is reduced the same way for both kinds of id
            assertEquals(RunIds.create(prefix).replaceAll("-[0-9a-z]{8}$", ""),
                    RunIds.derive(prefix, KEY).replaceAll("-[0-9a-z]{8}$", ""));
        }
        assertEquals("my-jenkins", RunIds.derive("My Jenkins Job #42 / main", KEY).substring(0, 10));
        assertEquals("r123", RunIds.derive("123", KEY).replaceAll("-[0-9a-z]{8}$", ""));
        assertEquals("r", RunIds.derive("日本語のジョブ", KEY).replaceAll("-[0-9a-z]{8}$", ""));
    }

    /**
     * 100,000 steps of many builds of one job: no two share an id, and the suffix uses the whole
     * alphabet evenly in every position (8 base-36 characters, not hex).
     */
    @Test
    void distinctKeysGiveDistinctIds() {
        int samples = 100_000;
        Map<String, String> seen = new HashMap<>();
        int[][] counts = new int[8][36];
        for (int i = 0; i < samples; i++) {
            String key = "0123456789abcdef\nteam/deploy#" + (i / 50 + 1) + "\n" + (1_764_601_871_000L + i / 50)
                    + "\n" + (3 + i % 50);
            String id = RunIds.derive("deploy", key);
            String earlier = seen.put(id, key);
            assertEquals(null, earlier, () -> id + " for both " + seen.get(id) + " and " + key);
            String suffix = id.substring(id.length() - 8);
            for (int p = 0; p < 8; p++) {
                counts[p][Character.digit(suffix.charAt(p), 36)]++;
            }
        }
        double expected = samples / 36.0;
        for (int p = 0; p < 8; p++) {
            for (int c = 0; c < 36; c++) {
                assertTrue(Math.abs(counts[p][c] - expected) < expected * 0.1,
                        "position " + p + ", character " + Character.forDigit(c, 36) + ": " + counts[p][c]);
            }
        }
    }
}
