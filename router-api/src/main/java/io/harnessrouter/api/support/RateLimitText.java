package io.harnessrouter.api.support;

import io.harnessrouter.api.FailureKind;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads rate-limit, quota and auth signals out of a CLI's error text (stdout plus stderr), for
 * CLIs that give no structured error. Apply it on the failure path only: a CLI that exited 0 with
 * an answer is never rate limited, whatever its answer says.
 *
 * <p>{@link #isRateLimited} and {@link #retryAfter} detect exactly what the npm harness-router
 * detected; {@link #classify} tells capacity, quota, auth and availability failures apart for
 * the router's breaker.
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class RateLimitText {

    private static final List<String> RATE_LIMIT_PHRASES = List.of("rate limit", "rate-limit",
            "ratelimited", "ratelimiterror", "too many requests", "quota exceeded", "usage limit",
            "resource_exhausted");
    private static final List<String> QUOTA_PHRASES = List.of("credit balance is too low",
            "insufficient_quota", "quota exceeded", "exhausted your daily quota",
            "hit your usage limit", "usage limit reached");
    private static final List<String> AUTH_PHRASES = List.of("not logged in", "invalid api key",
            "authentication", "unauthorized");
    private static final List<String> UNAVAILABLE_PHRASES = List.of("overloaded");

    /** A {@code 429} token after start, whitespace, {@code :}, {@code =}, {@code (} or {@code [}. */
    private static final Pattern STATUS_429 = status("429");
    private static final Pattern STATUS_401 = status("401");
    private static final Pattern STATUS_5XX = status("(?:529|503)");
    private static final String NUMBER_AND_UNIT = "(\\d+(?:\\.\\d+)?)\\s*"
            + "(ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hours?)?\\b";
    private static final Pattern RETRY_AFTER = Pattern.compile(
            "\\bretry[_\\s-]?after\\b[:\\s]+" + NUMBER_AND_UNIT, Pattern.CASE_INSENSITIVE);
    private static final Pattern TRY_AGAIN_IN = Pattern.compile(
            "\\btry again in\\s+" + NUMBER_AND_UNIT, Pattern.CASE_INSENSITIVE);

    private RateLimitText() {
    }

    /**
     * True when the text carries a rate-limit or quota signal: one of {@code rate limit},
     * {@code rate-limit}, {@code ratelimited}, {@code ratelimiterror}, {@code too many requests},
     * {@code quota exceeded}, {@code usage limit}, {@code resource_exhausted} (any case), or a
     * {@code 429} token such as {@code (429)}, {@code status: 429}, {@code "code":429}.
     */
    public static boolean isRateLimited(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        return containsAny(lower, RATE_LIMIT_PHRASES) || STATUS_429.matcher(lower).find();
    }

    /**
     * How long the text asks the caller to wait: {@code retry-after: 7}, {@code Retry after 42
     * seconds}, {@code retry_after: 12.5}, {@code Suggested retry after 1s.}, {@code try again in
     * 30 seconds}. A number without a unit is seconds; {@code ms}, {@code m}/{@code min} and
     * {@code h} are understood. Empty when the text names no wait.
     */
    public static Optional<Duration> retryAfter(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = RETRY_AFTER.matcher(text);
        if (!m.find()) {
            m = TRY_AGAIN_IN.matcher(text);
            if (!m.find()) {
                return Optional.empty();
            }
        }
        return toDuration(m.group(1), m.group(2));
    }

    /**
     * What kind of failure the text describes, checked in this order: quota or credit used up
     * ({@link FailureKind#QUOTA_EXHAUSTED}: {@code credit balance is too low},
     * {@code insufficient_quota}, {@code quota exceeded}, {@code exhausted your daily quota},
     * {@code hit your usage limit}, {@code usage limit reached}); any other
     * {@linkplain #isRateLimited rate-limit signal} ({@link FailureKind#RATE_LIMITED});
     * {@code not logged in}, {@code invalid api key}, {@code authentication},
     * {@code unauthorized}, a {@code 401} token ({@link FailureKind#AUTH}); {@code overloaded}, a
     * {@code 529} or {@code 503} token ({@link FailureKind#UNAVAILABLE}); else
     * {@link FailureKind#OTHER}. Status tokens are anchored like the 429 one ({@code (HTTP 401)},
     * {@code "statusCode":401}), so {@code 14010} does not count.
     * Never returns {@link FailureKind#NONE}.
     */
    public static FailureKind classify(String text) {
        if (text == null || text.isEmpty()) {
            return FailureKind.OTHER;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (containsAny(lower, QUOTA_PHRASES)) {
            return FailureKind.QUOTA_EXHAUSTED;
        }
        if (containsAny(lower, RATE_LIMIT_PHRASES) || STATUS_429.matcher(lower).find()) {
            return FailureKind.RATE_LIMITED;
        }
        if (containsAny(lower, AUTH_PHRASES) || STATUS_401.matcher(lower).find()) {
            return FailureKind.AUTH;
        }
        if (containsAny(lower, UNAVAILABLE_PHRASES) || STATUS_5XX.matcher(lower).find()) {
            return FailureKind.UNAVAILABLE;
        }
        return FailureKind.OTHER;
    }

    /** A status-code token preceded by start, whitespace, {@code :}, {@code =}, {@code (} or {@code [}. */
    private static Pattern status(String code) {
        return Pattern.compile("(?:^|[\\s:=(\\[])" + code + "(?=\\b)");
    }

    private static boolean containsAny(String lower, List<String> phrases) {
        for (String p : phrases) {
            if (lower.contains(p)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<Duration> toDuration(String number, String unit) {
        double value = Double.parseDouble(number);
        if (!Double.isFinite(value) || value < 0) {
            return Optional.empty();
        }
        double millis = value * unitMillis(unit == null ? "" : unit.toLowerCase(Locale.ROOT));
        return Optional.of(Duration.ofMillis(Math.round(millis)));
    }

    private static double unitMillis(String unit) {
        if (unit.startsWith("ms") || unit.startsWith("milli")) {
            return 1;
        }
        if (unit.startsWith("m")) {
            return 60_000;
        }
        if (unit.startsWith("h")) {
            return 3_600_000;
        }
        return 1_000;
    }
}
