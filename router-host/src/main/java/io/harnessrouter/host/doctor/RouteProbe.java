package io.harnessrouter.host.doctor;

import java.util.Objects;

/**
 * What the live probe of one route found.
 *
 * @param routeId the route id, {@code <model>::<routeKey>}
 * @param model   the model id sent (the route's {@code cli_model_override}, else its model key)
 * @param via     the binary run, or the API base URL without credentials or query
 * @param outcome answered, failed, or not tried and why
 * @param millis  wall time of the attempt; 0 when not tried
 * @param message the answer's first line when answered, else the error or the reason it was not tried
 */
record RouteProbe(String routeId, String model, String via, Outcome outcome, long millis, String message) {

    /** How a probe ended. */
    enum Outcome {
        /** The route answered with some text. */
        ANSWERED,
        /** The route was tried and failed (or answered with nothing). */
        FAILED,
        /** Enabled but not usable now (CLI missing, no plugin, plugin failed); not tried. */
        UNAVAILABLE,
        /** {@code enabled: false}; not tried and not counted. */
        DISABLED
    }

    RouteProbe {
        Objects.requireNonNull(routeId, "routeId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(via, "via");
        Objects.requireNonNull(outcome, "outcome");
        message = message == null ? "" : message;
    }

    /** Counted in the {@code K/L routes answered} footer: every enabled route. */
    boolean counted() {
        return outcome != Outcome.DISABLED;
    }

    boolean answered() {
        return outcome == Outcome.ANSWERED;
    }
}
