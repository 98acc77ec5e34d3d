package io.harnessrouter.host.config;

import io.harnessrouter.api.Tier;
import io.harnessrouter.host.quota.SpendCap;
import java.time.Duration;

/**
 * The optional {@code routing:} block. Every key has a default, so the npm tool's files load
 * unchanged.
 *
 * @param rateLimitCooldown  {@code rate_limit_cooldown_seconds}: how long a rate-limited route's
 *                           breaker stays open when the provider gave no retry-after (300)
 * @param failureThreshold   {@code failure_threshold}: consecutive failures that open a breaker (5)
 * @param failureCooldown    {@code failure_cooldown_seconds}: how long a breaker opened by failures
 *                           stays open before the half-open probe (60)
 * @param maxCooldown        {@code max_cooldown_seconds}: cap on the doubling backoff after failed
 *                           probes (3600)
 * @param dispatchTimeout    {@code timeout_seconds}: default per-attempt timeout (600)
 * @param fanoutConcurrency  {@code fanout_concurrency}: attempts a fanout runs at once (4)
 * @param maxConcurrentSubscription {@code max_concurrent_subscription}: dispatches one
 *                           subscription route may have in flight at once, across every process
 *                           sharing the state file, unless the route sets {@code max_concurrent}
 *                           (4: one account's CLI, several agents editing at once is already a lot)
 * @param maxConcurrentMetered {@code max_concurrent_metered}: the same for metered routes (16:
 *                           an HTTP request costs the machine little; the provider's rate limit
 *                           is the real bound)
 * @param quotaThreshold     {@code quota_threshold}: the share of any quota window at which a
 *                           route is passed over for the routes of its model with headroom, unless
 *                           the route sets its own (0.8)
 * @param spendCap           {@code spend_cap}: daily and monthly limits on what every metered
 *                           route together may cost, and the zone days and months start in (also
 *                           for the routes' own caps); none by default
 */
public record RoutingSettings(
        Duration rateLimitCooldown,
        int failureThreshold,
        Duration failureCooldown,
        Duration maxCooldown,
        Duration dispatchTimeout,
        int fanoutConcurrency,
        int maxConcurrentSubscription,
        int maxConcurrentMetered,
        double quotaThreshold,
        SpendCap spendCap) {

    public RoutingSettings {
        spendCap = spendCap == null ? SpendCap.NONE : spendCap;
    }

    /** Settings with no overall spend cap. */
    public RoutingSettings(Duration rateLimitCooldown, int failureThreshold, Duration failureCooldown,
                           Duration maxCooldown, Duration dispatchTimeout, int fanoutConcurrency,
                           int maxConcurrentSubscription, int maxConcurrentMetered, double quotaThreshold) {
        this(rateLimitCooldown, failureThreshold, failureCooldown, maxCooldown, dispatchTimeout, fanoutConcurrency,
                maxConcurrentSubscription, maxConcurrentMetered, quotaThreshold, SpendCap.NONE);
    }

    /** Default of {@code max_concurrent_subscription}. */
    public static final int DEFAULT_MAX_CONCURRENT_SUBSCRIPTION = 4;
    /** Default of {@code max_concurrent_metered}. */
    public static final int DEFAULT_MAX_CONCURRENT_METERED = 16;
    /** The largest cap a config may set. */
    public static final int MAX_CONCURRENT_LIMIT = 1000;

    /** Default of {@code quota_threshold}. */
    public static final double DEFAULT_QUOTA_THRESHOLD = 0.8;

    public static final RoutingSettings DEFAULTS = new RoutingSettings(
            Duration.ofSeconds(300), 5, Duration.ofSeconds(60), Duration.ofSeconds(3600),
            Duration.ofSeconds(600), 4, DEFAULT_MAX_CONCURRENT_SUBSCRIPTION, DEFAULT_MAX_CONCURRENT_METERED,
            DEFAULT_QUOTA_THRESHOLD, SpendCap.NONE);

    /** Settings with the default quota threshold. */
    public RoutingSettings(Duration rateLimitCooldown, int failureThreshold, Duration failureCooldown,
                           Duration maxCooldown, Duration dispatchTimeout, int fanoutConcurrency,
                           int maxConcurrentSubscription, int maxConcurrentMetered) {
        this(rateLimitCooldown, failureThreshold, failureCooldown, maxCooldown, dispatchTimeout, fanoutConcurrency,
                maxConcurrentSubscription, maxConcurrentMetered, DEFAULT_QUOTA_THRESHOLD);
    }

    /** Settings with the default concurrency caps. */
    public RoutingSettings(Duration rateLimitCooldown, int failureThreshold, Duration failureCooldown,
                           Duration maxCooldown, Duration dispatchTimeout, int fanoutConcurrency) {
        this(rateLimitCooldown, failureThreshold, failureCooldown, maxCooldown, dispatchTimeout, fanoutConcurrency,
                DEFAULT_MAX_CONCURRENT_SUBSCRIPTION, DEFAULT_MAX_CONCURRENT_METERED, DEFAULT_QUOTA_THRESHOLD);
    }

    /** The cap of a route of {@code tier} that sets no {@code max_concurrent} of its own. */
    public int maxConcurrent(Tier tier) {
        return tier == Tier.METERED ? maxConcurrentMetered : maxConcurrentSubscription;
    }
}
