package io.harnessrouter.host.quota;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One limit on a route or quota group: at most {@code limit} of {@code measure} per {@code period}.
 *
 * @param measure   what is counted
 * @param limit     the most the window allows, above 0
 * @param period    rolling or calendar
 * @param learnedAt empty for a limit declared in the config; for a learned one, when the router
 *                  saw the route limited after serving {@code limit} requests in the period
 */
public record QuotaWindow(Measure measure, double limit, Period period, Optional<Instant> learnedAt) {

    public QuotaWindow {
        Objects.requireNonNull(measure, "measure");
        Objects.requireNonNull(period, "period");
        learnedAt = learnedAt == null ? Optional.empty() : learnedAt;
        if (!(limit > 0)) {
            throw new IllegalArgumentException("limit must be above 0");
        }
    }

    /** A window declared in the config. */
    public static QuotaWindow declared(Measure measure, double limit, Period period) {
        return new QuotaWindow(measure, limit, period, Optional.empty());
    }

    public boolean learned() {
        return learnedAt.isPresent();
    }

    /** {@code 45 requests per 5h}, as the trace and status name the window. */
    public String describe() {
        String per = period instanceof Period.Rolling ? " per " : " ";
        return measure.format(limit) + " " + measure.key() + per + period.describe();
    }
}
