package io.harnessrouter.plugins.claudecode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harnessrouter.api.TokenUsage;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The result object {@code claude -p --output-format json} prints on stdout, reduced to the
 * fields the dispatcher acts on.
 *
 * @param isError        {@code is_error}: the field to trust ({@code subtype} says
 *                       {@code success} even for API errors)
 * @param text           {@code result}: the answer, or the error sentence when {@code isError}
 * @param usage          {@code usage.input_tokens} / {@code usage.output_tokens}, when both are numbers
 * @param apiErrorStatus {@code api_error_status}: the HTTP status of a failed API call
 * @param apiErrorType   {@code api_error_type}, e.g. {@code rate_limit_error}
 * @param sessionId      {@code session_id}: the session {@code claude --resume} continues
 */
record ClaudeResult(boolean isError, Optional<String> text, Optional<TokenUsage> usage,
        OptionalInt apiErrorStatus, Optional<String> apiErrorType, Optional<String> sessionId) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Parses the whole trimmed stdout as one JSON object, else its last line that looks like
     * one (in case something printed a notice first). Empty when neither is a JSON object.
     */
    static Optional<ClaudeResult> parse(String stdout) {
        String trimmed = stdout.strip();
        Optional<JsonNode> node = object(trimmed);
        if (node.isEmpty()) {
            int lastBreak = trimmed.lastIndexOf('\n');
            if (lastBreak >= 0) {
                node = object(trimmed.substring(lastBreak + 1).strip());
            }
        }
        return node.map(ClaudeResult::of);
    }

    /** One stdout line as a result object; empty when the line is no JSON object. */
    static Optional<ClaudeResult> parseLine(String line) {
        return object(line.strip()).map(ClaudeResult::of);
    }

    private static Optional<JsonNode> object(String text) {
        if (!text.startsWith("{") || !text.endsWith("}")) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(text);
            return n != null && n.isObject() ? Optional.of(n) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static ClaudeResult of(JsonNode n) {
        JsonNode status = n.path("api_error_status");
        JsonNode type = n.path("api_error_type");
        return new ClaudeResult(
                n.path("is_error").asBoolean(false),
                firstString(n, "result", "response", "text"),
                usage(n.path("usage")),
                status.isIntegralNumber() ? OptionalInt.of(status.intValue()) : OptionalInt.empty(),
                type.isTextual() ? Optional.of(type.textValue()) : Optional.empty(),
                firstString(n, "session_id"));
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
