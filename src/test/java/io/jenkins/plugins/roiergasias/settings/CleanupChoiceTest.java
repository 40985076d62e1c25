package io.jenkins.plugins.roiergasias.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.roiergasias.kubernetes.jobs.CleanupPolicy;
import org.junit.jupiter.api.Test;

class CleanupChoiceTest {
    @Test
    void acceptsTheJenkinsfileNamesAndTheEnumNames() {
        for (CleanupPolicy p : CleanupPolicy.values()) {
            assertEquals(p, CleanupChoice.parse(CleanupChoice.name(p)));
            assertEquals(p, CleanupChoice.parse(p.name()));
        }
        assertEquals(CleanupPolicy.KEEP_ON_FAILURE, CleanupChoice.parse("keep-on-failure"));
        assertThrows(IllegalArgumentException.class, () -> CleanupChoice.parse("sometimes"));
    }
}
