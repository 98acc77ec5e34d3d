package io.harnessrouter.host.routing;

import io.harnessrouter.api.QuotaHeaderParser;
import io.harnessrouter.api.QuotaObservation;
import io.harnessrouter.api.RouteSpec;
import io.harnessrouter.api.Tier;
import io.harnessrouter.host.config.RoutingSettings;
import io.harnessrouter.host.quota.QuotaPolicy;
import io.harnessrouter.host.state.BreakerState;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Builds a {@link Router} over fake dispatchers, an in-memory store and a settable clock.
 * Declare routes in config order, then call {@link #router()}. Close it to stop the fanout pool.
 */
public final class RoutingFixture implements AutoCloseable {

    public static final Instant T0 = Instant.parse("2026-11-22T14:00:00Z");
    public static final Duration ROUTE_TIMEOUT = Duration.ofSeconds(90);

    public final InMemoryStateStore store = new InMemoryStateStore();
    public final MutableClock clock = new MutableClock(T0);
    public final ExecutorService pool = Executors.newCachedThreadPool();
    private final Map<String, FakeDispatcher> dispatchers = new LinkedHashMap<>();
    private final Map<String, QuotaHeaderParser> parsers = new HashMap<>();
    private final Map<String, String> unknownHarness = new HashMap<>();
    private final Set<String> disabled = new HashSet<>();
    private final Map<String, Integer> caps = new HashMap<>();
    private final Map<String, Duration> timeouts = new HashMap<>();
    private final Map<String, QuotaPolicy> quotas = new HashMap<>();
    private List<String> priority = List.of();
    private List<String> mixtureDefault = List.of();
    RoutingSettings settings = RoutingSettings.DEFAULTS;

    /** A subscription route {@code <model>::<harness>} whose CLI gets model id {@code cli-<model>}. */
    public FakeDispatcher subscription(String model, String harness) {
        return add(new RouteSpec(model + "::" + harness, model, harness, Tier.SUBSCRIPTION, Optional.of(harness),
                "cli-" + model, Optional.empty(), Optional.empty(), ROUTE_TIMEOUT, Map.of(), Map.of()));
    }

    /** A metered route {@code <model>::<host>}. */
    public FakeDispatcher metered(String model, String host) {
        return add(new RouteSpec(model + "::" + host, model, "openai-compatible", Tier.METERED, Optional.empty(),
                "api-" + model, Optional.of(URI.create("https://" + host + "/v1")), Optional.empty(), ROUTE_TIMEOUT,
                Map.of(), Map.of()));
    }

    private FakeDispatcher add(RouteSpec spec) {
        FakeDispatcher d = new FakeDispatcher(spec);
        dispatchers.put(spec.id(), d);
        return d;
    }

    public RoutingFixture priority(String... models) {
        priority = List.of(models);
        return this;
    }

    public RoutingFixture mixtureDefault(String... models) {
        mixtureDefault = List.of(models);
        return this;
    }

    public RoutingFixture disable(String routeId) {
        disabled.add(routeId);
        return this;
    }

    /** The route has no plugin: its entry carries no dispatcher but this reason. */
    public RoutingFixture noPlugin(String routeId, String reason) {
        unknownHarness.put(routeId, reason);
        return this;
    }

    /** The route's own {@code max_concurrent}. */
    public RoutingFixture maxConcurrent(String routeId, int cap) {
        caps.put(routeId, cap);
        return this;
    }

    /** The route's {@code timeout_seconds}, instead of {@link #ROUTE_TIMEOUT}. */
    public RoutingFixture timeout(String routeId, Duration timeout) {
        timeouts.put(routeId, timeout);
        return this;
    }

    /** The route's {@code quota:}, {@code quota_group} and {@code quota_threshold}. */
    public RoutingFixture quotaPolicy(String routeId, QuotaPolicy policy) {
        quotas.put(routeId, policy);
        return this;
    }

    public RoutingFixture quotaParser(String routeId, QuotaHeaderParser parser) {
        parsers.put(routeId, parser);
        return this;
    }

    public RoutingTable table() {
        List<RouteEntry> entries = new ArrayList<>();
        dispatchers.forEach((id, d) -> entries.add(new RouteEntry(
                timeouts.containsKey(id) ? d.route().withTimeout(timeouts.get(id)) : d.route(), !disabled.contains(id),
                unknownHarness.containsKey(id) ? Optional.empty() : Optional.of(d), parsers.get(id),
                Optional.ofNullable(unknownHarness.get(id)),
                caps.containsKey(id) ? OptionalInt.of(caps.get(id)) : OptionalInt.empty(),
                quotas.getOrDefault(id, QuotaPolicy.NONE))));
        return new RoutingTable(entries, priority, mixtureDefault);
    }

    public Router router() {
        return new Router(table(), store, settings, clock, pool);
    }

    /** Sets the route's quota as if a dispatch observed {@code remaining} of {@code limit}. */
    public void quota(String routeId, long remaining, long limit) {
        store.saveQuota(routeId, new QuotaObservation(OptionalLong.of(remaining), OptionalLong.of(limit),
                OptionalLong.empty(), Optional.empty(), QuotaObservation.Kind.OK, "headers", T0));
    }

    /** Opens the route's breaker until {@code until}, as another process would have. */
    public void openBreaker(String routeId, Instant until, int openCount, String lastError) {
        store.putBreaker(new BreakerState(routeId, BreakerState.Status.OPEN, 0, openCount, Optional.of(until),
                Optional.empty(), Optional.empty(), lastError, clock.instant()));
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
