package io.harnessrouter.host.quota;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A hard limit on metered spend per calendar day and month ({@code spend_cap:} on a metered route,
 * or {@code routing.spend_cap:} over every metered route). Unlike a quota window it has no
 * threshold and a pinned call does not pass it: money is the user's hard line.
 *
 * @param dailyUsd   {@code daily_usd}: the most a calendar day may cost, above 0
 * @param monthlyUsd {@code monthly_usd}: the most a calendar month may cost, above 0
 * @param zone       {@code zone}: where days and months start (midnight); empty: the routing
 *                   cap's zone, else UTC
 */
public record SpendCap(OptionalDouble dailyUsd, OptionalDouble monthlyUsd, Optional<ZoneId> zone) {

    /** No cap. */
    public static final SpendCap NONE = new SpendCap(OptionalDouble.empty(), OptionalDouble.empty(), Optional.empty());

    /** The zone caps reset in when none is configured. */
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("UTC");

    public SpendCap {
        dailyUsd = dailyUsd == null ? OptionalDouble.empty() : dailyUsd;
        monthlyUsd = monthlyUsd == null ? OptionalDouble.empty() : monthlyUsd;
        zone = zone == null ? Optional.empty() : zone;
    }

    public boolean isEmpty() {
        return dailyUsd.isEmpty() && monthlyUsd.isEmpty();
    }

    /** The cap's limits as calendar USD windows resetting at midnight in its zone, else {@code fallback}. */
    public List<QuotaWindow> windows(ZoneId fallback) {
        ZoneId z = zone.orElse(fallback);
        List<QuotaWindow> out = new ArrayList<>(2);
        dailyUsd.ifPresent(d -> out.add(QuotaWindow.declared(Measure.USD, d,
                new Period.Calendar(Period.Every.DAILY, LocalTime.MIDNIGHT, z, DayOfWeek.MONDAY, 1))));
        monthlyUsd.ifPresent(m -> out.add(QuotaWindow.declared(Measure.USD, m,
                new Period.Calendar(Period.Every.MONTHLY, LocalTime.MIDNIGHT, z, DayOfWeek.MONDAY, 1))));
        return out;
    }
}
