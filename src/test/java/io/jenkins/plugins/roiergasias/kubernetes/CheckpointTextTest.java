package io.jenkins.plugins.roiergasias.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class CheckpointTextTest {
    @Test
    void readsBackWhatItWrote() {
        Checkpoint full = new Checkpoint("hello-abc", "ci", 2, "hello-abc-s002", "hello-abc-s002-x", "2025-01-01T10:00:00.123456789Z",
                3, "0123abcd");
        assertEquals(full, CheckpointText.decode(CheckpointText.encode(full)));
        Checkpoint early = new Checkpoint("hello-abc", "default", 0, null, null, null, 0, null);
        assertEquals(early, CheckpointText.decode(CheckpointText.encode(early)));
        assertNull(CheckpointText.decode(null));
    }
}
