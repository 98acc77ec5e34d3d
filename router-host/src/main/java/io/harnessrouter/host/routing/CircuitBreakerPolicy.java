package io.harnessrouter.host.routing;

import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.host.config.RoutingSettings;
import io.harnessrouter.host.state.BreakerState;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The circuit breaker's rules as pure functions over {@link BreakerState}: whether a route may be
 * tried, who may run the half-open probe, and the state an attempt's result leads to. The router
 * applies the transitions through {@link io.harnessrouter.host.state.StateStore#updateBreaker},
 * which makes them atomic across every process sharing the state file.
 *
 * <pre>
 *            capacity failure, or failure_threshold failures in a row
 *   CLOSED ---------------------------------------------------------------&gt; OPEN (until T)
 *     ^                                                                      |
 *     | probe succeeds (any success closes)                  T passed: one   |
 *     |                                                      caller acquires |
 *     +------------------------------ HALF_OPEN &lt;-----------------------------+
 *                                       |   ^ probe deadline passed: another caller takes over
 *                                       |   |
 *                                       +---+
 *               probe fails: OPEN again for min(base x 2^openCount, max_cooldown)
 * </pre>
 *
 * <p>Every method returns its argument itself (same instance) when nothing changes, so the store
 * writes nothing and the router can tell a no-op without a transaction.
 *
 * <p>Thread-safety: immutable and stateless apart from the settings; safe for concurrent use.
 */
public final class CircuitBreakerPolicy {

    /** Added to a route's timeout to get the deadline of its half-open probe. */
    public static final Duration PROBE_GRACE = Duration.ofSeconds(30);

    private static final int MAX_ERROR_CHARS = 500;

    private final RoutingSettings settings;

    public CircuitBreakerPolicy(RoutingSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** What a breaker allows right now. */
    public enum Gate {
        /** Closed: route freely. */
        CLOSED,
        /** Open and cooling down: skip the route. */
        OPEN,
        /** Open past its cooldown (or an abandoned probe): one caller may probe. */
        PROBE_AVAILABLE,
        /** Another caller is probing: skip the route. */
        PROBE_IN_PROGRESS
    }

    /** What {@code state} allows at {@code now}. Reads only. */
    public Gate gate(BreakerState state, Instant now) {
        switch (state.status()) {
            case OPEN:
                return state.openUntil().filter(now::isBefore).isPresent() ? Gate.OPEN : Gate.PROBE_AVAILABLE;
            case HALF_OPEN:
                return state.probeDeadline().filter(now::isBefore).isPresent()
                        ? Gate.PROBE_IN_PROGRESS : Gate.PROBE_AVAILABLE;
            default:
                return Gate.CLOSED;
        }
    }

    /**
     * The transition that claims the half-open probe for {@code attemptId}: an open breaker past
     * its cooldown, or a half-open one whose probe deadline passed, becomes HALF_OPEN owned by
     * {@code attemptId} until {@code now + routeTimeout + PROBE_GRACE}. Any other state is
     * returned unchanged. After the store applied it, {@link #ownsProbe} says who won.
     */
    public BreakerState acquireProbe(BreakerState state, String attemptId, Duration routeTimeout, Instant now) {
        if (gate(state, now) != Gate.PROBE_AVAILABLE) {
            return state;
        }
        return new BreakerState(state.routeId(), BreakerState.Status.HALF_OPEN, state.consecutiveFailures(),
                state.openCount(), state.openUntil(), Optional.of(attemptId),
                Optional.of(now.plus(routeTimeout).plus(PROBE_GRACE)), state.lastError(), now);
    }

    /** True when {@code state} is half-open with {@code attemptId} holding the probe. */
    public boolean ownsProbe(BreakerState state, String attemptId) {
        return state.status() == BreakerState.Status.HALF_OPEN
                && state.probeOwner().filter(attemptId::equals).isPresent();
    }

    /**
     * The state after attempt {@code attemptId} ended with {@code result} at {@code now}.
     *
     * <ul>
     *   <li>success: closed and zeroed (unchanged when already so);</li>
     *   <li>{@code NOT_INSTALLED}, {@code CANCELLED}: unchanged (the route is not broken); a probe
     *       that ends so gives the probe back (OPEN, cooldown already over) for the next caller;</li>
     *   <li>closed + capacity failure: open at once until the provider's time (or the default
     *       rate-limit cooldown);</li>
     *   <li>closed + other failure: counted; {@code failure_threshold} in a row open it for
     *       {@code failure_cooldown};</li>
     *   <li>half-open + failure of its own probe: open again with a doubled, capped cooldown;</li>
     *   <li>half-open + failure of another attempt: counted only, the probe decides;</li>
     *   <li>open (another attempt opened it meanwhile): counted, and the cooldown is only ever
     *       extended.</li>
     * </ul>
     */
    public BreakerState onResult(BreakerState state, DispatchResult result, String attemptId, Instant now) {
        if (result.success()) {
            return onSuccess(state, now);
        }
        FailureKind kind = result.failureKind();
        if (kind == FailureKind.NOT_INSTALLED || kind == FailureKind.CANCELLED) {
            return ownsProbe(state, attemptId) ? releaseProbe(state, now) : state;
        }
        switch (state.status()) {
            case HALF_OPEN:
                return ownsProbe(state, attemptId) ? open(state, result, now) : counted(state, result, now);
            case OPEN:
                return extend(state, result, now);
            default:
                boolean trips = kind.isCapacity()
                        || state.consecutiveFailures() + 1 >= Math.max(1, settings.failureThreshold());
                return trips ? open(state, result, now) : counted(state, result, now);
        }
    }

    /** Closed and zeroed; the same instance when it already is. */
    public BreakerState onSuccess(BreakerState state, Instant now) {
        if (isClosedAndZeroed(state)) {
            return state;
        }
        return new BreakerState(state.routeId(), BreakerState.Status.CLOSED, 0, 0, Optional.empty(),
                Optional.empty(), Optional.empty(), "", now);
    }

    /** True for a closed breaker with no failures and no open history: nothing to write on success. */
    public static boolean isClosedAndZeroed(BreakerState state) {
        return state.status() == BreakerState.Status.CLOSED && state.consecutiveFailures() == 0
                && state.openCount() == 0;
    }

    /**
     * When a breaker opened now by {@code result} would allow its probe, given it opened
     * {@code previousOpens} times in a row before. Capacity failures honour the provider's
     * retry-after and reset time; failed probes double the cooldown up to {@code max_cooldown}.
     */
    public Instant openUntil(DispatchResult result, int previousOpens, Instant now) {
        boolean capacity = result.failureKind().isCapacity();
        Optional<Duration> retryAfter = result.retryAfter().filter(d -> !d.isNegative() && !d.isZero());
        Optional<Instant> resetAt = result.resetAt().filter(now::isBefore);
        Duration base;
        if (!capacity) {
            base = settings.failureCooldown();
        } else if (retryAfter.isPresent()) {
            base = retryAfter.get();
        } else if (resetAt.isPresent()) {
            base = Duration.between(now, resetAt.get());
        } else {
            base = settings.rateLimitCooldown();
        }
        Instant until = now.plus(backoff(base, previousOpens));
        if (capacity && resetAt.isPresent() && resetAt.get().isAfter(until)) {
            until = resetAt.get();
        }
        return until;
    }

    /**
     * {@code base x 2^previousOpens}, capped at {@code max_cooldown}, never shorter than
     * {@code base} (a provider's own retry-after always wins over the cap).
     */
    public Duration backoff(Duration base, int previousOpens) {
        if (previousOpens <= 0) {
            return base;
        }
        Duration max = settings.maxCooldown();
        Duration grown;
        try {
            grown = previousOpens >= 31 ? max : base.multipliedBy(1L << previousOpens);
        } catch (ArithmeticException overflow) {
            grown = max;
        }
        Duration capped = grown.compareTo(max) > 0 ? max : grown;
        return capped.compareTo(base) < 0 ? base : capped;
    }

    private BreakerState open(BreakerState state, DispatchResult result, Instant now) {
        Instant until = openUntil(result, state.openCount(), now);
        return new BreakerState(state.routeId(), BreakerState.Status.OPEN, state.consecutiveFailures() + 1,
                state.openCount() + 1, Optional.of(until), Optional.empty(), Optional.empty(),
                errorOf(result), now);
    }

    private BreakerState releaseProbe(BreakerState state, Instant now) {
        return new BreakerState(state.routeId(), BreakerState.Status.OPEN, state.consecutiveFailures(),
                state.openCount(), state.openUntil().or(() -> Optional.of(now)), Optional.empty(),
                Optional.empty(), state.lastError(), now);
    }

    private BreakerState extend(BreakerState state, DispatchResult result, Instant now) {
        Instant proposed = openUntil(result, Math.max(0, state.openCount() - 1), now);
        Instant until = state.openUntil().filter(u -> u.isAfter(proposed)).orElse(proposed);
        return new BreakerState(state.routeId(), BreakerState.Status.OPEN, state.consecutiveFailures() + 1,
                Math.max(1, state.openCount()), Optional.of(until), Optional.empty(), Optional.empty(),
                errorOf(result), now);
    }

    private BreakerState counted(BreakerState state, DispatchResult result, Instant now) {
        return new BreakerState(state.routeId(), state.status(), state.consecutiveFailures() + 1, state.openCount(),
                state.openUntil(), state.probeOwner(), state.probeDeadline(), errorOf(result), now);
    }

    private static String errorOf(DispatchResult result) {
        String text = result.error().isBlank() ? result.failureKind().wireName() : result.error().strip();
        return text.length() > MAX_ERROR_CHARS ? text.substring(0, MAX_ERROR_CHARS) : text;
    }
}
