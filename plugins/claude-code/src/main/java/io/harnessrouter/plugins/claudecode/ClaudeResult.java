package io.harnessrouter.plugins.claudecode;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessrouter.api.TokenUsage;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The result object {@code claude -p} prints on stdout (the last event of
 * {@code --output-format stream-json}, the only object of {@code json}), reduced to the fields
 * the dispatcher acts on.
 *
 * @param isError        {@code is_error}: the field to trust ({@code subtype} says
 *                       {@code success} even for API errors)
 * @param text           {@code result}: the answer, or the error sentence when {@code isError}
 * @param usage          {@code usage.input_tokens} / {@code usage.output_tokens}, when both are numbers
 * @param apiErrorStatus {@code api_error_status}: the HTTP status of a failed API call
 * @param apiErrorType   {@code api_error_type}, e.g. {@code rate_limit_error}
 * @param sessionId      {@code session_id}: the session {@code claude --resume} continues
 * @param costUsd        {@code total_cost_usd}: what claude says the call cost, when it is a number
 *                       not below 0 (claude prints it on a subscription too, as the API price)
 */
record ClaudeResult(boolean isError, Optional<String> text, Optional<TokenUsage> usage,
        OptionalInt apiErrorStatus, Optional<String> apiErrorType, Optional<String> sessionId,
        OptionalDouble costUsd) {

    /**
     * Parses the whole trimmed stdout as one JSON object, else the last line that is a result
     * object ({@code type: "result"}, or no {@code type} at all) — in case notices or stream
     * events came first. Empty when there is none.
     */
    static Optional<ClaudeResult> parse(String stdout) {
        String trimmed = stdout.strip();
        Optional<JsonNode> whole = ClaudeStream.object(trimmed);
        if (whole.isPresent() && isResult(whole.get())) {
            return whole.map(ClaudeResult::of);
        }
        String[] lines = trimmed.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            Optional<JsonNode> line = ClaudeStream.object(lines[i].strip()).filter(ClaudeResult::isResult);
            if (line.isPresent()) {
                return line.map(ClaudeResult::of);
            }
        }
        return Optional.empty();
    }

    private static boolean isResult(JsonNode n) {
        return n.path("type").isMissingNode() || "result".equals(n.path("type").asText());
    }

    /** The same result with the session id another event named. */
    ClaudeResult withSessionId(String id) {
        return new ClaudeResult(isError, text, usage, apiErrorStatus, apiErrorType, Optional.of(id), costUsd);
    }

    static ClaudeResult of(JsonNode n) {
        JsonNode status = n.path("api_error_status");
        JsonNode type = n.path("api_error_type");
        return new ClaudeResult(
                n.path("is_error").asBoolean(false),
                firstString(n, "result", "response", "text"),
                usage(n.path("usage")),
                status.isIntegralNumber() ? OptionalInt.of(status.intValue()) : OptionalInt.empty(),
                type.isTextual() ? Optional.of(type.textValue()) : Optional.empty(),
                firstString(n, "session_id"),
                cost(n.path("total_cost_usd")));
    }

    private static OptionalDouble cost(JsonNode c) {
        return c.isNumber() && c.doubleValue() >= 0 && Double.isFinite(c.doubleValue())
                ? OptionalDouble.of(c.doubleValue()) : OptionalDouble.empty();
    }

    private static Optional<String> firstString(JsonNode n, String... fields) {
        for (String f : fields) {
            if (n.path(f).isTextual()) {
                return Optional.of(n.path(f).textValue());
            }
        }
        return Optional.empty();
    }

    private static Optional<TokenUsage> usage(JsonNode u) {
        JsonNode in = u.path("input_tokens");
        JsonNode out = u.path("output_tokens");
        if (!in.isIntegralNumber() || !out.isIntegralNumber() || in.longValue() < 0 || out.longValue() < 0) {
            return Optional.empty();
        }
        return Optional.of(new TokenUsage(in.longValue(), out.longValue()));
    }
}
