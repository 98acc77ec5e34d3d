package io.harnessrouter.host.replay;

import io.harnessrouter.api.Availability;
import io.harnessrouter.api.DispatchListener;
import io.harnessrouter.api.DispatchRequest;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.Dispatcher;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.RouteSpec;
import io.harnessrouter.api.TokenUsage;
import io.harnessrouter.api.support.FailureKinds;
import io.harnessrouter.api.support.RateLimitText;
import io.harnessrouter.host.routing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An in-process stand-in for one route's CLI (or metered API) that reads the replay's virtual
 * clock: it serves while its subscription's window has room and, once the window is spent,
 * refuses the way the real CLI does — the same error text as the fake CLIs of the test kit, the
 * failure kind from the classifiers the plugins use ({@link FailureKinds#fromHttpStatus},
 * {@link RateLimitText}), and the time the real CLI takes to fail (its own retries included),
 * which it adds to the virtual clock and to its stall count.
 *
 * <p>Not thread-safe: the replay runs one call at a time.
 */
final class SimulatedCli implements Dispatcher {

    /** How each harness fails when its subscription is spent. */
    enum Shape {
        /**
         * claude -p, {@code CLAUDE_CODE_MAX_RETRIES=0}: the usage-limit result ({@code is_error},
         * {@code api_error_status} 429) with the reset as epoch seconds, which the plugin does not
         * read; fails in about 2 s (process start and one API round trip).
         */
        CLAUDE(Duration.ofSeconds(2)),
        /**
         * codex exec: {@code turn.failed} with the ChatGPT plan's usage-limit message and its
         * "try again at 3:05 PM" (the plugin's CodexResetTime turns that into the reset time);
         * about 3 s.
         */
        CODEX(Duration.ofSeconds(3)),
        /** gemini: {@code TerminalQuotaError} "exhausted your daily quota", exit 173, no retry; about 2 s. */
        GEMINI(Duration.ofSeconds(2)),
        /**
         * opencode: {@code APIError} 429 with the provider's message, {@code isRetryable:true},
         * retried internally for about 8 s first.
         */
        OPENCODE(Duration.ofSeconds(8)),
        /**
         * copilot: {@code errorType: rate_limit} after five internal retries (5.4 s of waits, about
         * 7.5 s in all), "try again in 20s". Copilot's own premium-request refusal could not be
         * recorded; this is the rate-limit shape it is classified like.
         */
        COPILOT(Duration.ofMillis(7500)),
        /** A metered OpenAI-compatible API: never refuses in this replay. */
        METERED(Duration.ZERO);

        final Duration stall;

        Shape(Duration stall) {
            this.stall = stall;
        }
    }

    /** The provider message opencode's {@code APIError} carries (the fake CLI's rate_limit mode). */
    static final String OPENCODE_429 = "This request would exceed the rate limit for your organization of 50 requests"
            + " per minute.";
    /** copilot's {@code errorType: rate_limit} message (the fake CLI's rate_limit mode). */
    static final String COPILOT_429 = "Failed to get response from the AI model; retried 5 times (total retry wait"
            + " time: 5.42 seconds) Last error: 429 Rate limit reached for requests. Please try again in 20s.";
    /** The start of codex's ChatGPT-plan refusal (the fake CLI's usage_limit mode). */
    static final String CODEX_USAGE_LIMIT = "You’ve hit your usage limit. Upgrade to Pro"
            + " (https://chatgpt.com/explore/pro), visit https://chatgpt.com/codex/settings/usage to purchase more"
            + " credits or try again at ";
    /** gemini's {@code TerminalQuotaError} (the fake CLI's quota mode). */
    static final String GEMINI_DAILY = "You have exhausted your daily quota on this model.";

    private static final ZoneId USER_ZONE = ZoneId.of("UTC");
    private static final DateTimeFormatter CODEX_TIME = DateTimeFormatter.ofPattern("h:mm a", Locale.US);

    private final RouteSpec spec;
    private final Shape shape;
    private final SimulatedQuota quota;
    private final MutableClock clock;
    private final Supplier<ReplayDay.Call> current;
    private int refusals;
    private Duration stalled = Duration.ZERO;

    /** {@code quota} null: a route with no window (metered). */
    SimulatedCli(RouteSpec spec, Shape shape, SimulatedQuota quota, MutableClock clock,
                 Supplier<ReplayDay.Call> current) {
        this.spec = spec;
        this.shape = shape;
        this.quota = quota;
        this.clock = clock;
        this.current = current;
    }

    int refusals() {
        return refusals;
    }

    Duration stalled() {
        return stalled;
    }

    Shape shape() {
        return shape;
    }

    @Override
    public RouteSpec route() {
        return spec;
    }

    @Override
    public Availability availability() {
        return Availability.ok();
    }

    @Override
    public DispatchResult dispatch(DispatchRequest request, DispatchListener listener) {
        Instant now = clock.instant();
        if (quota != null && quota.spent(now)) {
            Instant reset = quota.resetAt(now);
            refusals++;
            stalled = stalled.plus(shape.stall);
            clock.advance(shape.stall);
            return refusal(reset).duration(shape.stall).build();
        }
        if (quota != null) {
            quota.serve(now);
        }
        ReplayDay.Call call = current.get();
        return DispatchResult.success("done").tokenUsage(new TokenUsage(call.inputTokens(), call.outputTokens()))
                .duration(Duration.ofSeconds(1)).build();
    }

    /** The failed result the plugin makes of the real CLI's refusal. */
    DispatchResult.Builder refusal(Instant reset) {
        return switch (shape) {
            case CLAUDE -> classified(429, "Claude AI usage limit reached|" + reset.getEpochSecond());
            case CODEX -> {
                // The minute codex names, rounded up: the plugin reads it back as the reset time.
                Instant named = reset.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
                String text = CODEX_USAGE_LIMIT + CODEX_TIME.format(named.atZone(USER_ZONE)) + ".";
                yield classified(0, text).resetAt(named);
            }
            case GEMINI -> classified(429, GEMINI_DAILY);
            case OPENCODE -> classified(429, OPENCODE_429);
            case COPILOT -> classified(429, COPILOT_429);
            case METERED -> throw new IllegalStateException("a metered route has no window to spend");
        };
    }

    /** Kind and retry-after as the plugins derive them from a status and the CLI's text. */
    private static DispatchResult.Builder classified(int status, String text) {
        FailureKind kind = FailureKinds.fromHttpStatus(status, text);
        DispatchResult.Builder b = DispatchResult.failure(kind, text);
        Optional<Duration> after = RateLimitText.retryAfter(text);
        after.ifPresent(b::retryAfter);
        return b;
    }
}
