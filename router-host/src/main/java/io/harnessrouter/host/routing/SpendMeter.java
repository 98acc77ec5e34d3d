package io.harnessrouter.host.routing;

import io.harnessrouter.api.Tier;
import io.harnessrouter.host.quota.Measure;
import io.harnessrouter.host.quota.Period;
import io.harnessrouter.host.quota.QuotaWindow;
import io.harnessrouter.host.quota.SpendCap;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the spend caps for one plan: each metered route's {@code spend_cap:} against what that
 * route cost today and this month, and {@code routing.spend_cap:} against what every metered
 * route of the table cost together. Costs come from the shared state, so a cap counts what every
 * process spent. A route whose cap is reached is unavailable until the cap's day or month resets;
 * there is no threshold and no pinning past it.
 *
 * <p>Calls in flight are not counted until they end (their cost is known only then), so a cap
 * can be passed by what was running when it was reached. Tables with no cap read nothing.
 * Thread-safety: immutable; {@link #assess} reads the store and may run concurrently.
 */
final class SpendMeter {

    private static final DateTimeFormatter RESET = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mmXXX");

    /** A reached cap: why the route is skipped, and when it may serve again. */
    record Reached(String detail, Instant resetsAt) {
    }

    private final GuardedStore store;
    private final List<String> metered = new ArrayList<>();
    private final Map<String, List<QuotaWindow>> routeCaps = new LinkedHashMap<>();
    private final List<QuotaWindow> overall;

    SpendMeter(RoutingTable table, GuardedStore store, SpendCap overallCap) {
        this.store = store;
        ZoneId zone = overallCap.zone().orElse(SpendCap.DEFAULT_ZONE);
        this.overall = overallCap.windows(zone);
        for (RouteEntry e : table.entries()) {
            if (e.spec().tier() != Tier.METERED) {
                continue;
            }
            metered.add(e.id());
            List<QuotaWindow> own = e.quota().spendCap().windows(zone);
            if (!own.isEmpty()) {
                routeCaps.put(e.id(), own);
            }
        }
    }

    /** The metered routes whose cap is reached now, keyed by route id. */
    Map<String, Reached> assess(Instant now) {
        if (routeCaps.isEmpty() && (overall.isEmpty() || metered.isEmpty())) {
            return Map.of();
        }
        Map<String, Reached> out = new HashMap<>();
        routeCaps.forEach((id, windows) -> reached(windows, List.of(id), "spend cap", now)
                .ifPresent(r -> out.put(id, r)));
        if (!overall.isEmpty()) {
            reached(overall, metered, "overall spend cap (routing.spend_cap)", now)
                    .ifPresent(r -> metered.forEach(id -> out.putIfAbsent(id, r)));
        }
        return out;
    }

    /**
     * The first window of {@code windows} that is reached. The month is read first: today is part
     * of it, so when the month's spend is under the daily limit the day is not read at all.
     */
    private Optional<Reached> reached(List<QuotaWindow> windows, List<String> routes, String what, Instant now) {
        double month = Double.NaN;
        for (QuotaWindow w : monthFirst(windows)) {
            boolean daily = ((Period.Calendar) w.period()).every() == Period.Every.DAILY;
            if (daily && month < w.limit()) {
                continue;
            }
            Instant from = w.period().windowStart(now);
            double spent = routes.stream().mapToDouble(id -> store.usage(id, from).usd()).sum();
            if (!daily) {
                month = spent;
            }
            if (spent >= w.limit()) {
                Period.Calendar c = (Period.Calendar) w.period();
                Instant reset = c.nextReset(now).orElseThrow();
                String span = c.every() == Period.Every.DAILY ? "today" : "this month";
                return Optional.of(new Reached(what + " reached: " + Measure.USD.format(spent) + " of "
                        + Measure.USD.format(w.limit()) + " " + span + " (resets "
                        + RESET.format(reset.atZone(c.zone())) + ")", reset));
            }
        }
        return Optional.empty();
    }

    private static List<QuotaWindow> monthFirst(List<QuotaWindow> windows) {
        return windows.stream().sorted(java.util.Comparator.comparing(
                w -> ((Period.Calendar) w.period()).every() == Period.Every.DAILY)).toList();
    }
}
