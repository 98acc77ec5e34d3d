package io.harnessrouter.host.state;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A route's circuit breaker as stored. Transitions are computed by the routing package's breaker
 * policy and written with {@link StateStore#updateBreaker}.
 *
 * @param routeId             the route
 * @param status              closed, open or half-open
 * @param consecutiveFailures failures since the last success
 * @param openCount           how many times in a row it opened without a success in between
 *                            (drives the backoff)
 * @param openUntil           when an open breaker allows its half-open probe
 * @param probeOwner          the attempt that holds the half-open probe
 * @param probeDeadline       when an unanswered probe is given up and another caller may probe
 * @param lastError           the error that last opened it or counted as a failure
 * @param updatedAt           when this row was last written
 */
public record BreakerState(
        String routeId,
        Status status,
        int consecutiveFailures,
        int openCount,
        Optional<Instant> openUntil,
        Optional<String> probeOwner,
        Optional<Instant> probeDeadline,
        String lastError,
        Instant updatedAt) {

    /** Breaker status. */
    public enum Status { CLOSED, OPEN, HALF_OPEN }

    public BreakerState {
        Objects.requireNonNull(routeId, "routeId");
        Objects.requireNonNull(status, "status");
        openUntil = openUntil == null ? Optional.empty() : openUntil;
        probeOwner = probeOwner == null ? Optional.empty() : probeOwner;
        probeDeadline = probeDeadline == null ? Optional.empty() : probeDeadline;
        lastError = lastError == null ? "" : lastError;
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** A closed breaker with no history. */
    public static BreakerState closed(String routeId) {
        return new BreakerState(routeId, Status.CLOSED, 0, 0, Optional.empty(), Optional.empty(),
                Optional.empty(), "", Instant.EPOCH);
    }
}
