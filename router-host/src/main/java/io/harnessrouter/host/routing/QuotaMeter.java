package io.harnessrouter.host.routing;

import io.harnessrouter.api.QuotaObservation;
import io.harnessrouter.host.quota.Headroom;
import io.harnessrouter.host.quota.LearnedLimit;
import io.harnessrouter.host.quota.Measure;
import io.harnessrouter.host.quota.Period;
import io.harnessrouter.host.quota.QuotaPolicy;
import io.harnessrouter.host.quota.QuotaWindow;
import io.harnessrouter.host.quota.Usage;
import io.harnessrouter.host.quota.WindowState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Measures each route's quota headroom for one plan: every declared window of its scope (the route,
 * or its {@code quota_group}), a learned request limit where none is declared, the usage counted
 * in the shared state, and a refusal with a reset time reported by any route of the group.
 *
 * <p>Routes with no window, no learned limit and no group cost nothing: they are not read.
 * Thread-safety: immutable; {@link #assess} reads the store and may run concurrently.
 */
final class QuotaMeter {

    private static final Duration RATE_SPAN = Duration.ofHours(1);

    private final RoutingTable table;
    private final GuardedStore store;
    private final double defaultThreshold;
    /** Scope → the ids of this table's routes counted under it. */
    private final Map<String, List<String>> members = new LinkedHashMap<>();
    /** Scope → the windows declared by any of its routes, without repeats. */
    private final Map<String, List<QuotaWindow>> declared = new LinkedHashMap<>();

    QuotaMeter(RoutingTable table, GuardedStore store, double defaultThreshold) {
        this.table = table;
        this.store = store;
        this.defaultThreshold = defaultThreshold;
        for (RouteEntry e : table.entries()) {
            String scope = e.quota().scope(e.id());
            members.computeIfAbsent(scope, k -> new ArrayList<>()).add(e.id());
            List<QuotaWindow> windows = declared.computeIfAbsent(scope, k -> new ArrayList<>());
            e.quota().windows().stream().filter(w -> !windows.contains(w)).forEach(windows::add);
        }
    }

    /** The scope usage of a route is counted under. */
    String scope(RouteEntry entry) {
        return entry.quota().scope(entry.id());
    }

    /** Headroom of every route that has any quota information, keyed by route id. */
    Map<String, Headroom> assess(Map<String, QuotaObservation> quotas, Instant now) {
        Map<String, LearnedLimit> learned = null;
        Map<String, List<WindowState>> byScope = new HashMap<>();
        Map<String, Headroom> out = new HashMap<>();
        for (RouteEntry e : table.entries()) {
            String scope = scope(e);
            List<QuotaWindow> windows = new ArrayList<>(declared.get(scope));
            if (windows.stream().noneMatch(w -> w.measure() == Measure.REQUESTS)) {
                if (learned == null) {
                    learned = store.learnedLimits();
                }
                LearnedLimit l = learned.get(scope);
                if (l != null) {
                    windows.add(l.window());
                }
            }
            Optional<QuotaObservation> block = groupBlock(scope, quotas, now);
            if (windows.isEmpty() && block.isEmpty()) {
                continue;
            }
            List<WindowState> states = byScope.computeIfAbsent(scope, s -> measure(s, windows, now));
            double threshold = e.quota().threshold().orElse(defaultThreshold);
            out.put(e.id(), new Headroom(states, threshold, block.flatMap(QuotaObservation::resetAt),
                    block.map(b -> blockingRoute(scope, quotas, b)).orElse("")));
        }
        return out;
    }

    private List<WindowState> measure(String scope, List<QuotaWindow> windows, Instant now) {
        List<WindowState> states = new ArrayList<>(windows.size());
        Usage lastHour = null;
        for (QuotaWindow w : windows) {
            Usage used = sum(scope, w.period().windowStart(now));
            double figure = used.of(w.measure());
            Optional<Instant> reset = w.period().nextReset(now);
            if (w.period() instanceof Period.Rolling rolling) {
                reset = used.oldest().map(t -> t.plus(rolling.length()));
            }
            if (lastHour == null) {
                lastHour = sum(scope, now.minus(RATE_SPAN));
            }
            double perHour = lastHour.of(w.measure());
            Optional<Duration> toLimit = perHour > 0 && figure < w.limit()
                    ? Optional.of(Duration.ofSeconds(Math.round((w.limit() - figure) / perHour * 3600)))
                    : Optional.empty();
            states.add(new WindowState(w, figure, reset, toLimit));
        }
        return states;
    }

    private Usage sum(String scope, Instant from) {
        long requests = 0;
        long in = 0;
        long out = 0;
        double usd = 0;
        Optional<Instant> oldest = Optional.empty();
        for (String routeId : members.get(scope)) {
            Usage u = store.usage(routeId, from);
            requests += u.requests();
            in += u.inputTokens();
            out += u.outputTokens();
            usd += u.usd();
            if (u.oldest().isPresent() && (oldest.isEmpty() || u.oldest().get().isBefore(oldest.get()))) {
                oldest = u.oldest();
            }
        }
        return new Usage(requests, in, out, usd, oldest);
    }

    /**
     * A refusal that holds for the whole scope: a route of it reported its quota exhausted, or a
     * rate limit lasting at least {@link LearnedLimit#MIN_RESET_DISTANCE}, with a reset still ahead.
     * Only for quota groups: a route alone is held back by its own breaker.
     */
    private Optional<QuotaObservation> groupBlock(String scope, Map<String, QuotaObservation> quotas, Instant now) {
        List<String> ids = members.get(scope);
        if (ids.size() < 2) {
            return Optional.empty();
        }
        QuotaObservation latest = null;
        for (String id : ids) {
            QuotaObservation o = quotas.get(id);
            if (o != null && blocks(o, now) && (latest == null || o.resetAt().get().isAfter(latest.resetAt().get()))) {
                latest = o;
            }
        }
        return Optional.ofNullable(latest);
    }

    static boolean blocks(QuotaObservation o, Instant now) {
        if (o.resetAt().isEmpty() || !o.resetAt().get().isAfter(now)) {
            return false;
        }
        return o.kind() == QuotaObservation.Kind.QUOTA_EXHAUSTED
                || o.kind() == QuotaObservation.Kind.RATE_LIMITED
                        && !o.resetAt().get().isBefore(o.observedAt().plus(LearnedLimit.MIN_RESET_DISTANCE));
    }

    private String blockingRoute(String scope, Map<String, QuotaObservation> quotas, QuotaObservation block) {
        return members.get(scope).stream().filter(id -> quotas.get(id) == block).findFirst().orElse(scope);
    }

    /** The routes counted under {@code scope} in this table. */
    List<String> members(String scope) {
        return members.getOrDefault(scope, List.of());
    }

    /** The windows declared for {@code scope}. */
    List<QuotaWindow> declared(String scope) {
        return declared.getOrDefault(scope, List.of());
    }

    /** The policy threshold of a route, else the routing default. */
    double threshold(QuotaPolicy policy) {
        return policy.threshold().orElse(defaultThreshold);
    }
}
