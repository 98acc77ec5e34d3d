package io.harnessrouter.host.runtime;

import io.harnessrouter.api.Dispatcher;
import io.harnessrouter.api.Harness;
import io.harnessrouter.api.HarnessContext;
import io.harnessrouter.api.QuotaHeaderParser;
import io.harnessrouter.api.RouteSpec;
import io.harnessrouter.host.config.Config;
import io.harnessrouter.host.config.RouteConfig;
import io.harnessrouter.host.plugins.HarnessRegistry;
import io.harnessrouter.host.plugins.PluginCallException;
import io.harnessrouter.host.routing.RouteEntry;
import io.harnessrouter.host.routing.RoutingTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins a configuration with the loaded harness plugins: one {@link RouteEntry} per configured
 * route, with the dispatcher its plugin made, or the reason there is none. Used by the runtime on
 * every config load and by {@code harness-router doctor}. Stateless and thread-safe.
 */
public final class RoutingTables {
    private static final Logger LOG = LoggerFactory.getLogger(RoutingTables.class);

    private RoutingTables() {
    }

    /** One entry per route of {@code config}, in config order; never throws for a plugin's fault. */
    public static RoutingTable build(Config config, HarnessRegistry registry, HarnessContext context) {
        List<RouteEntry> entries = new ArrayList<>();
        for (RouteConfig rc : config.routes()) {
            entries.add(entry(config, rc, registry, context));
        }
        return new RoutingTable(entries, config.priority(), config.mixtureDefault());
    }

    /** The harness's own default timeout; a plugin that throws or returns null or a non-positive one has none. */
    private static Optional<java.time.Duration> harnessTimeout(Harness h) {
        try {
            Optional<java.time.Duration> t = h.defaultTimeout();
            return t == null ? Optional.empty() : t.filter(d -> !d.isNegative() && !d.isZero());
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("harness {} failed to report its default timeout; the routing default applies: {}", h.id(), e.toString());
            return Optional.empty();
        }
    }

    private static RouteEntry entry(Config config, RouteConfig rc, HarnessRegistry registry, HarnessContext context) {
        Optional<Harness> harness = registry.find(rc.harness());
        RouteSpec spec = new RouteSpec(rc.id(), rc.model(), harness.map(Harness::id).orElse(rc.harness()),
                rc.tier(), rc.command().or(() -> harness.flatMap(Harness::defaultCommand)), rc.cliModel(),
                rc.baseUrl(), rc.apiKey(), rc.timeout().or(() -> harness.flatMap(RoutingTables::harnessTimeout))
                        .orElse(config.routing().dispatchTimeout()),
                rc.env(), rc.settings());
        if (rc.unavailableReason().isPresent()) {
            return new RouteEntry(spec, rc.enabled(), Optional.empty(), QuotaHeaderParser.NONE, rc.unavailableReason(),
                    rc.maxConcurrent(), rc.quota());
        }
        if (harness.isEmpty()) {
            Optional<String> pluginDown = registry.unavailableReason(rc.harness());
            if (pluginDown.isPresent()) {
                return new RouteEntry(spec, rc.enabled(), Optional.empty(), QuotaHeaderParser.NONE, Optional.of(
                        "harness '" + rc.harness() + "' is not served: " + pluginDown.get()
                                + " (see harness-router plugins list)"), rc.maxConcurrent(), rc.quota());
            }
            String known = registry.harnesses().stream().map(h -> h.id()).sorted().collect(Collectors.joining(", "));
            return new RouteEntry(spec, rc.enabled(), Optional.empty(), QuotaHeaderParser.NONE, Optional.of(
                    "no plugin provides harness '" + rc.harness() + "' (installed: " + known
                            + "); install the harness's plugin into ~/.harness-router/plugins (see docs/plugins.md)"
                            + " or fix the name"), rc.maxConcurrent(), rc.quota());
        }
        Harness h = harness.get();
        try {
            Dispatcher d = h.dispatcher(spec, context);
            return new RouteEntry(spec, rc.enabled(), Optional.of(d), h.quotaHeaderParser(), Optional.empty(),
                    rc.maxConcurrent(), rc.quota());
        } catch (RuntimeException | LinkageError e) {
            LOG.error("harness {} failed to create a dispatcher for {}", h.id(), rc.id(), e);
            String why = e instanceof PluginCallException ? e.getMessage() : e.toString();
            return new RouteEntry(spec, rc.enabled(), Optional.empty(), QuotaHeaderParser.NONE, Optional.of(
                    "the " + h.id() + " plugin failed to set up this route: " + why), rc.maxConcurrent(), rc.quota());
        }
    }
}
