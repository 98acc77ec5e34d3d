package io.harnessrouter.host.routing;

import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.Tier;
import io.harnessrouter.host.quota.LearnedLimit;
import io.harnessrouter.host.quota.Measure;
import io.harnessrouter.host.quota.Usage;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Counts what each attempt used in the shared state, where every process adds to the same
 * per-minute rows: a request when the dispatch starts (so calls in flight count against the
 * window), taken back when the provider refused it, and tokens when it ends. Learns a request
 * limit for a scope that declares none when the provider says its window is spent.
 *
 * <p>Thread-safety: stateless apart from the store; safe for concurrent attempts.
 */
final class UsageAccounting {

    /** Failures that prove the provider served nothing: the request is taken back. */
    private static final Set<FailureKind> REFUSED = EnumSet.of(FailureKind.RATE_LIMITED,
            FailureKind.QUOTA_EXHAUSTED, FailureKind.AUTH, FailureKind.FORBIDDEN, FailureKind.NOT_INSTALLED,
            FailureKind.MODEL_REJECTED);

    private static final Usage ONE_REQUEST = new Usage(1, 0, 0, 0, Optional.empty());

    private final GuardedStore store;
    private final QuotaMeter meter;

    UsageAccounting(GuardedStore store, QuotaMeter meter) {
        this.store = store;
        this.meter = meter;
    }

    /**
     * What an attempt cost in US dollars: on a metered route the cost the dispatcher reported, else
     * its tokens at the route's {@code price:}, else 0 (unknown). A subscription route is billed
     * flat, so its attempts cost 0 here even when the CLI prints a cost (claude prints the API
     * price on a Pro or Max plan too); {@code harness-router usage} prices its tokens as savings.
     */
    static double cost(RouteEntry entry, DispatchResult result) {
        if (entry.spec().tier() != Tier.METERED) {
            return 0;
        }
        if (result.costUsd().isPresent()) {
            return result.costUsd().getAsDouble();
        }
        return entry.quota().price().flatMap(p -> result.tokenUsage().map(t -> p.cost(t.input(), t.output())))
                .orElse(0.0);
    }

    /** Counts the request of a dispatch starting now. */
    void started(RouteEntry entry, Instant started) {
        store.addUsage(entry.id(), started, ONE_REQUEST);
    }

    /**
     * Settles a finished dispatch into the minute it started in: takes the request back when the
     * provider refused it, adds its tokens and cost, and learns a limit from a spent window.
     */
    void finished(RouteEntry entry, DispatchResult result, Instant started, Instant end, double costUsd) {
        boolean refused = !result.success() && REFUSED.contains(result.failureKind());
        long in = result.tokenUsage().map(t -> t.input()).orElse(0L);
        long out = result.tokenUsage().map(t -> t.output()).orElse(0L);
        if (refused || in > 0 || out > 0 || costUsd > 0) {
            store.addUsage(entry.id(), started, new Usage(refused ? -1 : 0, in, out, costUsd, Optional.empty()));
        }
        if (spentWindow(result, end)) {
            learn(entry, end);
        } else if (result.success()) {
            raiseLearned(entry, end);
        }
    }

    /** Quota exhausted, or a rate limit that lasts long enough to be a spent window, not a throttle. */
    private static boolean spentWindow(DispatchResult result, Instant end) {
        if (result.success()) {
            return false;
        }
        if (result.failureKind() == FailureKind.QUOTA_EXHAUSTED) {
            return true;
        }
        if (result.failureKind() != FailureKind.RATE_LIMITED) {
            return false;
        }
        Optional<Instant> until = result.resetAt().or(() -> result.retryAfter().map(end::plus));
        return until.isPresent() && !until.get().isBefore(end.plus(LearnedLimit.MIN_RESET_DISTANCE));
    }

    private void learn(RouteEntry entry, Instant end) {
        String scope = meter.scope(entry);
        if (declaresRequests(scope)) {
            return;
        }
        long served = served(scope, end);
        if (served >= 1) {
            store.saveLearnedLimit(new LearnedLimit(scope, served, LearnedLimit.DEFAULT_PERIOD, end));
        }
    }

    /** A route served more than its learned limit (the estimate was low): raise the estimate. */
    private void raiseLearned(RouteEntry entry, Instant end) {
        String scope = meter.scope(entry);
        if (declaresRequests(scope)) {
            return;
        }
        LearnedLimit known = store.learnedLimits().get(scope);
        if (known == null) {
            return;
        }
        long served = served(scope, end);
        if (served > known.requests()) {
            store.saveLearnedLimit(new LearnedLimit(scope, served, known.period(), end));
        }
    }

    private boolean declaresRequests(String scope) {
        return meter.declared(scope).stream().anyMatch(w -> w.measure() == Measure.REQUESTS);
    }

    private long served(String scope, Instant end) {
        Instant from = end.minus(LearnedLimit.DEFAULT_PERIOD);
        return meter.members(scope).stream().mapToLong(id -> store.usage(id, from).requests()).sum();
    }
}
