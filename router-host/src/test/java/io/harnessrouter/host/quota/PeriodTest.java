package io.harnessrouter.host.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PeriodTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "30m | 30m",
        "5h | 5h",
        "1d | 1d",
        "7d | 7d",
        "2w | 14d",
        "daily | daily at 00:00 UTC",
        "Daily at 07:30 America/Los_Angeles | daily at 07:30 America/Los_Angeles",
        "weekly on mon at 09:00 Europe/Berlin | weekly on monday at 09:00 Europe/Berlin",
        "monthly on day 1 | monthly on day 1 at 00:00 UTC",
    })
    void parsesWhatTheConfigWrites(String written, String described) {
        assertEquals(described, Period.parse(written).describe());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // now (UTC)              | period                                  | window start            | next reset
        "2026-11-22T14:00:00Z | daily at 00:00 America/Los_Angeles | 2026-11-22T08:00:00Z | 2026-11-23T08:00:00Z",
        "2026-11-22T07:59:00Z | daily at 00:00 America/Los_Angeles | 2026-11-21T08:00:00Z | 2026-11-22T08:00:00Z",
        "2026-11-22T14:00:00Z | weekly on monday                   | 2026-11-16T00:00:00Z | 2026-11-23T00:00:00Z",
        "2026-03-15T12:00:00Z | monthly on day 31                  | 2026-02-28T00:00:00Z | 2026-03-31T00:00:00Z",
        "2026-12-01T00:00:00Z | monthly on day 1                   | 2026-12-01T00:00:00Z | 2027-01-01T00:00:00Z",
    })
    void aCalendarWindowStartsAtTheLastResetAndEndsAtTheNext(String now, String period, String start, String reset) {
        Period p = Period.parse(period);
        assertEquals(Instant.parse(start), p.windowStart(Instant.parse(now)));
        assertEquals(Optional.of(Instant.parse(reset)), p.nextReset(Instant.parse(now)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "5 hours | \"5 hours\" is not a period: write a rolling span (30m, 5h, 1d, 7d) or a calendar reset (daily at"
                + " 00:00 America/Los_Angeles, weekly on monday, monthly on day 1)",
        "0h | a rolling period must be from 1m to 31d, not \"0h\"",
        "60d | a rolling period must be from 1m to 31d, not \"60d\"",
        "daily at 25:00 | \"25:00\" is not a time of day (00:00 to 23:59)",
        "daily at 00:00 Mars/Olympus | \"Mars/Olympus\" is not a time zone (write an IANA name such as"
                + " America/Los_Angeles, or UTC)",
        "monthly on day 32 | \"day 32\" is not a day of the month (1 to 31)",
        "weekly on funday | \"funday\" is not a day of the week",
    })
    void refusesWhatIsNotAPeriodAndSaysWhatIs(String written, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> Period.parse(written)).getMessage());
    }

    @org.junit.jupiter.api.Test
    void aRollingWindowHasNoCalendarReset() {
        Period p = Period.parse("5h");
        Instant now = Instant.parse("2026-11-22T14:00:00Z");
        assertEquals(now.minus(Duration.ofHours(5)), p.windowStart(now));
        assertEquals(Optional.empty(), p.nextReset(now));
    }
}
