package io.harnessrouter.host.routing;

import io.harnessrouter.api.QuotaObservation;
import java.time.Duration;
import java.time.Instant;

/**
 * The quota score the router orders routes by, 0..1: the latest observation's
 * {@link QuotaObservation#score()} while it is current, else 1.0 ("assume available").
 *
 * <p>An observation stops being current when the window it describes has reset
 * ({@code resetAt} has passed), or — for a rate limit or exhausted quota reported with no reset
 * time — when {@code capacityStaleAfter} (the rate-limit cooldown) has passed since it was made.
 * Without that, a route rate limited once would score 0 until its next dispatch, which never
 * comes while other routes succeed: it would be demoted for good.
 *
 * <p>Stateless and thread-safe.
 */
public final class QuotaScore {

    private QuotaScore() {
    }

    public static double of(QuotaObservation observation, Instant now, Duration capacityStaleAfter) {
        if (observation == null || !isCurrent(observation, now, capacityStaleAfter)) {
            return 1.0;
        }
        return observation.score().orElse(1.0);
    }

    static boolean isCurrent(QuotaObservation o, Instant now, Duration capacityStaleAfter) {
        if (o.resetAt().isPresent()) {
            return now.isBefore(o.resetAt().get());
        }
        boolean capacity = o.kind() == QuotaObservation.Kind.RATE_LIMITED
                || o.kind() == QuotaObservation.Kind.QUOTA_EXHAUSTED;
        return !capacity || now.isBefore(o.observedAt().plus(capacityStaleAfter));
    }
}
