package io.harnessrouter.dist.conformance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessrouter.dist.conformance.ModelApiMock.Behaviour;
import io.harnessrouter.dist.conformance.ModelApiMock.WireError;
import java.util.List;
import java.util.Map;

/**
 * Anthropic Messages API answers as documented (docs.anthropic.com, "Messages" and "Streaming
 * Messages", "Errors"): the streamed event sequence claude reads, and the error envelope
 * {@code {"type":"error","error":{"type","message"}}}.
 */
final class AnthropicWire {

    private AnthropicWire() {
    }

    static ObjectNode message(String model, String text) {
        ObjectNode m = ModelApiMock.json().createObjectNode();
        m.put("id", "msg_mock_conformance").put("type", "message").put("role", "assistant").put("model", model);
        m.putArray("content").addObject().put("type", "text").put("text", text);
        m.put("stop_reason", "end_turn").putNull("stop_sequence");
        m.putObject("usage").put("input_tokens", 12).put("output_tokens", 7);
        return m;
    }

    static List<String> stream(String model, String text) {
        ObjectNode start = ModelApiMock.json().createObjectNode().put("type", "message_start");
        ObjectNode message = start.putObject("message");
        message.put("id", "msg_mock_conformance").put("type", "message").put("role", "assistant").put("model", model);
        message.putArray("content");
        message.putNull("stop_reason").putNull("stop_sequence");
        message.putObject("usage").put("input_tokens", 12).put("output_tokens", 1);

        ObjectNode blockStart = ModelApiMock.json().createObjectNode().put("type", "content_block_start").put("index", 0);
        blockStart.putObject("content_block").put("type", "text").put("text", "");
        ObjectNode delta = ModelApiMock.json().createObjectNode().put("type", "content_block_delta").put("index", 0);
        delta.putObject("delta").put("type", "text_delta").put("text", text);
        ObjectNode messageDelta = ModelApiMock.json().createObjectNode().put("type", "message_delta");
        messageDelta.putObject("delta").put("stop_reason", "end_turn").putNull("stop_sequence");
        messageDelta.putObject("usage").put("output_tokens", 7);
        return List.of(
                event("message_start", start.toString()),
                event("content_block_start", blockStart.toString()),
                event("ping", "{\"type\":\"ping\"}"),
                event("content_block_delta", delta.toString()),
                event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
                event("message_delta", messageDelta.toString()),
                event("message_stop", "{\"type\":\"message_stop\"}"));
    }

    /**
     * 429 {@code rate_limit_error} with {@code retry-after}; a spent credit balance is Anthropic's
     * 400 {@code invalid_request_error} "Your credit balance is too low ..."; a bad key is 401
     * {@code authentication_error} "invalid x-api-key".
     */
    static WireError error(Behaviour behaviour) {
        return switch (behaviour) {
            case RATE_LIMITED -> new WireError(429, body("rate_limit_error",
                    "This request would exceed your organization's rate limit of 50 requests per minute (mock)."),
                    Map.of("retry-after", "1"));
            case QUOTA_EXHAUSTED -> new WireError(400, body("invalid_request_error",
                    "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to"
                            + " upgrade or purchase credits."), Map.of());
            case AUTH_FAILED -> new WireError(401, body("authentication_error", "invalid x-api-key"), Map.of());
            case OK -> throw new IllegalArgumentException("OK is not an error");
        };
    }

    private static String body(String type, String message) {
        ObjectNode root = ModelApiMock.json().createObjectNode().put("type", "error");
        root.putObject("error").put("type", type).put("message", message);
        root.put("request_id", "req_mock_conformance");
        return root.toString();
    }

    private static String event(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }
}
