package io.harnessrouter.host.routing;

import io.harnessrouter.api.DispatchListener;
import io.harnessrouter.api.DispatchRequest;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.Dispatcher;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.QuotaObservation;
import io.harnessrouter.api.RouteSpec;
import io.harnessrouter.host.routing.CircuitBreakerPolicy.Gate;
import io.harnessrouter.host.state.AttemptRecord;
import io.harnessrouter.host.state.BreakerState;
import io.harnessrouter.host.state.SlotClaim;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Runs one planned step: takes a slot of the route's concurrency cap, claims the half-open probe
 * when the step is one, dispatches, and records the outcome (counters and history, quota observation, breaker transition) before returning.
 * Never throws for a routing failure: a dispatcher that throws or returns null becomes a failed
 * result.
 *
 * <p>Thread-safety: stateless apart from its collaborators; fanout calls it concurrently.
 */
final class AttemptRunner {

    /**
     * What one step came to. {@code result} is empty when the route was skipped at the last
     * moment; {@code full} is set when the skip was for the concurrency cap, so the route may be
     * tried again once a slot frees.
     */
    record Run(Attempt attempt, Optional<DispatchResult> result, RouteDecision decision,
               Optional<SlotClaim.Full> full) {
        Run(Attempt attempt, Optional<DispatchResult> result, RouteDecision decision) {
            this(attempt, result, decision, Optional.empty());
        }

        boolean atCap() {
            return full.isPresent();
        }
    }

    private final GuardedStore store;
    private final CircuitBreakerPolicy policy;
    private final Clock clock;
    private final ConcurrencyLimiter limiter;
    private final UsageAccounting usage;

    AttemptRunner(GuardedStore store, CircuitBreakerPolicy policy, Clock clock, ConcurrencyLimiter limiter,
                  UsageAccounting usage) {
        this.store = store;
        this.policy = policy;
        this.clock = clock;
        this.limiter = limiter;
        this.usage = usage;
    }

    /**
     * Takes a slot of the route's concurrency cap, runs the step and gives the slot back. A route
     * at its cap comes back as a skip with {@link Run#atCap()}, nothing dispatched.
     */
    Run run(RouteRequest request, CandidatePlanner.Step step, RouteListener listener) {
        ConcurrencyLimiter.Claim claim = limiter.tryAcquire(step.entry());
        if (claim.isFull()) {
            return atCap(step, claim.full().get());
        }
        try {
            return runHolding(request, step, listener);
        } finally {
            limiter.release(claim);
        }
    }

    private Run runHolding(RouteRequest request, CandidatePlanner.Step step, RouteListener listener) {
        RouteEntry entry = step.entry();
        String attemptId = request.requestId() + "#" + UUID.randomUUID();
        RouteDecision decision = step.decision();
        if (step.probe()) {
            BreakerState after = store.updateBreaker(entry.id(),
                    s -> policy.acquireProbe(s, attemptId, entry.spec().timeout(), clock.instant()));
            if (!policy.ownsProbe(after, attemptId)) {
                Gate gate = policy.gate(after, clock.instant());
                if (gate != Gate.CLOSED) {
                    return skipped(entry, decision, gate, after);
                }
                // Another caller's probe closed the breaker meanwhile: an ordinary attempt.
                decision = new RouteDecision(decision.model(), decision.routeId(), decision.tier(),
                        decision.quotaScore(), decision.reason().substring(CandidatePlanner.PROBE_PREFIX.length()));
            }
        }
        return dispatch(request, entry, decision, attemptId, listener);
    }

    private Run dispatch(RouteRequest request, RouteEntry entry, RouteDecision decision, String attemptId,
                         RouteListener listener) {
        RouteSpec spec = entry.spec();
        listener.onAttemptStart(decision);
        DispatchRequest dispatchRequest = new DispatchRequest(request.prompt(), request.files(),
                request.workingDir(), spec.cliModel(), spec.timeout(), Map.of());
        long start = System.nanoTime();
        Instant started = clock.instant();
        usage.started(entry, started);
        DispatchResult result = invoke(entry, dispatchRequest, event -> listener.onEvent(spec.id(), event));
        if (result.duration().isZero()) {
            result = result.toBuilder().duration(Duration.ofNanos(System.nanoTime() - start)).build();
        }
        Instant end = clock.instant();
        record(request, spec, result, end);
        usage.finished(entry, result, started, end, 0);
        saveQuota(entry, result, end);
        BreakerState breaker = updateBreaker(spec.id(), result, attemptId, end);
        Attempt attempt = new Attempt(spec.id(), spec.model(), spec.tier(),
                result.success() ? Attempt.Status.SUCCEEDED : Attempt.Status.FAILED, result.failureKind(),
                result.success() ? "" : errorText(result), result.duration(), decision.quotaScore(),
                retryAt(result, breaker, end), result.nextStep());
        listener.onAttemptEnd(attempt, result);
        return new Run(attempt, Optional.of(result), decision);
    }

    private static DispatchResult invoke(RouteEntry entry, DispatchRequest request, DispatchListener events) {
        Optional<Dispatcher> dispatcher = entry.dispatcher();
        if (dispatcher.isEmpty()) {
            return DispatchResult.failure(FailureKind.NOT_INSTALLED,
                    "no plugin provides harness '" + entry.spec().harnessId() + "'").build();
        }
        try {
            DispatchResult result = dispatcher.get().dispatch(request, events);
            return result != null ? result : DispatchResult.failure(FailureKind.OTHER,
                    "the dispatcher of harness '" + entry.spec().harnessId() + "' returned no result").build();
        } catch (RuntimeException e) {
            return DispatchResult.failure(FailureKind.OTHER, "the dispatcher of harness '"
                    + entry.spec().harnessId() + "' failed: " + e).build();
        }
    }

    private void record(RouteRequest request, RouteSpec spec, DispatchResult result, Instant end) {
        store.recordAttempt(new AttemptRecord(end, request.requestId(), spec.id(), spec.model(), spec.tier(),
                result.success(), result.failureKind(), result.success() ? "" : errorText(result),
                result.duration()));
    }

    private void saveQuota(RouteEntry entry, DispatchResult result, Instant end) {
        Optional<QuotaObservation> observation;
        try {
            observation = entry.quotaParser().parse(result, end);
        } catch (RuntimeException e) {
            observation = Optional.empty();
        }
        if (observation != null && observation.isPresent()) {
            store.saveQuota(entry.id(), observation.get());
        }
    }

    /** Writes only when the result changes the breaker: a success on a closed breaker costs one read. */
    private BreakerState updateBreaker(String routeId, DispatchResult result, String attemptId, Instant end) {
        BreakerState current = store.breaker(routeId);
        if (policy.onResult(current, result, attemptId, end) == current) {
            return current;
        }
        return store.updateBreaker(routeId, s -> policy.onResult(s, result, attemptId, end));
    }

    private Run skipped(RouteEntry entry, RouteDecision decision, Gate gate, BreakerState breaker) {
        RouteSpec spec = entry.spec();
        Attempt attempt = new Attempt(spec.id(), spec.model(), spec.tier(), Attempt.Status.SKIPPED,
                FailureKind.NONE, CandidatePlanner.breakerSkipDetail(breaker, gate), Duration.ZERO,
                decision.quotaScore(), CandidatePlanner.breakerRetryAt(breaker, gate));
        return new Run(attempt, Optional.empty(), decision);
    }

    private static Run atCap(CandidatePlanner.Step step, SlotClaim.Full full) {
        RouteSpec spec = step.entry().spec();
        RouteDecision decision = step.decision();
        Attempt attempt = new Attempt(spec.id(), spec.model(), spec.tier(), Attempt.Status.SKIPPED, FailureKind.NONE,
                ConcurrencyLimiter.capDetail(full), Duration.ZERO, decision.quotaScore(), Optional.empty());
        return new Run(attempt, Optional.empty(), decision, Optional.of(full));
    }

    private static Optional<Instant> retryAt(DispatchResult result, BreakerState breaker, Instant end) {
        if (result.success()) {
            return Optional.empty();
        }
        if (breaker.status() == BreakerState.Status.OPEN && breaker.openUntil().isPresent()) {
            return breaker.openUntil();
        }
        if (result.failureKind().isCapacity()) {
            return result.resetAt().or(() -> result.retryAfter().map(end::plus));
        }
        return Optional.empty();
    }

    /** The failure as the trace shows it; never blank. */
    static String errorText(DispatchResult result) {
        return result.error().isBlank()
                ? "failed with no error message (" + result.failureKind().wireName() + ")"
                : result.error().strip();
    }
}
