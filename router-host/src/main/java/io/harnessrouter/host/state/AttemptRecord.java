package io.harnessrouter.host.state;

import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One dispatched attempt, as stored in the history and counted in the counters.
 *
 * @param at        when it ended
 * @param requestId the {@code code} call it belonged to
 * @param routeId   the route
 * @param model     the model key
 * @param tier      the route's tier
 * @param success   whether it succeeded
 * @param kind      the failure kind ({@link FailureKind#NONE} on success)
 * @param error     the error, cut to 500 characters; empty on success
 * @param duration  wall time
 * @param costUsd   what it cost in US dollars: the dispatcher's reported cost on a metered route,
 *                  else its tokens at the route's price; 0 on a subscription route (billed flat)
 *                  or when neither is known
 */
public record AttemptRecord(
        Instant at,
        String requestId,
        String routeId,
        String model,
        Tier tier,
        boolean success,
        FailureKind kind,
        String error,
        Duration duration,
        double costUsd) {

    /** An attempt that cost nothing (or whose cost is unknown). */
    public AttemptRecord(Instant at, String requestId, String routeId, String model, Tier tier, boolean success,
                         FailureKind kind, String error, Duration duration) {
        this(at, requestId, routeId, model, tier, success, kind, error, duration, 0);
    }

    public AttemptRecord {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(routeId, "routeId");
        requestId = requestId == null ? "" : requestId;
        model = model == null ? "" : model;
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(kind, "kind");
        error = error == null ? "" : (error.length() > 500 ? error.substring(0, 500) : error);
        duration = duration == null ? Duration.ZERO : duration;
        costUsd = costUsd > 0 && Double.isFinite(costUsd) ? costUsd : 0;
    }
}
