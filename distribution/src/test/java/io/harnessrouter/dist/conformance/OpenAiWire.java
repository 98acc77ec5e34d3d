package io.harnessrouter.dist.conformance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessrouter.dist.conformance.ModelApiMock.Behaviour;
import io.harnessrouter.dist.conformance.ModelApiMock.WireError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OpenAI answers as documented (platform.openai.com API reference: Responses streaming events,
 * Chat Completions chunks, "Error codes"): the error envelope
 * {@code {"error":{"message","type","param","code"}}}, 429 {@code rate_limit_exceeded} for a rate
 * limit, 429 {@code insufficient_quota} for a spent quota, 401 {@code invalid_api_key}.
 */
final class OpenAiWire {

    private static final long CREATED = 1_780_000_000L;

    private OpenAiWire() {
    }

    /** The Responses stream codex reads: created, the message item and its text, completed with usage. */
    static List<String> responseStream(String model, String text) {
        ObjectNode item = ModelApiMock.json().createObjectNode();
        item.put("id", "msg_mock_conformance").put("type", "message").put("status", "completed").put("role", "assistant");
        item.putArray("content").addObject().put("type", "output_text").put("text", text).putArray("annotations");

        ObjectNode created = ModelApiMock.json().createObjectNode().put("type", "response.created").put("sequence_number", 0);
        response(created.putObject("response"), model, "in_progress");
        ObjectNode added = ModelApiMock.json().createObjectNode().put("type", "response.output_item.added")
                .put("sequence_number", 1).put("output_index", 0);
        added.putObject("item").put("id", "msg_mock_conformance").put("type", "message").put("status", "in_progress")
                .put("role", "assistant").putArray("content");
        ObjectNode delta = ModelApiMock.json().createObjectNode().put("type", "response.output_text.delta")
                .put("sequence_number", 2).put("item_id", "msg_mock_conformance").put("output_index", 0)
                .put("content_index", 0).put("delta", text);
        ObjectNode textDone = ModelApiMock.json().createObjectNode().put("type", "response.output_text.done")
                .put("sequence_number", 3).put("item_id", "msg_mock_conformance").put("output_index", 0)
                .put("content_index", 0).put("text", text);
        ObjectNode itemDone = ModelApiMock.json().createObjectNode().put("type", "response.output_item.done")
                .put("sequence_number", 4).put("output_index", 0);
        itemDone.set("item", item);
        ObjectNode completed = ModelApiMock.json().createObjectNode().put("type", "response.completed")
                .put("sequence_number", 5);
        ObjectNode response = response(completed.putObject("response"), model, "completed");
        ((ArrayNode) response.get("output")).add(item.deepCopy());
        response.putObject("usage").put("input_tokens", 12).put("output_tokens", 7).put("total_tokens", 19)
                .<ObjectNode>set("input_tokens_details", ModelApiMock.json().createObjectNode().put("cached_tokens", 0))
                .set("output_tokens_details", ModelApiMock.json().createObjectNode().put("reasoning_tokens", 0));
        List<String> events = new ArrayList<>();
        for (ObjectNode e : List.of(created, added, delta, textDone, itemDone, completed)) {
            events.add("event: " + e.get("type").asText() + "\ndata: " + e + "\n\n");
        }
        return events;
    }

    private static ObjectNode response(ObjectNode r, String model, String status) {
        r.put("id", "resp_mock_conformance").put("object", "response").put("created_at", CREATED)
                .put("status", status).put("model", model);
        r.putArray("output");
        return r;
    }

    /** Chat Completions chunks: role, the text, the finish reason, the usage chunk when asked for, {@code [DONE]}. */
    static List<String> chatStream(String model, String text, boolean includeUsage) {
        List<String> events = new ArrayList<>();
        events.add(data(chunk(model, ModelApiMock.json().createObjectNode().put("role", "assistant").put("content", ""), null)));
        events.add(data(chunk(model, ModelApiMock.json().createObjectNode().put("content", text), null)));
        events.add(data(chunk(model, ModelApiMock.json().createObjectNode(), "stop")));
        if (includeUsage) {
            ObjectNode usage = chunkBase(model);
            usage.putArray("choices");
            usage.set("usage", usage());
            events.add(data(usage));
        }
        events.add("data: [DONE]\n\n");
        return events;
    }

    static ObjectNode chatCompletion(String model, String text) {
        ObjectNode c = ModelApiMock.json().createObjectNode().put("id", "chatcmpl-mock-conformance")
                .put("object", "chat.completion").put("created", CREATED).put("model", model);
        ObjectNode choice = c.putArray("choices").addObject().put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", text);
        choice.put("finish_reason", "stop");
        c.set("usage", usage());
        return c;
    }

    private static ObjectNode chunk(String model, ObjectNode delta, String finishReason) {
        ObjectNode c = chunkBase(model);
        ObjectNode choice = c.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return c;
    }

    private static ObjectNode chunkBase(String model) {
        return ModelApiMock.json().createObjectNode().put("id", "chatcmpl-mock-conformance")
                .put("object", "chat.completion.chunk").put("created", CREATED).put("model", model);
    }

    private static ObjectNode usage() {
        return ModelApiMock.json().createObjectNode().put("prompt_tokens", 12).put("completion_tokens", 7)
                .put("total_tokens", 19);
    }

    private static String data(ObjectNode json) {
        return "data: " + json + "\n\n";
    }

    static WireError error(Behaviour behaviour) {
        return switch (behaviour) {
            case RATE_LIMITED -> new WireError(429, body("Rate limit reached for gpt-mock in organization org-mock on"
                    + " requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 1s.", "requests",
                    "rate_limit_exceeded"), Map.of("retry-after", "1", "x-ratelimit-remaining-requests", "0"));
            case QUOTA_EXHAUSTED -> new WireError(429, body("You exceeded your current quota, please check your plan"
                    + " and billing details.", "insufficient_quota", "insufficient_quota"), Map.of());
            case AUTH_FAILED -> new WireError(401, body("Incorrect API key provided: sk-mock***. You can find your API"
                    + " key at https://platform.openai.com/account/api-keys.", "invalid_request_error",
                    "invalid_api_key"), Map.of());
            case OK -> throw new IllegalArgumentException("OK is not an error");
        };
    }

    private static String body(String message, String type, String code) {
        ObjectNode root = ModelApiMock.json().createObjectNode();
        root.putObject("error").put("message", message).put("type", type).putNull("param").put("code", code);
        return root.toString();
    }
}
