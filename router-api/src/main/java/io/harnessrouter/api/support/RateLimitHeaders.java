package io.harnessrouter.api.support;

import io.harnessrouter.api.QuotaObservation;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads rate-limit and quota information from HTTP response headers, in the forms OpenAI,
 * Anthropic, OpenAI-compatible servers and the IETF {@code RateLimit} draft use. HTTP harnesses
 * call {@link #retryAfter} on a 429 to fill {@link io.harnessrouter.api.DispatchResult#retryAfter()}
 * and {@link #observe} from their {@link io.harnessrouter.api.QuotaHeaderParser}.
 *
 * <p>Unlike the npm predecessor it parses the reset values OpenAI really sends: durations such as
 * {@code 6m0s}, {@code 20ms} or {@code 1h2m3.5s}, not only epoch seconds. Values that cannot be
 * parsed are ignored, never thrown.
 *
 * <p>Header names are matched case-insensitively (the map is lower-cased here, whatever the caller
 * passed). Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class RateLimitHeaders {

    /** Plain numbers above this are epoch seconds, not a delay (2001-09-09). */
    private static final double EPOCH_SECONDS_THRESHOLD = 1e9;
    /** Plain numbers above this are epoch milliseconds. */
    private static final double EPOCH_MILLIS_THRESHOLD = 1e12;
    /** Longest delay accepted; anything larger is treated as garbage. */
    private static final Duration MAX_DELAY = Duration.ofDays(366);

    private static final Pattern DELTA_SECONDS = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
    private static final Pattern INTEGER = Pattern.compile("-?\\d+");
    private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|us|µs|ns|h|m|s)");

    /** One family of headers that describe the same window: remaining, limit and reset. */
    private record Family(String remaining, String limit, String reset) {
    }

    /** Families in the order their figures are preferred. */
    private static final List<Family> FAMILIES = List.of(
            new Family("x-ratelimit-remaining-requests", "x-ratelimit-limit-requests", "x-ratelimit-reset-requests"),
            new Family("x-ratelimit-remaining", "x-ratelimit-limit", "x-ratelimit-reset"),
            new Family("anthropic-ratelimit-requests-remaining", "anthropic-ratelimit-requests-limit",
                    "anthropic-ratelimit-requests-reset"),
            new Family("anthropic-ratelimit-tokens-remaining", "anthropic-ratelimit-tokens-limit",
                    "anthropic-ratelimit-tokens-reset"),
            new Family("ratelimit-remaining", "ratelimit-limit", "ratelimit-reset"));

    /** Reset headers consulted for a retry delay, with the remaining header that says "exhausted". */
    private static final List<Family> RESET_FAMILIES = List.of(
            new Family("x-ratelimit-remaining-requests", "", "x-ratelimit-reset-requests"),
            new Family("x-ratelimit-remaining-tokens", "", "x-ratelimit-reset-tokens"),
            new Family("x-ratelimit-remaining", "", "x-ratelimit-reset"),
            new Family("anthropic-ratelimit-requests-remaining", "", "anthropic-ratelimit-requests-reset"),
            new Family("anthropic-ratelimit-tokens-remaining", "", "anthropic-ratelimit-tokens-reset"),
            new Family("anthropic-ratelimit-input-tokens-remaining", "", "anthropic-ratelimit-input-tokens-reset"),
            new Family("anthropic-ratelimit-output-tokens-remaining", "", "anthropic-ratelimit-output-tokens-reset"));

    private RateLimitHeaders() {
    }

    /**
     * How long the provider asked us to wait, from the first of:
     * <ol>
     *   <li>{@code retry-after}, then {@code x-ratelimit-retry-after}: delta-seconds (fractional
     *       allowed) or an RFC 1123 HTTP-date ({@code max(0, date - now)});</li>
     *   <li>{@code retry-after-ms}: milliseconds;</li>
     *   <li>the reset headers ({@code x-ratelimit-reset-requests}, {@code -tokens},
     *       {@code x-ratelimit-reset}, {@code anthropic-ratelimit-*-reset}) as durations
     *       ({@code 6m0s}), epoch seconds (numbers above 1e9) or RFC 3339 timestamps. When one of
     *       their windows reports {@code remaining: 0}, the latest reset among those exhausted
     *       windows wins; otherwise the latest reset of all.</li>
     * </ol>
     *
     * @param headers response headers, any case
     * @param now     the time the response arrived
     * @return the delay, never negative; empty when no header says
     */
    public static Optional<Duration> retryAfter(Map<String, String> headers, Instant now) {
        Map<String, String> h = lowerCased(headers);
        for (String name : List.of("retry-after", "x-ratelimit-retry-after")) {
            Optional<Duration> d = parseRetryAfterValue(h.get(name), now);
            if (d.isPresent()) {
                return d;
            }
        }
        Optional<Duration> ms = parseNumber(h.get("retry-after-ms"))
                .flatMap(v -> toDuration(v / 1000.0));
        if (ms.isPresent()) {
            return ms;
        }
        return latestReset(h, now).map(at -> nonNegative(Duration.between(now, at)));
    }

    /**
     * What the headers say about the route's capacity. {@code remaining} and {@code limit} come
     * from the first header family that carries both (so a requests count is never divided by a
     * tokens limit), else from the first family that carries either; families are tried in the
     * order {@code x-ratelimit-*-requests}, {@code x-ratelimit-*}, {@code anthropic-ratelimit-requests-*},
     * {@code anthropic-ratelimit-tokens-*}, {@code ratelimit-*}. Values must be integers.
     * {@code resetAt} is that family's reset header; for {@code RATE_LIMITED} and
     * {@code QUOTA_EXHAUSTED} it is {@code now + }{@link #retryAfter} when the headers give one, as
     * that is when the route can be used again.
     *
     * @param headers response headers, any case
     * @param now     the time the response arrived; also the observation's {@code observedAt}
     * @param kind    what the dispatch result said ({@code OK} for a success)
     * @return an observation with source {@code headers}; empty when no figure is present and the
     *         kind is {@code OK}
     */
    public static Optional<QuotaObservation> observe(Map<String, String> headers, Instant now,
            QuotaObservation.Kind kind) {
        Map<String, String> h = lowerCased(headers);
        Family family = chooseFamily(h);
        OptionalLong remaining = family == null ? OptionalLong.empty() : parseInteger(h.get(family.remaining()));
        OptionalLong limit = family == null ? OptionalLong.empty() : parseInteger(h.get(family.limit()));
        Optional<Instant> resetAt = family == null ? Optional.empty() : parseReset(h.get(family.reset()), now);
        if (kind == QuotaObservation.Kind.RATE_LIMITED || kind == QuotaObservation.Kind.QUOTA_EXHAUSTED) {
            Optional<Instant> retryAt = retryAfter(h, now).map(now::plus);
            if (retryAt.isPresent()) {
                resetAt = retryAt;
            }
        }
        QuotaObservation.Builder b = QuotaObservation.builder(kind, now).resetAt(resetAt.orElse(null)).source("headers");
        remaining.ifPresent(b::remaining);
        limit.ifPresent(b::limit);
        QuotaObservation obs = b.build();
        return obs.isEmpty() ? Optional.empty() : Optional.of(obs);
    }

    /**
     * Parses a Go-style duration as OpenAI sends in {@code x-ratelimit-reset-*}: one or more
     * {@code <number><unit>} parts with units {@code h m s ms us ns}, for example {@code 6m0s},
     * {@code 1.5s}, {@code 250ms}, {@code 1h2m3.5s}. A bare number is seconds.
     *
     * @return the duration; empty for anything else (including negative values)
     */
    public static Optional<Duration> parseDuration(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim();
        if (DELTA_SECONDS.matcher(v).matches()) {
            return parseNumber(v).flatMap(RateLimitHeaders::toDuration);
        }
        Matcher m = GO_DURATION_PART.matcher(v);
        double seconds = 0;
        int end = 0;
        while (m.lookingAt()) {
            seconds += Double.parseDouble(m.group(1)) * unitSeconds(m.group(2));
            end = m.end();
            m.region(end, v.length());
        }
        if (end == 0 || end != v.length()) {
            return Optional.empty();
        }
        return toDuration(seconds);
    }

    private static double unitSeconds(String unit) {
        return switch (unit) {
            case "h" -> 3600;
            case "m" -> 60;
            case "s" -> 1;
            case "ms" -> 1e-3;
            case "us", "µs" -> 1e-6;
            default -> 1e-9;
        };
    }

    /** First family with both figures, else the first with either; null when none. */
    private static Family chooseFamily(Map<String, String> h) {
        for (Family f : FAMILIES) {
            if (parseInteger(h.get(f.remaining())).isPresent() && parseInteger(h.get(f.limit())).isPresent()) {
                return f;
            }
        }
        for (Family f : FAMILIES) {
            if (parseInteger(h.get(f.remaining())).isPresent() || parseInteger(h.get(f.limit())).isPresent()) {
                return f;
            }
        }
        return null;
    }

    private static Optional<Instant> latestReset(Map<String, String> h, Instant now) {
        Instant latestExhausted = null;
        Instant latest = null;
        for (Family f : RESET_FAMILIES) {
            Optional<Instant> at = parseReset(h.get(f.reset()), now);
            if (at.isEmpty()) {
                continue;
            }
            Instant t = at.get();
            latest = latest == null || t.isAfter(latest) ? t : latest;
            OptionalLong rem = parseInteger(h.get(f.remaining()));
            if (rem.isPresent() && rem.getAsLong() <= 0) {
                latestExhausted = latestExhausted == null || t.isAfter(latestExhausted) ? t : latestExhausted;
            }
        }
        return Optional.ofNullable(latestExhausted != null ? latestExhausted : latest);
    }

    /** A reset value: RFC 3339 timestamp, epoch seconds or millis, duration, or HTTP-date. */
    private static Optional<Instant> parseReset(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        Optional<Instant> rfc3339 = parseRfc3339(v);
        if (rfc3339.isPresent()) {
            return rfc3339;
        }
        if (DELTA_SECONDS.matcher(v).matches()) {
            return parseNumber(v).flatMap(n -> numberToInstant(n, now));
        }
        Optional<Duration> d = parseDuration(v);
        if (d.isPresent()) {
            return Optional.of(now.plus(d.get()));
        }
        return parseHttpDate(v);
    }

    private static Optional<Instant> numberToInstant(double n, Instant now) {
        if (n > EPOCH_MILLIS_THRESHOLD) {
            return Optional.of(Instant.ofEpochMilli((long) n));
        }
        if (n > EPOCH_SECONDS_THRESHOLD) {
            return Optional.of(Instant.ofEpochMilli(Math.round(n * 1000)));
        }
        return toDuration(n).map(now::plus);
    }

    private static Optional<Duration> parseRetryAfterValue(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        if (DELTA_SECONDS.matcher(v).matches()) {
            return parseNumber(v).map(n -> Math.max(0, n)).flatMap(RateLimitHeaders::toDuration);
        }
        Optional<Instant> date = parseHttpDate(v);
        if (date.isPresent()) {
            return date.map(at -> nonNegative(Duration.between(now, at)));
        }
        // Repeated headers arrive joined with ", "; a number may still lead.
        int comma = v.indexOf(',');
        if (comma > 0 && DELTA_SECONDS.matcher(v.substring(0, comma).trim()).matches()) {
            return parseRetryAfterValue(v.substring(0, comma), now);
        }
        return Optional.empty();
    }

    private static Optional<Instant> parseHttpDate(String v) {
        try {
            return Optional.of(ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> parseRfc3339(String v) {
        if (v.length() < 20 || v.charAt(4) != '-') {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(v.toUpperCase(Locale.ROOT).replace(' ', 'T'),
                    DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static OptionalLong parseInteger(String value) {
        if (value == null) {
            return OptionalLong.empty();
        }
        String v = value.trim();
        if (!INTEGER.matcher(v).matches() || v.length() > 18) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(v));
    }

    private static Optional<Double> parseNumber(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim();
        if (!DELTA_SECONDS.matcher(v).matches()) {
            return Optional.empty();
        }
        double d = Double.parseDouble(v);
        return Double.isFinite(d) ? Optional.of(d) : Optional.empty();
    }

    /** Seconds to a duration; empty when negative or absurdly large. */
    private static Optional<Duration> toDuration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0 || seconds > MAX_DELAY.getSeconds()) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(Math.round(seconds * 1e9)));
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static Map<String, String> lowerCased(Map<String, String> headers) {
        Map<String, String> out = new TreeMap<>();
        if (headers == null) {
            return out;
        }
        headers.forEach((k, v) -> {
            if (k != null && v != null) {
                out.putIfAbsent(k.toLowerCase(Locale.ROOT), v);
            }
        });
        return out;
    }
}
