package io.harnessrouter.host.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.harnessrouter.api.QuotaObservation;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class QuotaScoreTest {
    private static final Instant T0 = Instant.parse("2026-11-22T14:00:00Z");
    private static final Duration STALE = Duration.ofSeconds(300);

    private static QuotaObservation obs(QuotaObservation.Kind kind, Long remaining, Long limit, Instant resetAt) {
        return new QuotaObservation(remaining == null ? OptionalLong.empty() : OptionalLong.of(remaining),
                limit == null ? OptionalLong.empty() : OptionalLong.of(limit), OptionalLong.empty(),
                Optional.ofNullable(resetAt), kind, "test", T0);
    }

    @Test
    void noObservationMeansAssumeAvailable() {
        assertEquals(1.0, QuotaScore.of(null, T0, STALE));
    }

    @Test
    void remainingOverLimitWhileTheWindowIsCurrent() {
        var o = obs(QuotaObservation.Kind.OK, 25L, 100L, T0.plusSeconds(60));
        assertEquals(0.25, QuotaScore.of(o, T0.plusSeconds(59), STALE));
        assertEquals(1.0, QuotaScore.of(o, T0.plusSeconds(60), STALE), "the window reset: figures are stale");
    }

    @Test
    void aRateLimitScoresZeroUntilItsResetTimeThenCountsAsAvailableAgain() {
        var o = obs(QuotaObservation.Kind.RATE_LIMITED, null, null, T0.plusSeconds(30));
        assertEquals(0.0, QuotaScore.of(o, T0.plusSeconds(29), STALE));
        assertEquals(1.0, QuotaScore.of(o, T0.plusSeconds(30), STALE));
    }

    @Test
    void aRateLimitWithoutResetTimeAgesOutAfterTheCooldown() {
        var o = obs(QuotaObservation.Kind.QUOTA_EXHAUSTED, null, null, null);
        assertEquals(0.0, QuotaScore.of(o, T0.plusSeconds(299), STALE));
        assertEquals(1.0, QuotaScore.of(o, T0.plusSeconds(300), STALE));
    }

    @Test
    void figuresWithoutResetTimeStayCurrent() {
        var o = obs(QuotaObservation.Kind.OK, 10L, 100L, null);
        assertEquals(0.1, QuotaScore.of(o, T0.plus(Duration.ofDays(1)), STALE));
    }
}
