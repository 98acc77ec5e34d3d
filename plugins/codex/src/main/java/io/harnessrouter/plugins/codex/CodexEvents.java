package io.harnessrouter.plugins.codex;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessrouter.api.DispatchEvent;
import io.harnessrouter.api.DispatchListener;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.TokenUsage;
import io.harnessrouter.api.support.ProcessOutcome;
import io.harnessrouter.api.support.StreamParser;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Reads the JSONL of one {@code codex exec --json} run, one event per line, and keeps what the
 * result needs. Created per dispatch; the base class delivers lines one at a time, so plain
 * fields suffice.
 *
 * <ul>
 *   <li>{@code thread.started.thread_id}: the session id ({@code codex exec resume <id>});</li>
 *   <li>{@code item.completed} of type {@code agent_message}: a {@link DispatchEvent.Text}; the
 *       last one is the answer (what {@code -o} would write);</li>
 *   <li>{@code reasoning}: {@link DispatchEvent.Thinking}; {@code command_execution}:
 *       {@link DispatchEvent.ToolUse} {@code shell} when it starts, {@link DispatchEvent.ToolResult}
 *       with its {@code aggregated_output} when it completes (an error when its exit code is not 0
 *       or its status {@code failed}); {@code file_change}, {@code mcp_tool_call},
 *       {@code web_search} likewise; an {@code error} item (a non-fatal warning such as "Model
 *       metadata for `x` not found") is relayed as {@link DispatchEvent.Stderr};</li>
 *   <li>{@code turn.completed.usage}: {@code input_tokens} (cached input included, as codex
 *       counts it) and {@code output_tokens} (reasoning included), summed over turns;</li>
 *   <li>{@code turn.failed.error.message}: the failure;</li>
 *   <li>a bare {@code error} event is relayed as {@link DispatchEvent.Stderr} and remembered only as
 *       a fallback message: codex prints its "Reconnecting... n/5" notices that way, so it never
 *       makes a run fail by itself.</li>
 * </ul>
 * Lines that are not JSON objects are ignored. An {@code agent_message} line longer than 1 MiB
 * (which the reader delivers in pieces) is found again in the captured stdout at the end.
 */
final class CodexEvents implements StreamParser {

    /** What the events of one run said. */
    record Seen(Optional<String> answer, Optional<TokenUsage> usage, Optional<String> threadId,
            Optional<String> turnFailure, Optional<String> lastError) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RECONNECTING = "Reconnecting...";

    private final BiFunction<Seen, ProcessOutcome, DispatchResult> result;
    private final Set<String> started = new HashSet<>();
    private String answer;
    private TokenUsage usage;
    private String threadId;
    private String turnFailure;
    private String lastError;

    CodexEvents(BiFunction<Seen, ProcessOutcome, DispatchResult> result) {
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
        switch (event.path("type").asText("")) {
            case "thread.started" -> text(event, "thread_id").ifPresent(id -> threadId = id);
            case "item.started" -> started(event.path("item"), listener);
            case "item.completed" -> completed(event.path("item"), listener);
            case "turn.completed" -> usage(event.path("usage")).ifPresent(u -> usage = u.plus(usage));
            case "turn.failed" -> turnFailure = text(event.path("error"), "message").orElse("turn failed");
            case "error" -> text(event, "message").ifPresent(message -> {
                listener.onEvent(new DispatchEvent.Stderr(message));
                if (!message.startsWith(RECONNECTING)) {
                    lastError = message;
                }
            });
            default -> {
            }
        }
    }

    /**
     * The result; an answer that came as one line longer than the 1 MiB the reader hands over at
     * once (so no piece parsed) is looked for again in the captured stdout.
     */
    @Override
    public DispatchResult finish(ProcessOutcome outcome) {
        if (answer == null && outcome.stdout().contains("\"agent_message\"")) {
            CodexEvents whole = new CodexEvents(result);
            for (String line : outcome.stdout().split("\n")) {
                whole.onLine(line, DispatchListener.NONE);
            }
            answer = whole.answer;
        }
        return result.apply(new Seen(Optional.ofNullable(answer), Optional.ofNullable(usage),
                Optional.ofNullable(threadId), Optional.ofNullable(turnFailure), Optional.ofNullable(lastError)),
                outcome);
    }

    private void started(JsonNode item, DispatchListener listener) {
        toolUse(item).ifPresent(use -> {
            started.add(item.path("id").asText(""));
            listener.onEvent(use);
        });
    }

    private void completed(JsonNode item, DispatchListener listener) {
        switch (item.path("type").asText("")) {
            case "agent_message" -> text(item, "text").ifPresent(t -> {
                answer = t;
                listener.onEvent(new DispatchEvent.Text(t));
            });
            case "reasoning" -> text(item, "text").ifPresent(t -> listener.onEvent(new DispatchEvent.Thinking(t)));
            case "error" -> text(item, "message").ifPresent(m -> listener.onEvent(new DispatchEvent.Stderr(m)));
            default -> toolUse(item).ifPresent(use -> {
                if (!started.remove(item.path("id").asText(""))) {
                    listener.onEvent(use);
                }
                listener.onEvent(new DispatchEvent.ToolResult(use.name(), toolOutput(item), failed(item)));
            });
        }
    }

    /** The tool call an item stands for; empty for items that are no tool call. */
    private static Optional<DispatchEvent.ToolUse> toolUse(JsonNode item) {
        ObjectNode input = JSON.createObjectNode();
        switch (item.path("type").asText("")) {
            case "command_execution" -> {
                input.put("command", item.path("command").asText(""));
                return Optional.of(new DispatchEvent.ToolUse("shell", input.toString()));
            }
            case "file_change" -> {
                input.set("changes", item.path("changes"));
                return Optional.of(new DispatchEvent.ToolUse("apply_patch", input.toString()));
            }
            case "mcp_tool_call" -> {
                JsonNode args = item.path("arguments");
                return Optional.of(new DispatchEvent.ToolUse(item.path("server").asText("mcp") + "."
                        + item.path("tool").asText("?"), args.isMissingNode() ? "" : args.toString()));
            }
            case "web_search" -> {
                input.put("query", item.path("query").asText(""));
                return Optional.of(new DispatchEvent.ToolUse("web_search", input.toString()));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private static String toolOutput(JsonNode item) {
        switch (item.path("type").asText("")) {
            case "command_execution" -> {
                return item.path("aggregated_output").asText("");
            }
            case "file_change" -> {
                StringBuilder b = new StringBuilder();
                for (JsonNode change : item.path("changes")) {
                    b.append(b.length() == 0 ? "" : "\n").append(change.path("kind").asText("change"))
                            .append(' ').append(change.path("path").asText(""));
                }
                return b.toString();
            }
            case "mcp_tool_call" -> {
                JsonNode error = item.path("error");
                JsonNode result = item.path("result");
                return error.isObject() || error.isTextual() ? (error.isTextual() ? error.asText() : error.toString())
                        : result.isMissingNode() || result.isNull() ? "" : result.toString();
            }
            default -> {
                return "";
            }
        }
    }

    private static boolean failed(JsonNode item) {
        JsonNode exit = item.path("exit_code");
        return "failed".equals(item.path("status").asText("")) || exit.isIntegralNumber() && exit.intValue() != 0
                || item.path("error").isObject() || item.path("error").isTextual();
    }

    private static Optional<TokenUsage> usage(JsonNode u) {
        JsonNode in = u.path("input_tokens");
        JsonNode out = u.path("output_tokens");
        if (!in.isIntegralNumber() || !out.isIntegralNumber() || in.longValue() < 0 || out.longValue() < 0) {
            return Optional.empty();
        }
        return Optional.of(new TokenUsage(in.longValue(), out.longValue()));
    }

    private static Optional<String> text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isTextual() ? Optional.of(v.textValue()) : Optional.empty();
    }
}
