package io.harnessrouter.host.cli;

import io.harnessrouter.api.Tier;
import io.harnessrouter.host.config.RouteConfig;
import io.harnessrouter.host.quota.Price;
import io.harnessrouter.host.state.UsageRow;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What {@code harness-router usage} reports, computed from the per-minute usage rows of the state
 * file and the routes of the config: calls, tokens and cost per day and route, per route, per
 * model, and the savings — what the tokens the subscription routes served would have cost at the
 * {@code price:} of the first metered route of the same model that has one.
 *
 * <p>A route the config no longer has keeps its rows: its model is the part of its id before
 * {@code ::} and its tier is unknown, so its tokens are not counted as savings. Immutable.
 */
record UsageReport(LocalDate since, ZoneId zone, List<Line> days, List<Line> routes, List<Line> models, Line total,
                   List<Saving> savings) {

    /**
     * One row of figures. {@code day} is null in per-route and per-model rows, {@code route} in
     * per-model rows, {@code tier} when the route is not in the config.
     */
    record Line(LocalDate day, String route, String model, Tier tier, long calls, long inputTokens, long outputTokens,
                double costUsd) {
        Line plus(Line o) {
            return new Line(day, route, model, tier, calls + o.calls, inputTokens + o.inputTokens,
                    outputTokens + o.outputTokens, costUsd + o.costUsd);
        }
    }

    /**
     * The subscription-served tokens of one model and what they would have cost metered.
     *
     * @param pricedBy the metered route whose price was used; empty when no metered route of the
     *                 model has a {@code price:} (then {@code usd} is empty too)
     */
    record Saving(String model, long inputTokens, long outputTokens, Optional<String> pricedBy, Optional<Price> price,
                  Optional<Double> usd) {
    }

    /** The sum of the savings that have a price. */
    double savedUsd() {
        return savings.stream().flatMap(s -> s.usd().stream()).mapToDouble(Double::doubleValue).sum();
    }

    static UsageReport of(List<UsageRow> rows, List<RouteConfig> config, LocalDate since, ZoneId zone) {
        Map<String, RouteConfig> byId = new LinkedHashMap<>();
        config.forEach(r -> byId.put(r.id(), r));
        Map<String, Line> days = new TreeMap<>();
        Map<String, Line> routes = new TreeMap<>();
        Map<String, Line> models = new TreeMap<>();
        Line total = new Line(null, null, null, null, 0, 0, 0, 0);
        for (UsageRow row : rows) {
            LocalDate day = row.minute().atZone(zone).toLocalDate();
            if (day.isBefore(since)) {
                continue;
            }
            RouteConfig rc = byId.get(row.routeId());
            String model = rc != null ? rc.model() : modelOf(row.routeId());
            Tier tier = rc != null ? rc.tier() : null;
            Line line = new Line(day, row.routeId(), model, tier, row.usage().requests(), row.usage().inputTokens(),
                    row.usage().outputTokens(), row.usage().usd());
            days.merge(day + " " + row.routeId(), line, Line::plus);
            routes.merge(row.routeId(), new Line(null, row.routeId(), model, tier, 0, 0, 0, 0).plus(line), Line::plus);
            models.merge(model, new Line(null, null, model, null, 0, 0, 0, 0).plus(line), Line::plus);
            total = total.plus(line);
        }
        return new UsageReport(since, zone, List.copyOf(days.values()), List.copyOf(routes.values()),
                List.copyOf(models.values()), total, savings(routes.values(), config));
    }

    private static List<Saving> savings(Iterable<Line> routes, List<RouteConfig> config) {
        Map<String, long[]> served = new TreeMap<>();
        for (Line r : routes) {
            if (r.tier() == Tier.SUBSCRIPTION && (r.inputTokens() > 0 || r.outputTokens() > 0)) {
                long[] t = served.computeIfAbsent(r.model(), m -> new long[2]);
                t[0] += r.inputTokens();
                t[1] += r.outputTokens();
            }
        }
        List<Saving> out = new ArrayList<>();
        served.forEach((model, t) -> {
            Optional<RouteConfig> priced = config.stream()
                    .filter(rc -> rc.tier() == Tier.METERED && rc.model().equals(model) && rc.quota().price().isPresent())
                    .findFirst();
            Optional<Price> price = priced.flatMap(rc -> rc.quota().price());
            out.add(new Saving(model, t[0], t[1], priced.map(RouteConfig::id), price,
                    price.map(p -> p.cost(t[0], t[1]))));
        });
        return out;
    }

    /** The model key of a route id ({@code <model>::<route>}), for a route the config no longer has. */
    private static String modelOf(String routeId) {
        int at = routeId.indexOf("::");
        return at > 0 ? routeId.substring(0, at) : routeId;
    }
}
