package io.harnessrouter.host.routing;

import io.harnessrouter.api.Tier;
import java.util.List;
import java.util.Optional;

/**
 * Everything the router needs from one configuration load: every route (in config order) with its
 * dispatcher, the model priority and the fanout default. Immutable; a config reload builds a new
 * table.
 *
 * @param entries        every configured route, in config order
 * @param priority       model keys in walk order
 * @param mixtureDefault model keys for fanout when the call names none
 */
public record RoutingTable(List<RouteEntry> entries, List<String> priority, List<String> mixtureDefault) {

    public RoutingTable {
        entries = List.copyOf(entries);
        priority = List.copyOf(priority);
        mixtureDefault = List.copyOf(mixtureDefault);
    }

    public Optional<RouteEntry> entry(String routeId) {
        return entries.stream().filter(e -> e.id().equals(routeId)).findFirst();
    }

    /** The routes of one model and tier, in declared order. */
    public List<RouteEntry> routes(String model, Tier tier) {
        return entries.stream()
                .filter(e -> e.spec().model().equals(model) && e.spec().tier() == tier)
                .toList();
    }

    /** Every model key that has a route, in config order, without repeats. */
    public List<String> models() {
        return entries.stream().map(e -> e.spec().model()).distinct().toList();
    }

    /** Every route id, in config order. */
    public List<String> routeIds() {
        return entries.stream().map(RouteEntry::id).toList();
    }

    /** True when any route serves this model key. */
    public boolean hasModel(String model) {
        return entries.stream().anyMatch(e -> e.spec().model().equals(model));
    }
}
