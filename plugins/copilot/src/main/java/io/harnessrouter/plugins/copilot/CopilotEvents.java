package io.harnessrouter.plugins.copilot;

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
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.BiFunction;

/**
 * Reads the JSONL of one {@code copilot --output-format json} run, one event per line, and keeps
 * what the result needs. Created per dispatch; the base class delivers lines one at a time, so
 * plain fields suffice.
 *
 * <ul>
 *   <li>{@code assistant.message_delta} ({@code data.deltaContent}): a {@link DispatchEvent.Text}
 *       as the answer streams;</li>
 *   <li>{@code assistant.message} ({@code data.content}): the answer is the <b>last</b> one with
 *       non-empty content (a message that only requests tools has none); a {@code Text} event
 *       too when no delta of it came;</li>
 *   <li>{@code assistant.reasoning} ({@code data.content}): {@link DispatchEvent.Thinking};</li>
 *   <li>{@code tool.execution_start} ({@code toolName}, {@code arguments}):
 *       {@link DispatchEvent.ToolUse}; {@code tool.execution_complete} ({@code success},
 *       {@code result.content} or {@code error.message}): {@link DispatchEvent.ToolResult} named
 *       after the start with the same {@code toolCallId};</li>
 *   <li>{@code session.error} ({@code data.errorType}, {@code message}, {@code statusCode}): the
 *       failure, the last one winning;</li>
 *   <li>{@code result} ({@code sessionId}, {@code exitCode}, {@code usage.premiumRequests}): the
 *       session id, copilot's own verdict and the premium requests the session used.</li>
 * </ul>
 * Lines that are not JSON objects, and every other event type, are ignored.
 */
final class CopilotEvents implements StreamParser {

    /** A {@code session.error}: copilot's error type, its message and the HTTP status when it gave one. */
    record SessionError(String errorType, String message, OptionalInt statusCode) {
    }

    /** What the events of one run said. */
    record Seen(Optional<String> answer, Optional<SessionError> error, Optional<String> sessionId,
            OptionalInt resultExitCode, OptionalLong premiumRequests) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BiFunction<Seen, ProcessOutcome, DispatchResult> result;
    private final Map<String, String> toolNames = new HashMap<>();
    private String answer;
    private String streamedMessageId;
    private SessionError error;
    private String sessionId;
    private Integer resultExitCode;
    private Long premiumRequests;

    CopilotEvents(BiFunction<Seen, ProcessOutcome, DispatchResult> result) {
        this.result = result;
    }

    @Override
    public void onLine(String line, DispatchListener listener) {
        String l = line.strip();
        if (!l.startsWith("{")) {
            return;
        }
        JsonNode event;
        try {
            event = JSON.readTree(l);
        } catch (JsonProcessingException e) {
            return;
        }
        if (event == null || !event.isObject()) {
            return;
        }
        JsonNode data = event.path("data");
        switch (event.path("type").asText("")) {
            case "assistant.message_delta" -> text(data, "deltaContent").filter(t -> !t.isEmpty()).ifPresent(t -> {
                streamedMessageId = data.path("messageId").asText("");
                listener.onEvent(new DispatchEvent.Text(t));
            });
            case "assistant.message" -> message(data, listener);
            case "assistant.reasoning" -> text(data, "content").filter(t -> !t.isBlank())
                    .ifPresent(t -> listener.onEvent(new DispatchEvent.Thinking(t)));
            case "tool.execution_start" -> toolStart(data, listener);
            case "tool.execution_complete" -> toolComplete(data, listener);
            case "session.error" -> error = new SessionError(data.path("errorType").asText(""),
                    data.path("message").asText(""), data.path("statusCode").isIntegralNumber()
                            ? OptionalInt.of(data.path("statusCode").intValue()) : OptionalInt.empty());
            case "result" -> {
                text(event, "sessionId").ifPresent(id -> sessionId = id);
                if (event.path("exitCode").isIntegralNumber()) {
                    resultExitCode = event.path("exitCode").intValue();
                }
                JsonNode premium = event.path("usage").path("premiumRequests");
                if (premium.isNumber() && premium.asLong() >= 0) {
                    premiumRequests = premium.asLong();
                }
            }
            default -> {
            }
        }
    }

    @Override
    public DispatchResult finish(ProcessOutcome outcome) {
        return result.apply(new Seen(Optional.ofNullable(answer), Optional.ofNullable(error),
                Optional.ofNullable(sessionId),
                resultExitCode == null ? OptionalInt.empty() : OptionalInt.of(resultExitCode),
                premiumRequests == null ? OptionalLong.empty() : OptionalLong.of(premiumRequests)), outcome);
    }

    private void message(JsonNode data, DispatchListener listener) {
        Optional<String> content = text(data, "content").filter(t -> !t.isBlank());
        if (content.isEmpty()) {
            return;
        }
        answer = content.get();
        String id = data.path("messageId").asText("");
        if (streamedMessageId == null || !streamedMessageId.equals(id)) {
            listener.onEvent(new DispatchEvent.Text(answer));
        }
        streamedMessageId = null;
    }

    private void toolStart(JsonNode data, DispatchListener listener) {
        String name = data.path("toolName").asText("tool");
        toolNames.put(data.path("toolCallId").asText(""), name);
        JsonNode args = data.path("arguments");
        listener.onEvent(new DispatchEvent.ToolUse(name, args.isMissingNode() || args.isNull() ? "" : args.toString()));
    }

    private void toolComplete(JsonNode data, DispatchListener listener) {
        String name = toolNames.getOrDefault(data.path("toolCallId").asText(""), "");
        boolean failed = data.path("success").isBoolean() && !data.path("success").booleanValue();
        String output = failed && data.path("error").isObject() ? data.path("error").path("message").asText("")
                : content(data.path("result"));
        listener.onEvent(new DispatchEvent.ToolResult(name, output, failed));
    }

    private static String content(JsonNode result) {
        if (result.isTextual()) {
            return result.textValue();
        }
        JsonNode content = result.path("content");
        return content.isTextual() ? content.textValue() : content.isMissingNode() || content.isNull() ? ""
                : content.toString();
    }

    private static Optional<String> text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isTextual() ? Optional.of(v.textValue()) : Optional.empty();
    }
}
