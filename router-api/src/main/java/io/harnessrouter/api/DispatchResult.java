package io.harnessrouter.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The outcome of one attempt on one route. The router records it (counters, breaker, quota),
 * adds it to the attempt trace, and either returns it to the client (success) or moves on.
 *
 * <p><b>Build it with {@link #success(String)} or {@link #failure(FailureKind, String)}.</b> The
 * record's components are append-only: a later API version may add a component at the end, never
 * remove, reorder or retype one, and keeps each earlier canonical constructor as an overload that
 * fills the new component with its default.
 *
 * @param success    true only when the CLI or API produced an answer: exit code 0 <em>and</em> no
 *                   error reported in its output
 * @param output     the answer text (on failure: whatever partial output is useful, may be empty)
 * @param error      what went wrong, in words a user can act on; empty on success. Must not
 *                   contain secrets
 * @param failureKind why it failed; {@link FailureKind#NONE} on success
 * @param retryAfter how long the provider asked us to wait, when it said
 * @param resetAt    when the quota or rate-limit window resets, when known
 * @param headers    response headers (HTTP routes), names lower-cased, repeated headers joined
 *                   with {@code ", "}; fed to the harness's {@link QuotaHeaderParser}
 * @param tokenUsage tokens used, when the CLI or API reported them
 * @param exitCode   the process exit code (CLI routes), or the HTTP status (HTTP routes)
 * @param duration   wall time of the attempt
 * @param nextStep   what the user should do about this failure, when the plugin knows better than
 *                   the router's generic step for the kind: one imperative phrase without a final
 *                   period, such as {@code ask your organisation's Copilot admin to enable gpt-5}.
 *                   The router's error report shows it in place of its own step for the route.
 *                   Empty on success; must not contain secrets. Since 0.1.0
 * @param sessionId  the CLI's own session or thread id, when it reported one (claude
 *                   {@code session_id}, codex {@code thread_id}, copilot {@code sessionId}), so a
 *                   later call can resume that session; on success and failure alike. Since 0.1.0
 * @param costUsd    what the attempt cost in US dollars, when the CLI or API reported it (claude
 *                   {@code total_cost_usd}, opencode's step cost); the router counts it against
 *                   money quotas and caps, and prices tokens itself when it is absent. Not
 *                   negative. Since 0.1.0
 * @since 0.1.0
 */
public record DispatchResult(
        boolean success,
        String output,
        String error,
        FailureKind failureKind,
        Optional<Duration> retryAfter,
        Optional<Instant> resetAt,
        Map<String, String> headers,
        Optional<TokenUsage> tokenUsage,
        OptionalInt exitCode,
        Duration duration,
        Optional<String> nextStep,
        Optional<String> sessionId,
        java.util.OptionalDouble costUsd) {

    public DispatchResult {
        output = output == null ? "" : output;
        error = error == null ? "" : error;
        Objects.requireNonNull(failureKind, "failureKind");
        if (success && failureKind != FailureKind.NONE) {
            throw new IllegalArgumentException("a successful result has failureKind NONE, not " + failureKind);
        }
        if (!success && failureKind == FailureKind.NONE) {
            failureKind = FailureKind.OTHER;
        }
        retryAfter = retryAfter == null ? Optional.empty() : retryAfter;
        resetAt = resetAt == null ? Optional.empty() : resetAt;
        headers = headers == null ? Map.of() : lowerCaseKeys(headers);
        tokenUsage = tokenUsage == null ? Optional.empty() : tokenUsage;
        exitCode = exitCode == null ? OptionalInt.empty() : exitCode;
        duration = duration == null ? Duration.ZERO : duration;
        nextStep = nextStep == null ? Optional.empty() : nextStep.map(String::strip).filter(t -> !t.isEmpty());
        if (success && nextStep.isPresent()) {
            throw new IllegalArgumentException("a successful result has no next step, not '" + nextStep.get() + "'");
        }
        sessionId = sessionId == null ? Optional.empty() : sessionId.map(String::strip).filter(t -> !t.isEmpty());
        costUsd = costUsd == null ? java.util.OptionalDouble.empty() : costUsd;
        if (costUsd.isPresent() && !(costUsd.getAsDouble() >= 0)) {
            throw new IllegalArgumentException("costUsd must be a number not below 0, not " + costUsd.getAsDouble());
        }
    }

    /** The components before {@code costUsd}; it is empty. */
    public DispatchResult(boolean success, String output, String error, FailureKind failureKind,
            Optional<Duration> retryAfter, Optional<Instant> resetAt, Map<String, String> headers,
            Optional<TokenUsage> tokenUsage, OptionalInt exitCode, Duration duration, Optional<String> nextStep,
            Optional<String> sessionId) {
        this(success, output, error, failureKind, retryAfter, resetAt, headers, tokenUsage, exitCode, duration,
                nextStep, sessionId, java.util.OptionalDouble.empty());
    }

    /** The components of the first 0.1.0 draft; {@code nextStep} and {@code sessionId} empty. */
    public DispatchResult(boolean success, String output, String error, FailureKind failureKind,
            Optional<Duration> retryAfter, Optional<Instant> resetAt, Map<String, String> headers,
            Optional<TokenUsage> tokenUsage, OptionalInt exitCode, Duration duration) {
        this(success, output, error, failureKind, retryAfter, resetAt, headers, tokenUsage, exitCode, duration,
                Optional.empty(), Optional.empty(), java.util.OptionalDouble.empty());
    }

    /** True when the route reported it has no capacity now (rate limited or quota exhausted). */
    public boolean rateLimited() {
        return failureKind.isCapacity();
    }

    /** Starts a successful result with this answer. */
    public static Builder success(String output) {
        return new Builder(true, FailureKind.NONE).output(output);
    }

    /** Starts a failed result. */
    public static Builder failure(FailureKind kind, String error) {
        if (kind == FailureKind.NONE) {
            throw new IllegalArgumentException("a failure needs a FailureKind other than NONE");
        }
        return new Builder(false, kind).error(error);
    }

    /** A builder preset with this result's values. */
    public Builder toBuilder() {
        Builder b = new Builder(success, failureKind);
        b.output = output;
        b.error = error;
        b.retryAfter = retryAfter.orElse(null);
        b.resetAt = resetAt.orElse(null);
        b.headers = headers;
        b.tokenUsage = tokenUsage.orElse(null);
        b.exitCode = exitCode.isPresent() ? exitCode.getAsInt() : null;
        b.duration = duration;
        b.nextStep = nextStep.orElse(null);
        b.sessionId = sessionId.orElse(null);
        b.costUsd = costUsd.isPresent() ? costUsd.getAsDouble() : null;
        return b;
    }

    private static Map<String, String> lowerCaseKeys(Map<String, String> in) {
        TreeMap<String, String> out = new TreeMap<>();
        in.forEach((k, v) -> {
            if (k != null && v != null) {
                out.merge(k.toLowerCase(Locale.ROOT), v, (a, b) -> a + ", " + b);
            }
        });
        return java.util.Collections.unmodifiableMap(out);
    }

    /** Builds {@link DispatchResult}s. Not thread-safe. */
    public static final class Builder {
        private final boolean success;
        private final FailureKind kind;
        private String output = "";
        private String error = "";
        private Duration retryAfter;
        private Instant resetAt;
        private Map<String, String> headers = Map.of();
        private TokenUsage tokenUsage;
        private Integer exitCode;
        private Duration duration = Duration.ZERO;
        private String nextStep;
        private String sessionId;
        private Double costUsd;

        private Builder(boolean success, FailureKind kind) {
            this.success = success;
            this.kind = kind;
        }

        public Builder output(String value) {
            this.output = value;
            return this;
        }

        public Builder error(String value) {
            this.error = value;
            return this;
        }

        public Builder retryAfter(Duration value) {
            this.retryAfter = value;
            return this;
        }

        public Builder resetAt(Instant value) {
            this.resetAt = value;
            return this;
        }

        public Builder headers(Map<String, String> value) {
            this.headers = value;
            return this;
        }

        public Builder tokenUsage(TokenUsage value) {
            this.tokenUsage = value;
            return this;
        }

        public Builder exitCode(Integer value) {
            this.exitCode = value;
            return this;
        }

        public Builder duration(Duration value) {
            this.duration = value;
            return this;
        }

        /**
         * What the user should do about this failure, shown by the router in place of its generic
         * step for the kind; see {@link DispatchResult#nextStep()}. Blank or {@code null} clears it.
         *
         * @since 0.1.0
         */
        public Builder nextStep(String value) {
            this.nextStep = value;
            return this;
        }

        /**
         * The CLI's session id, when it reported one; see {@link DispatchResult#sessionId()}.
         * Blank or {@code null} clears it.
         *
         * @since 0.1.0
         */
        public Builder sessionId(String value) {
            this.sessionId = value;
            return this;
        }

        /**
         * What the attempt cost in US dollars, as the CLI or API reported it; see
         * {@link DispatchResult#costUsd()}. {@code null} clears it.
         *
         * @since 0.1.0
         */
        public Builder costUsd(Double value) {
            this.costUsd = value;
            return this;
        }

        public DispatchResult build() {
            return new DispatchResult(success, output, error, kind, Optional.ofNullable(retryAfter),
                    Optional.ofNullable(resetAt), headers, Optional.ofNullable(tokenUsage),
                    exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode), duration,
                    Optional.ofNullable(nextStep), Optional.ofNullable(sessionId),
                    costUsd == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(costUsd));
        }
    }
}
