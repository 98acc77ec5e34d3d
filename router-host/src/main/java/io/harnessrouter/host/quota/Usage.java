package io.harnessrouter.host.quota;

import java.time.Instant;
import java.util.Optional;

/**
 * Usage summed over a span: requests, tokens and money, and when the oldest counted usage was.
 *
 * @param oldest the start of the oldest minute with usage in the span; empty when there is none
 */
public record Usage(long requests, long inputTokens, long outputTokens, double usd, Optional<Instant> oldest) {

    public static final Usage NONE = new Usage(0, 0, 0, 0, Optional.empty());

    public Usage {
        oldest = oldest == null ? Optional.empty() : oldest;
    }

    public long tokens() {
        return inputTokens + outputTokens;
    }

    /** The figure a window of {@code measure} counts. */
    public double of(Measure measure) {
        return switch (measure) {
            case REQUESTS -> requests;
            case TOKENS -> tokens();
            case USD -> usd;
        };
    }
}
