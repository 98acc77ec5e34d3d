package io.harnessrouter.host.quota;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What the config says about one route's quota: the windows it declares, the quota group it shares
 * them with, and the threshold at which the router starts to pass it over.
 *
 * @param group     {@code quota_group}: routes with the same group share one count (the same
 *                  subscription used through two CLIs); empty: the route counts alone
 * @param windows   the declared windows (may be empty: the router can still learn one)
 * @param threshold {@code quota_threshold}, a fraction in (0, 1]; empty: the routing default
 * @param price     {@code price:} of a metered route: what its tokens cost when the dispatcher
 *                  reports no cost; empty: unknown (such tokens count as $0)
 * @param spendCap  {@code spend_cap:} of a metered route: its daily and monthly hard limits
 */
public record QuotaPolicy(Optional<String> group, List<QuotaWindow> windows, OptionalDouble threshold,
                          Optional<Price> price, SpendCap spendCap) {

    /** No quota settings: the route is counted and may get a learned limit, nothing more. */
    public static final QuotaPolicy NONE = new QuotaPolicy(Optional.empty(), List.of(), OptionalDouble.empty());

    /** A policy with no price and no spend cap. */
    public QuotaPolicy(Optional<String> group, List<QuotaWindow> windows, OptionalDouble threshold) {
        this(group, windows, threshold, Optional.empty(), SpendCap.NONE);
    }

    /** The default share of a window that, once used, makes the router pass a route over. */
    public static final double DEFAULT_THRESHOLD = 0.8;

    public QuotaPolicy {
        group = group == null ? Optional.empty() : group;
        windows = windows == null ? List.of() : List.copyOf(windows);
        threshold = threshold == null ? OptionalDouble.empty() : threshold;
        price = price == null ? Optional.empty() : price;
        spendCap = spendCap == null ? SpendCap.NONE : spendCap;
    }

    /** The key usage of this route is counted under: {@code group:<name>}, else the route id. */
    public String scope(String routeId) {
        Objects.requireNonNull(routeId, "routeId");
        return group.map(g -> "group:" + g).orElse(routeId);
    }
}
