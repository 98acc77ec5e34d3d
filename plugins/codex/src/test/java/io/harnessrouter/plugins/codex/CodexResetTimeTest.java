package io.harnessrouter.plugins.codex;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CodexResetTimeTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void readsATimeOfDayLaterToday() {
        assertEquals(Optional.of(Instant.parse("2026-03-01T15:05:00Z")),
                CodexResetTime.parse("... or try again at 3:05 PM.", NOW, ZoneOffset.UTC));
    }

    @Test
    void readsATimeOfDayThatHasPassedAsTomorrow() {
        assertEquals(Optional.of(Instant.parse("2026-03-02T09:30:00Z")),
                CodexResetTime.parse("try again at 9:30 AM.", NOW, ZoneOffset.UTC));
    }

    @Test
    void readsADateAndTimeInTheGivenZone() {
        assertEquals(Optional.of(Instant.parse("2026-09-15T13:05:00Z")),
                CodexResetTime.parse("purchase more credits or try again at Sep 15th, 2026 3:05 PM.", NOW,
                        ZoneId.of("Europe/Berlin")));
        assertEquals(Optional.of(Instant.parse("2026-03-22T00:00:00Z")),
                CodexResetTime.parse("try again at Mar 22nd, 2026 12:00 AM", NOW, ZoneOffset.UTC));
    }

    @Test
    void findsNoneInTryAgainLaterOrOtherText() {
        assertEquals(Optional.empty(), CodexResetTime.parse("... or try again later.", NOW, ZoneOffset.UTC));
        assertEquals(Optional.empty(), CodexResetTime.parse("Quota exceeded.", NOW, ZoneOffset.UTC));
        assertEquals(Optional.empty(), CodexResetTime.parse(null, NOW, ZoneOffset.UTC));
    }
}
