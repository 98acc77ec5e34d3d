package io.harnessrouter.host.routing;

import io.harnessrouter.api.Availability;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.QuotaObservation;
import io.harnessrouter.api.Tier;
import io.harnessrouter.host.routing.CircuitBreakerPolicy.Gate;
import io.harnessrouter.host.state.BreakerState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Orders the routes one call may use, from one read of the shared state: the priority walk
 * ({@code hints.model} first), subscription before metered per model, quota score descending with
 * declared order breaking ties. Routes that cannot be used now become skip steps carrying their
 * reason, in the place the walk reaches them.
 *
 * <p>Reads state only; never writes. Thread-safety: immutable, safe for concurrent use.
 */
final class CandidatePlanner {

    /** Skip detail of a route whose breaker another caller is probing. */
    static final String PROBE_IN_PROGRESS = "half-open probe in progress";
    /** Prefix of a decision reason when the attempt is the breaker's half-open probe. */
    static final String PROBE_PREFIX = "half-open probe; ";

    private final RoutingTable table;
    private final GuardedStore store;
    private final CircuitBreakerPolicy policy;
    private final Clock clock;
    private final java.time.Duration staleAfter;

    CandidatePlanner(RoutingTable table, GuardedStore store, CircuitBreakerPolicy policy, Clock clock,
            java.time.Duration capacityStaleAfter) {
        this.table = table;
        this.store = store;
        this.policy = policy;
        this.clock = clock;
        this.staleAfter = capacityStaleAfter;
    }

    /** The state one plan is made from: read once, not per route. */
    record Snapshot(Map<String, QuotaObservation> quotas, Map<String, BreakerState> breakers, Instant now) {
    }

    /** A route to attempt ({@code skipped} null) or to record as skipped ({@code decision} null). */
    record Step(RouteEntry entry, RouteDecision decision, boolean probe, Attempt skipped) {
        boolean isSkip() {
            return skipped != null;
        }
    }

    /**
     * One plan. {@code error} is set when the request cannot be planned at all (unknown
     * {@code hints.service}); {@code notes} are trace lines about the request itself.
     */
    record Plan(List<String> priority, List<Step> steps, List<Attempt> notes, Optional<String> error) {
    }

    Snapshot snapshot() {
        return new Snapshot(store.quotas(), store.breakers(), clock.instant());
    }

    /** The single-mode plan, leaving out the routes in {@code done}. */
    Plan plan(RouteRequest request, Set<String> done) {
        Snapshot snap = snapshot();
        if (request.hintService().isPresent()) {
            return forced(request.hintService().get(), done, snap);
        }
        List<Attempt> notes = new ArrayList<>();
        List<String> priority = priority(request, notes);
        List<Step> steps = new ArrayList<>();
        for (String model : priority) {
            for (Tier tier : Tier.values()) {
                addGroup(model, tier, done, snap, steps);
            }
        }
        return new Plan(priority, steps, notes, Optional.empty());
    }

    /** One route as fanout runs it: reason {@code explicit}, or a skip step. */
    Step explicit(RouteEntry entry, Snapshot snap) {
        Assessed a = assess(entry, snap);
        return a.toStep("explicit");
    }

    private Plan forced(String routeId, Set<String> done, Snapshot snap) {
        Optional<RouteEntry> entry = table.entry(routeId);
        if (entry.isEmpty()) {
            String configured = table.routeIds().isEmpty() ? "(none)" : String.join(", ", table.routeIds());
            return new Plan(List.of(), List.of(), List.of(), Optional.of("hints.service \"" + routeId
                    + "\" is not a configured route. Configured routes: " + configured));
        }
        List<String> priority = List.of(entry.get().spec().model());
        if (done.contains(routeId)) {
            return new Plan(priority, List.of(), List.of(), Optional.empty());
        }
        return new Plan(priority, List.of(assess(entry.get(), snap).toStep("forced")), List.of(), Optional.empty());
    }

    private List<String> priority(RouteRequest request, List<Attempt> notes) {
        LinkedHashSet<String> models = new LinkedHashSet<>();
        request.hintModel().ifPresent(hint -> {
            if (table.hasModel(hint)) {
                models.add(hint);
            } else {
                String configured = table.models().isEmpty() ? "(none)" : String.join(", ", table.models());
                notes.add(Attempt.note(hint, "hints.model \"" + hint + "\" has no configured route and was "
                        + "ignored. Configured models: " + configured));
            }
        });
        models.addAll(table.priority());
        return List.copyOf(models);
    }

    private void addGroup(String model, Tier tier, Set<String> done, Snapshot snap, List<Step> steps) {
        List<Assessed> group = new ArrayList<>();
        for (RouteEntry e : table.routes(model, tier)) {
            if (!done.contains(e.id())) {
                group.add(assess(e, snap));
            }
        }
        // Skipped routes first, so the trace explains why a route declared (or scored) higher was
        // passed over even when a later one succeeds; then usable ones by score. List.sort is
        // stable: equal keys keep the declared order.
        group.sort(Comparator.comparing((Assessed a) -> a.skipDetail == null)
                .thenComparing(Comparator.comparingDouble(Assessed::score).reversed()));
        long usable = group.stream().filter(a -> a.skipDetail == null).count();
        for (Assessed a : group) {
            steps.add(a.toStep(String.format(Locale.ROOT, "model=%s tier=%s svc=%s quota=%.2f (%d %s)",
                    model, tier.wireName(), a.entry.id(), a.score, usable,
                    usable == 1 ? "candidate" : "candidates")));
        }
    }

    private Assessed assess(RouteEntry entry, Snapshot snap) {
        double score = QuotaScore.of(snap.quotas().get(entry.id()), snap.now(), staleAfter);
        Availability availability = availability(entry);
        if (!availability.isAvailable()) {
            return new Assessed(entry, score, false, availability.reason(), Optional.empty());
        }
        BreakerState breaker = snap.breakers().getOrDefault(entry.id(), BreakerState.closed(entry.id()));
        Gate gate = policy.gate(breaker, snap.now());
        if (gate == Gate.CLOSED || gate == Gate.PROBE_AVAILABLE) {
            return new Assessed(entry, score, gate == Gate.PROBE_AVAILABLE, null, Optional.empty());
        }
        return new Assessed(entry, score, false, breakerSkipDetail(breaker, gate), breakerRetryAt(breaker, gate));
    }

    /** Why a route with this breaker is skipped. */
    static String breakerSkipDetail(BreakerState breaker, Gate gate) {
        if (gate != Gate.OPEN) {
            return PROBE_IN_PROGRESS;
        }
        String until = breaker.openUntil().map(CandidatePlanner::iso).orElse("now");
        String last = breaker.lastError().isBlank() ? "" : " (last error: " + oneLine(breaker.lastError(), 200) + ")";
        return "circuit breaker open until " + until + last;
    }

    /** When a route skipped for this breaker may be tried again. */
    static Optional<Instant> breakerRetryAt(BreakerState breaker, Gate gate) {
        return gate == Gate.OPEN ? breaker.openUntil() : Optional.empty();
    }

    /** An instant as ISO-8601 UTC to the second, as every message shows times. */
    static String iso(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Collapses whitespace and cuts to {@code max} characters for a one-line trace entry. */
    static String oneLine(String text, int max) {
        String flat = text.strip().replaceAll("\\s+", " ");
        return flat.length() <= max ? flat : flat.substring(0, max - 1) + "…";
    }

    private static Availability availability(RouteEntry entry) {
        try {
            Availability a = entry.availability();
            return a == null ? Availability.unavailable("the plugin reported no availability") : a;
        } catch (RuntimeException e) {
            return Availability.unavailable("the availability check of harness '" + entry.spec().harnessId()
                    + "' failed: " + e);
        }
    }

    /** One route as assessed for this plan. {@code skipDetail} is null when it may be attempted. */
    private record Assessed(RouteEntry entry, double score, boolean probe, String skipDetail,
                            Optional<Instant> retryAt) {

        Step toStep(String reason) {
            var spec = entry.spec();
            if (skipDetail != null) {
                return new Step(entry, null, false, new Attempt(spec.id(), spec.model(), spec.tier(),
                        Attempt.Status.SKIPPED, FailureKind.NONE, skipDetail, Duration.ZERO, score, retryAt));
            }
            String full = probe ? PROBE_PREFIX + reason : reason;
            return new Step(entry, new RouteDecision(spec.model(), spec.id(), spec.tier(), score, full), probe, null);
        }
    }
}
