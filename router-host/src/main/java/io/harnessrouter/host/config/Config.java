package io.harnessrouter.host.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated configuration: the npm harness-router's model-keyed YAML, plus our own optional
 * {@code routing:} block. Immutable.
 *
 * @param source         the file it was read from
 * @param priority       model keys in the order the router walks them
 * @param mixtureDefault model keys fanout uses when the call names none; empty = every route
 * @param models         every model key in file order
 * @param routes         every route in file order: per model, subscription routes in declared
 *                       order, then metered ones; disabled and unavailable ones included
 * @param routing        breaker, timeout and fanout settings
 * @param http           the {@code http:} block (used by the HTTP transport)
 * @param warnings       problems that did not stop the load (for example an unknown top-level key)
 */
public record Config(
        Path source,
        List<String> priority,
        List<String> mixtureDefault,
        List<String> models,
        List<RouteConfig> routes,
        RoutingSettings routing,
        HttpSettings http,
        List<ConfigProblem> warnings) {

    public Config {
        Objects.requireNonNull(source, "source");
        priority = List.copyOf(priority);
        mixtureDefault = List.copyOf(mixtureDefault);
        models = List.copyOf(models);
        routes = List.copyOf(routes);
        routing = routing == null ? RoutingSettings.DEFAULTS : routing;
        http = http == null ? HttpSettings.DEFAULTS : http;
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** The route with this id. */
    public Optional<RouteConfig> route(String id) {
        return routes.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** Every route of one model, subscription first, in declared order. */
    public List<RouteConfig> routesOf(String model) {
        return routes.stream().filter(r -> r.model().equals(model)).toList();
    }
}
