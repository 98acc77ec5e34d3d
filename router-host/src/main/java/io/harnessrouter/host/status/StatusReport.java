package io.harnessrouter.host.status;

import io.harnessrouter.api.QuotaObservation;
import io.harnessrouter.api.Tier;
import io.harnessrouter.host.config.ConfigProblem;
import io.harnessrouter.host.config.RoutingSettings;
import io.harnessrouter.host.plugins.PluginProblem;
import io.harnessrouter.host.quota.Headroom;
import io.harnessrouter.host.routing.QuotaScore;
import io.harnessrouter.host.routing.RouteDecision;
import io.harnessrouter.host.routing.RouteEntry;
import io.harnessrouter.host.routing.RoutingTable;
import io.harnessrouter.host.state.AttemptRecord;
import io.harnessrouter.host.state.BreakerState;
import io.harnessrouter.host.state.RouteCounters;
import io.harnessrouter.host.state.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A point-in-time view of every route for the status resources and the banner: configuration,
 * availability, counters, quota and breaker, as every process on the machine sees them, and every
 * problem found on the way (config, plugins, state store). Immutable.
 *
 * @param generatedAt    when it was taken
 * @param config         the config file, whether it is in use, and its problems and warnings
 * @param priority       the model priority
 * @param routes         every route in config order
 * @param nextPick       the route a single-mode call would try first right now
 * @param pluginProblems the plugins (or harnesses) the registry could not use
 * @param storeProblem   why the shared state file could not be opened, when routing runs on
 *                       in-memory state instead
 * @param recent         the newest attempts of every process, newest first
 */
public record StatusReport(
        Instant generatedAt,
        ConfigStatus config,
        List<String> priority,
        List<RouteStatus> routes,
        Optional<RouteDecision> nextPick,
        List<PluginProblem> pluginProblems,
        Optional<String> storeProblem,
        List<AttemptRecord> recent) {

    /** How many recent attempts a report carries. */
    public static final int RECENT = 10;

    public StatusReport {
        priority = List.copyOf(priority);
        routes = List.copyOf(routes);
        pluginProblems = List.copyOf(pluginProblems);
        storeProblem = storeProblem == null ? Optional.empty() : storeProblem;
        recent = List.copyOf(recent);
    }

    /**
     * One route's status.
     *
     * @param id                 route id
     * @param model              model key
     * @param tier               tier
     * @param harness            harness id
     * @param connection         the command (CLI) or base URL (HTTP)
     * @param enabled            {@code enabled:} in the config
     * @param available          usable now, breaker aside
     * @param availabilityReason why not
     * @param blocker            why an enabled route cannot be dispatched now (breaker included),
     *                           by kind; empty when it can, or when it is disabled
     * @param counters           lifetime counters across processes
     * @param quota              latest quota observation
     * @param quotaScore         the score the router uses
     * @param breaker            the shared breaker
     * @param inFlight           dispatches running on the route now, in every process
     * @param maxConcurrent      how many may run at once ({@code max_concurrent})
     * @param headroom           the quota windows of the route's scope (declared or learned) with
     *                           their usage, reset and projection, as the router sees them now;
     *                           {@link Headroom#UNKNOWN} for a route with no quota information
     */
    public record RouteStatus(
            String id,
            String model,
            Tier tier,
            String harness,
            String connection,
            boolean enabled,
            boolean available,
            String availabilityReason,
            Optional<Blocker> blocker,
            RouteCounters counters,
            Optional<QuotaObservation> quota,
            double quotaScore,
            BreakerState breaker,
            int inFlight,
            int maxConcurrent,
            Headroom headroom) {

        public RouteStatus {
            headroom = headroom == null ? Headroom.UNKNOWN : headroom;
        }

        /** A route with no quota windows. */
        public RouteStatus(String id, String model, Tier tier, String harness, String connection, boolean enabled,
                boolean available, String availabilityReason, Optional<Blocker> blocker, RouteCounters counters,
                Optional<QuotaObservation> quota, double quotaScore, BreakerState breaker, int inFlight,
                int maxConcurrent) {
            this(id, model, tier, harness, connection, enabled, available, availabilityReason, blocker, counters,
                    quota, quotaScore, breaker, inFlight, maxConcurrent, Headroom.UNKNOWN);
        }

        /** Where the route stands against its quota windows. */
        public QuotaStanding standing() {
            if (headroom.exhausted()) {
                return QuotaStanding.USED_UP;
            }
            return headroom.overThreshold() ? QuotaStanding.PASSED_OVER : QuotaStanding.WITHIN;
        }
    }

    /** A route's place against its quota windows, as the planner treats it. */
    public enum QuotaStanding {
        /** No window at its threshold (or no window at all): routed normally. */
        WITHIN("within"),
        /** A window at or above the threshold: tried after the routes of its model with headroom. */
        PASSED_OVER("passed_over"),
        /** A window used up, or its quota group refused: skipped unless the call pins it. */
        USED_UP("used_up");

        private final String wireName;

        QuotaStanding(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /**
     * The lines the text status shows as notes, in order: plugin problems, the state store's
     * fallback, then the warnings of the config in use.
     */
    public List<String> notes() {
        List<String> notes = new ArrayList<>();
        pluginProblems.forEach(p -> notes.add(p.toString()));
        storeProblem.ifPresent(notes::add);
        if (config.inUse()) {
            config.warnings().stream().map(ConfigProblem::toString).forEach(notes::add);
        }
        return notes;
    }

    /**
     * Builds a report from a routing table and the shared state. Reads the store five times.
     *
     * @param staleAfter how long a rate-limit observation without a reset time counts (see
     *                   {@link QuotaScore})
     * @param blockers   what the config and plugins say about unavailable routes
     */
    public static StatusReport build(RoutingTable table, StateStore store, Instant now, Duration staleAfter,
            ConfigStatus config, Blockers blockers, Optional<RouteDecision> nextPick,
            List<PluginProblem> pluginProblems, Optional<String> storeProblem) {
        return build(table, store, now, staleAfter, config, blockers, nextPick, pluginProblems, storeProblem,
                RoutingSettings.DEFAULTS);
    }

    /** As above, with the routing settings that give each route's default concurrency cap. */
    public static StatusReport build(RoutingTable table, StateStore store, Instant now, Duration staleAfter,
            ConfigStatus config, Blockers blockers, Optional<RouteDecision> nextPick,
            List<PluginProblem> pluginProblems, Optional<String> storeProblem, RoutingSettings settings) {
        return build(table, store, now, staleAfter, config, blockers, nextPick, pluginProblems, storeProblem, settings,
                Map.of());
    }

    /**
     * As above, with each route's quota headroom ({@link io.harnessrouter.host.routing.Router#headroom()});
     * routes absent from {@code headroom} have none.
     */
    public static StatusReport build(RoutingTable table, StateStore store, Instant now, Duration staleAfter,
            ConfigStatus config, Blockers blockers, Optional<RouteDecision> nextPick,
            List<PluginProblem> pluginProblems, Optional<String> storeProblem, RoutingSettings settings,
            Map<String, Headroom> headroom) {
        Map<String, RouteCounters> counters = store.counters();
        Map<String, Integer> slots = store.slotsInUse();
        Map<String, BreakerState> breakers = store.breakers();
        Map<String, QuotaObservation> quotas = store.quotas();
        List<RouteStatus> routes = new ArrayList<>();
        for (RouteEntry e : table.entries()) {
            var availability = e.availability();
            Optional<QuotaObservation> q = Optional.ofNullable(quotas.get(e.id()));
            double score = QuotaScore.of(q.orElse(null), now, staleAfter);
            BreakerState breaker = breakers.getOrDefault(e.id(), BreakerState.closed(e.id()));
            routes.add(new RouteStatus(e.id(), e.spec().model(), e.spec().tier(), e.spec().harnessId(),
                    RouteConnection.of(e.spec()), e.enabled(), availability.isAvailable(), availability.reason(),
                    blockers.of(e, availability, breaker), counters.getOrDefault(e.id(), RouteCounters.zero(e.id())),
                    q, score, breaker, slots.getOrDefault(e.id(), 0),
                    e.maxConcurrent().orElse(settings.maxConcurrent(e.spec().tier())),
                    headroom.getOrDefault(e.id(), Headroom.UNKNOWN)));
        }
        return new StatusReport(now, config, table.priority(), routes, nextPick, pluginProblems, storeProblem,
                store.recentAttempts(RECENT));
    }

    /** A report for when no configuration is in use at all ({@code config} says why). */
    public static StatusReport unconfigured(Instant now, ConfigStatus config, List<PluginProblem> pluginProblems,
            Optional<String> storeProblem) {
        return new StatusReport(now, config, List.of(), List.of(), Optional.empty(), pluginProblems, storeProblem,
                List.of());
    }
}
