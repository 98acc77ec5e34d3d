package io.harnessrouter.plugins.claudecode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harnessrouter.api.DispatchEvent;
import io.harnessrouter.api.DispatchListener;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.support.ProcessOutcome;
import io.harnessrouter.api.support.StreamParser;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Reads the events {@code claude -p --output-format stream-json --verbose} prints, one JSON object
 * per line, as they arrive. Created per dispatch; the base class delivers lines one at a time, so
 * plain fields suffice.
 *
 * <ul>
 *   <li>{@code system} ({@code subtype: init}): its {@code session_id}, in case no result follows;</li>
 *   <li>{@code assistant}: each block of {@code message.content} becomes an event as it comes:
 *       {@code text} a {@link DispatchEvent.Text}, {@code tool_use} a {@link DispatchEvent.ToolUse}
 *       (name and compact {@code input}), {@code thinking} a {@link DispatchEvent.Thinking};</li>
 *   <li>{@code user}: each {@code tool_result} block becomes a {@link DispatchEvent.ToolResult}
 *       named after its {@code tool_use} (matched by {@code tool_use_id}), with its {@code content}
 *       (a string, or the text of its text blocks) and {@code is_error};</li>
 *   <li>{@code result}: the final object, read by {@link ClaudeResult} (answer, usage, errors,
 *       session id).</li>
 * </ul>
 * Lines that are no JSON object are ignored. A result line longer than the 1 MiB the reader hands
 * over at once (so no piece parsed) is looked for again in the captured stdout at the end.
 */
final class ClaudeStream implements StreamParser {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BiFunction<Optional<ClaudeResult>, ProcessOutcome, DispatchResult> result;
    private final Map<String, String> toolNames = new HashMap<>();
    private ClaudeResult last;
    private String initSessionId;

    /** @param result turns the result object (empty when none came) and the outcome into the result */
    ClaudeStream(BiFunction<Optional<ClaudeResult>, ProcessOutcome, DispatchResult> result) {
        this.result = result;
    }

    @Override
    public void onLine(String line, DispatchListener listener) {
        Optional<JsonNode> parsed = object(line.strip());
        if (parsed.isEmpty()) {
            return;
        }
        JsonNode event = parsed.get();
        switch (event.path("type").asText("")) {
            case "system" -> {
                if (event.path("session_id").isTextual()) {
                    initSessionId = event.path("session_id").textValue();
                }
            }
            case "assistant" -> {
                for (JsonNode block : event.path("message").path("content")) {
                    assistantBlock(block, listener);
                }
            }
            case "user" -> {
                for (JsonNode block : event.path("message").path("content")) {
                    if ("tool_result".equals(block.path("type").asText(""))) {
                        listener.onEvent(new DispatchEvent.ToolResult(
                                toolNames.getOrDefault(block.path("tool_use_id").asText(""), ""),
                                resultText(block.path("content")), block.path("is_error").asBoolean(false)));
                    }
                }
            }
            case "result" -> last = ClaudeResult.of(event);
            default -> {
            }
        }
    }

    /** The result object seen, else the last {@code result} line of the captured stdout. */
    @Override
    public DispatchResult finish(ProcessOutcome outcome) {
        Optional<ClaudeResult> r = Optional.ofNullable(last).or(() -> ClaudeResult.parse(outcome.stdout()))
                .map(found -> found.sessionId().isPresent() || initSessionId == null ? found
                        : found.withSessionId(initSessionId));
        return result.apply(r, outcome);
    }

    private void assistantBlock(JsonNode block, DispatchListener listener) {
        switch (block.path("type").asText("")) {
            case "text" -> {
                if (block.path("text").isTextual() && !block.path("text").textValue().isEmpty()) {
                    listener.onEvent(new DispatchEvent.Text(block.path("text").textValue()));
                }
            }
            case "thinking" -> {
                if (block.path("thinking").isTextual() && !block.path("thinking").textValue().isEmpty()) {
                    listener.onEvent(new DispatchEvent.Thinking(block.path("thinking").textValue()));
                }
            }
            case "tool_use" -> {
                String name = block.path("name").asText("?");
                toolNames.put(block.path("id").asText(""), name);
                JsonNode input = block.path("input");
                listener.onEvent(new DispatchEvent.ToolUse(name, input.isMissingNode() ? "" : input.toString()));
            }
            default -> {
            }
        }
    }

    /** A tool result's {@code content}: a string, or its text blocks joined by line breaks. */
    private static String resultText(JsonNode content) {
        if (content.isTextual()) {
            return content.textValue();
        }
        StringBuilder b = new StringBuilder();
        for (JsonNode part : content) {
            if (part.path("text").isTextual()) {
                b.append(b.length() == 0 ? "" : "\n").append(part.path("text").textValue());
            }
        }
        return b.toString();
    }

    static Optional<JsonNode> object(String text) {
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
}
