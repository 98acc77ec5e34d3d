package io.harnessrouter.api;

import java.util.Objects;

/**
 * Whether a dispatcher can be used right now, and why not. The router skips unavailable routes
 * (they show in the attempt trace with the reason) and status output prints the reason.
 *
 * @param isAvailable true when the route may be tried
 * @param reason    why not, with the next step, for example
 *                  {@code claude CLI not found on PATH — install it with npm i -g @anthropic-ai/claude-code};
 *                  empty when available
 * @since 0.1.0
 */
public record Availability(boolean isAvailable, String reason) {

    private static final Availability AVAILABLE = new Availability(true, "");

    public Availability {
        Objects.requireNonNull(reason, "reason");
    }

    public static Availability ok() {
        return AVAILABLE;
    }

    public static Availability unavailable(String reason) {
        return new Availability(false, reason);
    }
}
