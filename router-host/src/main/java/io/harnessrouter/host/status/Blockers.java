package io.harnessrouter.host.status;

import io.harnessrouter.api.Availability;
import io.harnessrouter.host.config.Config;
import io.harnessrouter.host.config.RouteConfig;
import io.harnessrouter.host.plugins.HarnessRegistry;
import io.harnessrouter.host.routing.RouteEntry;
import io.harnessrouter.host.state.BreakerState;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Finds the {@link Blocker} of each route of a routing table, using what only the config and the
 * plugin registry know (which variables a route needs, whether any plugin provides its harness).
 * Immutable and thread-safe.
 */
public final class Blockers {
    private final Map<String, RouteConfig> routes;
    private final Predicate<String> harnessProvided;

    private Blockers(Map<String, RouteConfig> routes, Predicate<String> harnessProvided) {
        this.routes = routes;
        this.harnessProvided = harnessProvided;
    }

    /** For a table built from {@code config} with {@code registry}'s plugins. */
    public static Blockers of(Config config, HarnessRegistry registry) {
        return new Blockers(config.routes().stream().collect(Collectors.toMap(RouteConfig::id, Function.identity())),
                // A harness whose plugin failed or is disabled is "provided": its routes show that reason.
                harness -> registry.find(harness).isPresent() || registry.unavailableReason(harness).isPresent());
    }

    /**
     * For a table that comes from neither (built by hand): every unavailable route is
     * {@link Blocker.Unavailable} with its availability reason.
     */
    public static Blockers fromAvailabilityOnly() {
        return new Blockers(Map.of(), harness -> true);
    }

    /** Empty when the route is disabled (that is a choice, not a problem) or can be dispatched now. */
    Optional<Blocker> of(RouteEntry entry, Availability availability, BreakerState breaker) {
        if (!entry.enabled()) {
            return Optional.empty();
        }
        Optional<RouteConfig> rc = Optional.ofNullable(routes.get(entry.id()));
        if (!availability.isAvailable()) {
            String reason = availability.reason();
            if (rc.isPresent() && !rc.get().unsetVariables().isEmpty()) {
                return Optional.of(new Blocker.UnsetVariables(rc.get().unsetVariables(), reason));
            }
            if (rc.isPresent() && rc.get().unavailableReason().isEmpty() && !harnessProvided.test(rc.get().harness())) {
                return Optional.of(new Blocker.NoPlugin(rc.get().harness(), reason));
            }
            return Optional.of(new Blocker.Unavailable(reason));
        }
        if (breaker.status() == BreakerState.Status.OPEN) {
            return Optional.of(new Blocker.BreakerOpen("circuit breaker open"
                    + breaker.openUntil().map(t -> " until " + t).orElse("")
                    + (breaker.lastError().isEmpty() ? "" : " (" + breaker.lastError().lines().findFirst().orElse("") + ")")));
        }
        return Optional.empty();
    }
}
