package io.harnessrouter.host.quota;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/**
 * One window as it stands now.
 *
 * @param window      the limit
 * @param used        what the window has counted so far
 * @param resetAt     when it resets (calendar) or when its oldest counted usage ages out (rolling);
 *                    empty when nothing is counted yet
 * @param timeToLimit at the burn rate of the last hour, how long until the limit is reached; empty
 *                    when nothing was used in the last hour or the limit is already reached
 */
public record WindowState(QuotaWindow window, double used, Optional<Instant> resetAt, Optional<Duration> timeToLimit) {

    public WindowState {
        resetAt = resetAt == null ? Optional.empty() : resetAt;
        timeToLimit = timeToLimit == null ? Optional.empty() : timeToLimit;
    }

    /** Share of the limit used, 0 and up (above 1 when a forced call went past it). */
    public double fraction() {
        return used / window.limit();
    }

    public boolean exhausted() {
        return used >= window.limit();
    }

    /** {@code 82% of the 5h window used (37/45 requests, declared), resets 2026-12-01T15:40:00Z}. */
    public String describe() {
        Measure m = window.measure();
        String source = window.learned()
                ? "learned " + window.learnedAt().get().truncatedTo(ChronoUnit.MINUTES) : "declared";
        String reset = resetAt.map(t -> ", resets " + t.truncatedTo(ChronoUnit.SECONDS)).orElse("");
        return String.format(Locale.ROOT, "%d%% of the %s window used (%s/%s %s, %s)%s",
                Math.round(fraction() * 100), window.period().describe(), m.format(used), m.format(window.limit()),
                m.key(), source, reset);
    }

    /** {@code at this rate: limit in 2.3 h; resets in 1.2 h}, or empty when there is no rate. */
    public Optional<String> projection(Instant now) {
        if (timeToLimit.isEmpty()) {
            return Optional.empty();
        }
        String text = "at this rate: limit in " + hours(timeToLimit.get());
        return Optional.of(resetAt.map(r -> text + "; resets in " + hours(Duration.between(now, r))).orElse(text));
    }

    private static String hours(Duration d) {
        return String.format(Locale.ROOT, "%.1f h", Math.max(0, d.toMinutes()) / 60.0);
    }
}
