package io.harnessrouter.plugins.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessrouter.api.TokenUsage;
import java.util.Optional;

/**
 * The JSON of the chat-completions wire format: the request body we send and the fields we read
 * from responses, stream frames and error bodies. Stateless and thread-safe (one shared
 * {@link ObjectMapper}).
 */
final class ChatJson {

    /** The system message every request carries, as the npm harness-router sent it. */
    static final String SYSTEM_PROMPT =
            "You are an expert software engineer. Write clear, working code and explain it concisely.";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ChatJson() {
    }

    /**
     * {@code {"model", "messages": [system, user], "stream"}} plus
     * {@code "stream_options": {"include_usage": true}} when streaming.
     */
    static String requestBody(String model, String userContent, boolean stream) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("model", model);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", SYSTEM_PROMPT);
        messages.addObject().put("role", "user").put("content", userContent);
        body.put("stream", stream);
        if (stream) {
            body.putObject("stream_options").put("include_usage", true);
        }
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a chat request", e);
        }
    }

    /** The parsed JSON, or empty when the text is not JSON. */
    static Optional<JsonNode> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(MAPPER.readTree(text));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** {@code choices[0].<container>.<field>} when it is a string. */
    static Optional<String> choiceText(JsonNode root, String container, String field) {
        JsonNode v = root.path("choices").path(0).path(container).path(field);
        return v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
    }

    /** {@code usage.prompt_tokens} and {@code usage.completion_tokens}, when both are numbers. */
    static Optional<TokenUsage> usage(JsonNode root) {
        JsonNode usage = root.path("usage");
        JsonNode in = usage.path("prompt_tokens");
        JsonNode out = usage.path("completion_tokens");
        if (!in.canConvertToLong() || !out.canConvertToLong() || in.asLong() < 0 || out.asLong() < 0) {
            return Optional.empty();
        }
        return Optional.of(new TokenUsage(in.asLong(), out.asLong()));
    }

    /**
     * The provider's error message: {@code error.message}, else {@code error} when it is a string,
     * else a top-level {@code message}.
     */
    static Optional<String> errorMessage(JsonNode root) {
        JsonNode error = root.path("error");
        if (error.path("message").isTextual()) {
            return Optional.of(error.path("message").asText());
        }
        if (error.isTextual()) {
            return Optional.of(error.asText());
        }
        if (root.path("message").isTextual()) {
            return Optional.of(root.path("message").asText());
        }
        return Optional.empty();
    }

    /** True when {@code error.code} or {@code error.type} equals {@code value}. */
    static boolean errorCodeIs(JsonNode root, String value) {
        JsonNode error = root.path("error");
        return value.equals(error.path("code").asText(null)) || value.equals(error.path("type").asText(null));
    }

    /** True when the body is an object with an {@code error} member (an SSE error frame). */
    static boolean isError(JsonNode root) {
        return root.isObject() && root.has("error") && !root.path("error").isNull();
    }
}
