package io.harnessrouter.host.config;

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
 */
public record RoutingSettings(
        Duration rateLimitCooldown,
        int failureThreshold,
        Duration failureCooldown,
        Duration maxCooldown,
        Duration dispatchTimeout,
        int fanoutConcurrency) {

    public static final RoutingSettings DEFAULTS = new RoutingSettings(
            Duration.ofSeconds(300), 5, Duration.ofSeconds(60), Duration.ofSeconds(3600),
            Duration.ofSeconds(600), 4);
}
