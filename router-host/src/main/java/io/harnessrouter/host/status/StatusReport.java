package io.harnessrouter.host.status;

import io.harnessrouter.api.QuotaObservation;
import io.harnessrouter.api.Tier;
import io.harnessrouter.host.routing.RouteDecision;
import io.harnessrouter.host.routing.QuotaScore;
import io.harnessrouter.host.routing.RouteEntry;
import io.harnessrouter.host.routing.RoutingTable;
import io.harnessrouter.host.state.AttemptRecord;
import io.harnessrouter.host.state.BreakerState;
import io.harnessrouter.host.state.RouteCounters;
import io.harnessrouter.host.state.StateStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A point-in-time view of every route for the status resources and dashboards: configuration,
 * availability, counters, quota and breaker, as every process on the machine sees them.
 * Immutable.
 *
 * @param generatedAt   when it was taken
 * @param configFile    the config file in use
 * @param configProblem why the config cannot be used (or why the last reload was refused)
 * @param priority      the model priority
 * @param routes        every route in config order
 * @param nextPick      the route a single-mode call would try first right now
 * @param notes         plugin problems and config warnings worth showing
 * @param recent        the newest attempts of every process, newest first
 */
public record StatusReport(
        Instant generatedAt,
        Optional<Path> configFile,
        Optional<String> configProblem,
        List<String> priority,
        List<RouteStatus> routes,
        Optional<RouteDecision> nextPick,
        List<String> notes,
        List<AttemptRecord> recent) {

    /** How many recent attempts a report carries. */
    public static final int RECENT = 10;

    public StatusReport {
        priority = List.copyOf(priority);
        routes = List.copyOf(routes);
        notes = List.copyOf(notes);
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
     * @param counters           lifetime counters across processes
     * @param quota              latest quota observation
     * @param quotaScore         the score the router uses
     * @param breaker            the shared breaker
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
            RouteCounters counters,
            Optional<QuotaObservation> quota,
            double quotaScore,
            BreakerState breaker) {
    }

    /**
     * Builds a report from a routing table and the shared state. Reads the store three times.
     *
     * @param staleAfter how long a rate-limit observation without a reset time counts (see
     *                   {@link QuotaScore})
     */
    public static StatusReport build(RoutingTable table, StateStore store, Instant now, java.time.Duration staleAfter,
            Optional<Path> configFile, Optional<String> configProblem,
            Optional<RouteDecision> nextPick, List<String> notes) {
        Map<String, RouteCounters> counters = store.counters();
        Map<String, BreakerState> breakers = store.breakers();
        Map<String, QuotaObservation> quotas = store.quotas();
        List<RouteStatus> routes = new ArrayList<>();
        for (RouteEntry e : table.entries()) {
            var availability = e.availability();
            Optional<QuotaObservation> q = Optional.ofNullable(quotas.get(e.id()));
            double score = QuotaScore.of(q.orElse(null), now, staleAfter);
            String connection = RouteConnection.of(e.spec());
            routes.add(new RouteStatus(e.id(), e.spec().model(), e.spec().tier(), e.spec().harnessId(),
                    connection, e.enabled(), availability.isAvailable(), availability.reason(),
                    counters.getOrDefault(e.id(), RouteCounters.zero(e.id())), q, score,
                    breakers.getOrDefault(e.id(), BreakerState.closed(e.id()))));
        }
        return new StatusReport(now, configFile, configProblem, table.priority(), routes, nextPick, notes,
                store.recentAttempts(RECENT));
    }

    /** A report for when no configuration could be loaded at all. */
    public static StatusReport unconfigured(Instant now, Optional<Path> configFile, String problem,
            List<String> notes) {
        return new StatusReport(now, configFile, Optional.of(problem), List.of(), List.of(),
                Optional.empty(), notes, List.of());
    }
}
