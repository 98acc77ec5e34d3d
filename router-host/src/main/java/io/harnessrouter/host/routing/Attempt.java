package io.harnessrouter.host.routing;

import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One line of the attempt trace: a route the router tried, or skipped, for one call.
 *
 * @param routeId    the route
 * @param model      the model key
 * @param tier       the route's tier
 * @param status     what happened
 * @param kind       why it failed ({@link FailureKind#NONE} when it succeeded or was skipped)
 * @param detail     the error, or why it was skipped (breaker open until T, CLI not installed,
 *                   disabled), empty on success
 * @param duration   wall time of the dispatch (zero when skipped)
 * @param quotaScore the route's quota score when considered
 * @param retryAt    when the route may be tried again (open breaker, rate limit reset)
 * @param nextStep   the plugin's next step for this failure ({@code DispatchResult.nextStep()}),
 *                   which the error report prefers to its generic step for the kind
 */
public record Attempt(
        String routeId,
        String model,
        Tier tier,
        Status status,
        FailureKind kind,
        String detail,
        Duration duration,
        double quotaScore,
        Optional<Instant> retryAt,
        Optional<String> nextStep) {

    /** What happened to a route in one call. */
    public enum Status {
        SUCCEEDED,
        FAILED,
        SKIPPED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Attempt {
        detail = detail == null ? "" : detail;
        duration = duration == null ? Duration.ZERO : duration;
        retryAt = retryAt == null ? Optional.empty() : retryAt;
        nextStep = nextStep == null ? Optional.empty() : nextStep;
    }

    /** A trace line without a plugin next step. */
    public Attempt(String routeId, String model, Tier tier, Status status, FailureKind kind, String detail,
                   Duration duration, double quotaScore, Optional<Instant> retryAt) {
        this(routeId, model, tier, status, kind, detail, duration, quotaScore, retryAt, Optional.empty());
    }

    /**
     * A trace line about the request rather than a route: an unknown {@code hints.model} that was
     * ignored, a fanout model with no route. Its {@code routeId} is empty, its status SKIPPED, its
     * tier meaningless; renderers show only {@code detail}.
     *
     * @param model  the model key the note is about
     * @param detail what the router noticed and did
     */
    public static Attempt note(String model, String detail) {
        return new Attempt("", model, Tier.SUBSCRIPTION, Status.SKIPPED, FailureKind.NONE, detail,
                Duration.ZERO, 0.0, Optional.empty());
    }

    /** True for a {@link #note} line, which names no route. */
    public boolean isNote() {
        return routeId == null || routeId.isEmpty();
    }
}
