package io.harnessrouter.api;

/**
 * How a route is paid for. The router tries every usable subscription route of a model before its
 * metered routes.
 *
 * @since 0.1.0
 */
public enum Tier {
    /** A flat-rate subscription reached through a CLI: no marginal cost, tried first. */
    SUBSCRIPTION,
    /** A pay-per-token API: used only when the model's subscription routes are exhausted. */
    METERED;

    /** The lower-case name used in config, status output and the {@code code} tool response. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
