package io.jenkins.plugins.roiergasias.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {
    @Test
    void readsUnitsAndCombinations() {
        assertEquals(Duration.ofSeconds(90), DurationText.parse("t", "90s"));
        assertEquals(Duration.ofMinutes(5), DurationText.parse("t", "5m"));
        assertEquals(Duration.ofMinutes(90), DurationText.parse("t", "1h30m"));
        assertEquals(Duration.ofDays(1), DurationText.parse("t", " 1D "));
        assertEquals(Duration.ofMinutes(90), DurationText.parse("t", "1h 30m"));
    }

    @Test
    void refusesWhatItCannotReadWithAHint() {
        IllegalArgumentException bare = assertThrows(IllegalArgumentException.class, () -> DurationText.parse("segmentTimeout", "30"));
        assertTrue(bare.getMessage().contains("30m for minutes or 30s for seconds"), bare.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> DurationText.parse("pendingTimeout", "-5m"));
        assertTrue(negative.getMessage().startsWith("pendingTimeout is negative"), negative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DurationText.parse("t", "0m"));
        assertThrows(IllegalArgumentException.class, () -> DurationText.parse("t", "five minutes"));
        assertThrows(IllegalArgumentException.class, () -> DurationText.parse("t", "400d"));
    }

    @Test
    void formatsWhatItReadsBack() {
        for (String s : new String[] {"45s", "5m", "1h30m", "1d2h", "2h0m5s"}) {
            Duration d = DurationText.parse("t", s);
            assertEquals(d, DurationText.parse("t", DurationText.format(d)));
        }
        assertEquals("1h30m", DurationText.format(Duration.ofMinutes(90)));
        assertEquals("0s", DurationText.format(Duration.ZERO));
    }

    @Test
    void humanForm() {
        assertEquals("850 ms", DurationText.human(Duration.ofMillis(850)));
        assertEquals("12.3 s", DurationText.human(Duration.ofMillis(12_300)));
        assertEquals("4m05s", DurationText.human(Duration.ofSeconds(245)));
        assertEquals("1h02m", DurationText.human(Duration.ofMinutes(62)));
    }
}
