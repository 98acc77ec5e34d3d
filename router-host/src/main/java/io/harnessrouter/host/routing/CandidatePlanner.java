package io.harnessrouter.host.routing;

import io.harnessrouter.api.Availability;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.QuotaObservation;
import io.harnessrouter.api.Tier;
import io.harnessrouter.host.quota.Headroom;
import io.harnessrouter.host.quota.Period;
import io.harnessrouter.host.quota.WindowState;
import io.harnessrouter.host.routing.CircuitBreakerPolicy.Gate;
import io.harnessrouter.host.state.BreakerState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Orders the routes one call may use, from one read of the shared state: the priority walk
 * ({@code hints.model} first), subscription before metered per model; within a tier the routes
 * with quota headroom first, the one whose window resets soonest before the others (capacity that
 * expires unused is lost), then quota score descending, then declared order. A route at or above
 * its quota threshold is tried only after the routes of its tier with headroom, and a note in the
 * trace says why; a route whose window is used up (or whose quota group was refused until a reset)
 * is skipped unless the call pins it. Routes that cannot be used now become skip steps carrying
 * their reason, in the place the walk reaches them.
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
    private final QuotaMeter meter;

    CandidatePlanner(RoutingTable table, GuardedStore store, CircuitBreakerPolicy policy, Clock clock,
            java.time.Duration capacityStaleAfter, QuotaMeter meter) {
        this.table = table;
        this.store = store;
        this.policy = policy;
        this.clock = clock;
        this.staleAfter = capacityStaleAfter;
        this.meter = meter;
    }

    /** The state one plan is made from: read once, not per route. */
    record Snapshot(Map<String, QuotaObservation> quotas, Map<String, BreakerState> breakers,
                    Map<String, Headroom> headroom, Instant now) {
        Headroom headroomOf(String routeId) {
            return headroom.getOrDefault(routeId, Headroom.UNKNOWN);
        }
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
        Instant now = clock.instant();
        Map<String, QuotaObservation> quotas = store.quotas();
        return new Snapshot(quotas, store.breakers(), meter.assess(quotas, now), now);
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
                addGroup(model, tier, done, snap, steps, notes);
            }
        }
        return new Plan(priority, steps, notes, Optional.empty());
    }

    /** One route as fanout runs it: reason {@code explicit}, or a skip step. */
    Step explicit(RouteEntry entry, Snapshot snap) {
        Assessed a = assess(entry, snap);
        return a.toStep(a.headroom.overThreshold() ? "explicit; " + a.headroom.tightest().get().describe() : "explicit");
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
        Assessed a = assess(entry.get(), snap, true);
        String reason = a.headroom.exhausted() || a.headroom.overThreshold()
                ? "forced; " + a.headroom.tightest().map(w -> w.describe()).orElse(a.headroom.exhaustedDetail())
                : "forced";
        return new Plan(priority, List.of(a.toStep(reason)), List.of(), Optional.empty());
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

    private void addGroup(String model, Tier tier, Set<String> done, Snapshot snap, List<Step> steps,
                          List<Attempt> notes) {
        List<Assessed> group = new ArrayList<>();
        for (RouteEntry e : table.routes(model, tier)) {
            if (!done.contains(e.id())) {
                group.add(assess(e, snap, false));
            }
        }
        // Skipped routes first, so the trace explains why a route declared (or scored) higher was
        // passed over even when a later one succeeds; then usable ones: the routes passed over for
        // the threshold after the others, the soonest reset first, by score. List.sort is stable:
        // equal keys keep the declared order.
        Set<Assessed> deferred = new HashSet<>();
        for (Assessed a : group) {
            if (a.skipDetail != null || !a.headroom.overThreshold()) {
                continue;
            }
            List<Assessed> withHeadroom = group.stream()
                    .filter(b -> b != a && b.skipDetail == null && !b.headroom.overThreshold()).toList();
            if (withHeadroom.isEmpty()) {
                continue;
            }
            if (withHeadroom.stream().anyMatch(b -> !resetsSooner(a.headroom, b.headroom, snap.now()))) {
                deferred.add(a);
                notes.add(Attempt.note(model, a.entry.id() + " " + a.headroom.passedOverDetail()));
            } else {
                notes.add(Attempt.note(model, a.entry.id() + " " + a.headroom.tightest().get().describe()
                        + "; used before the routes of this model with headroom, as its window resets sooner"
                        + " than theirs"));
            }
        }
        group.sort(Comparator.comparing((Assessed a) -> a.skipDetail == null)
                .thenComparing(deferred::contains)
                .thenComparing(a -> expires(a.headroom, snap.now()))
                .thenComparing(Comparator.comparingDouble(Assessed::score).reversed()));
        long usable = group.stream().filter(a -> a.skipDetail == null).count();
        for (Assessed a : group) {
            steps.add(a.toStep(String.format(Locale.ROOT, "model=%s tier=%s svc=%s quota=%.2f (%d %s)%s",
                    model, tier.wireName(), a.entry.id(), a.score, usable,
                    usable == 1 ? "candidate" : "candidates", quotaNote(a.headroom))));
        }
    }

    /**
     * True when a route over its threshold gets its capacity back before {@code other} does: its
     * window resets first, while {@code other} has windows of its own. Keeping the reserve of such
     * a route for later would leave capacity unused that frees anyway, and move the calls onto a
     * window that lasts longer (often a daily or monthly one): the later calls of the day would
     * then find both spent and go metered. The threshold still holds against routes with no quota
     * information and against windows that reset no later.
     */
    private static boolean resetsSooner(Headroom over, Headroom other, Instant now) {
        return !other.windows().isEmpty() && expires(over, now).isBefore(expires(other, now));
    }

    /**
     * When unused capacity of the route starts to be lost: the soonest reset among its windows; a
     * rolling window with nothing counted yet loses capacity all the time, so a call now is what
     * it would get back soonest ({@code now} plus its length). {@link Instant#MAX} for a route with
     * no window: its capacity is not known to expire.
     */
    static Instant expires(Headroom h, Instant now) {
        Instant soonest = Instant.MAX;
        for (WindowState w : h.windows()) {
            Optional<Instant> at = w.resetAt().or(() -> w.window().period() instanceof Period.Rolling r
                    ? Optional.of(now.plus(r.length())) : Optional.empty());
            if (at.isPresent() && at.get().isBefore(soonest)) {
                soonest = at.get();
            }
        }
        return soonest;
    }

    /** The tightest window, when the route has one, for the decision reason. */
    private static String quotaNote(Headroom h) {
        return h.tightest().map(w -> "; " + w.describe()).orElse("");
    }

    private Assessed assess(RouteEntry entry, Snapshot snap) {
        return assess(entry, snap, false);
    }

    /** {@code pinned}: the call names this route, so a used-up quota does not skip it. */
    private Assessed assess(RouteEntry entry, Snapshot snap, boolean pinned) {
        double score = QuotaScore.of(snap.quotas().get(entry.id()), snap.now(), staleAfter);
        Headroom headroom = snap.headroomOf(entry.id());
        Availability availability = availability(entry);
        if (!availability.isAvailable()) {
            return new Assessed(entry, score, false, availability.reason(), Optional.empty(), headroom);
        }
        BreakerState breaker = snap.breakers().getOrDefault(entry.id(), BreakerState.closed(entry.id()));
        Gate gate = policy.gate(breaker, snap.now());
        if (gate != Gate.CLOSED && gate != Gate.PROBE_AVAILABLE) {
            return new Assessed(entry, score, false, breakerSkipDetail(breaker, gate), breakerRetryAt(breaker, gate),
                    headroom);
        }
        if (headroom.exhausted() && !pinned) {
            return new Assessed(entry, score, false, headroom.exhaustedDetail(), headroom.freesAt(), headroom);
        }
        return new Assessed(entry, score, gate == Gate.PROBE_AVAILABLE, null, Optional.empty(), headroom);
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
                            Optional<Instant> retryAt, Headroom headroom) {

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
