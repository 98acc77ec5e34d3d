package io.harnessrouter.host.telemetry;

import java.util.Locale;

/** How one {@code code} tool call ended, as the tool-call span's {@code outcome} attribute says. */
public enum CallOutcome {
    /** A route (or, in fanout, at least one route) answered. */
    SUCCEEDED,
    /** Every route failed or none could be tried; the decision span says why. */
    ROUTES_FAILED,
    /** The arguments were refused before routing. */
    INVALID_ARGUMENTS,
    /** No usable configuration, or harness-router failed to start. */
    UNAVAILABLE,
    /** The client cancelled the call. */
    CANCELLED,
    /** A fault of ours escaped as an exception (a JSON-RPC error). */
    FAULT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
