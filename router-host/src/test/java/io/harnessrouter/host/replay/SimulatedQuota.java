package io.harnessrouter.host.replay;

import io.harnessrouter.host.quota.Period;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The provider's side of one subscription: at most {@code limit} requests per {@code period},
 * counted at the exact instant each was served (no minute buckets: the provider is not the
 * router). Routes that use the same subscription through two CLIs share one instance.
 *
 * <p>Not thread-safe: the replay runs one call at a time.
 */
final class SimulatedQuota {

    private final String name;
    private final long limit;
    private final Period period;
    private final Deque<Instant> served = new ArrayDeque<>();

    SimulatedQuota(String name, long limit, Period period) {
        this.name = name;
        this.limit = limit;
        this.period = period;
    }

    String name() {
        return name;
    }

    long limit() {
        return limit;
    }

    Period period() {
        return period;
    }

    /** True when a request now would be over the limit. */
    boolean spent(Instant now) {
        return used(now) >= limit;
    }

    void serve(Instant now) {
        served.addLast(now);
    }

    long used(Instant now) {
        Instant from = period.windowStart(now);
        while (!served.isEmpty() && served.peekFirst().isBefore(from)) {
            served.removeFirst();
        }
        return served.size();
    }

    /**
     * When the next request will be accepted: a calendar window's next reset, or the moment the
     * oldest counted request of a rolling window ages out.
     */
    Instant resetAt(Instant now) {
        Optional<Instant> calendar = period.nextReset(now);
        if (calendar.isPresent()) {
            return calendar.get();
        }
        used(now);
        Instant oldest = served.isEmpty() ? now : served.peekFirst();
        return oldest.plus(period.maxLength());
    }
}
