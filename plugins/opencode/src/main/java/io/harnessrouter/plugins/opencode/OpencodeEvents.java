package io.harnessrouter.plugins.opencode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harnessrouter.api.DispatchEvent;
import io.harnessrouter.api.DispatchListener;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.TokenUsage;
import io.harnessrouter.api.support.ProcessOutcome;
import io.harnessrouter.api.support.StreamParser;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.BiFunction;

/**
 * Reads the JSONL of one {@code opencode run --format json} run, one
 * {@code {"type","timestamp","sessionID","part":{...}}} event per line, and keeps what the result
 * needs. Created per dispatch; the base class delivers lines one at a time, so plain fields suffice.
 *
 * <ul>
 *   <li>{@code sessionID} (on every event): the session id ({@code opencode run -s <id>});</li>
 *   <li>{@code text}: {@code part.text} as a {@link DispatchEvent.Text}; the answer is all text
 *       parts concatenated in order;</li>
 *   <li>{@code tool_use}: {@link DispatchEvent.ToolUse} with {@code part.tool} and
 *       {@code part.state.input}, then, once {@code part.state.status} is {@code completed} or
 *       {@code error}, {@link DispatchEvent.ToolResult} with {@code state.output} or
 *       {@code state.error} (this shape is from opencode's docs; the reference did not observe a
 *       tool call);</li>
 *   <li>{@code step_finish}: {@code part.tokens} ({@code input} plus {@code cache.read} and
 *       {@code cache.write} as input, {@code output} as output), summed over the steps, and
 *       {@code part.cost} (USD, a number not below 0), summed over the steps into
 *       {@link DispatchResult#costUsd()};</li>
 *   <li>{@code error}: {@code error.name}, {@code error.data.message}, {@code error.data.statusCode}
 *       and {@code error.data.responseHeaders}: the failure.</li>
 * </ul>
 * Other lines are ignored. A text line longer than the 1 MiB the reader hands over at once arrives
 * in pieces that parse as nothing; the answer is then read again from the captured stdout.
 */
final class OpencodeEvents implements StreamParser {

    /** An {@code error} event. */
    record Failure(String name, String message, OptionalInt status, Map<String, String> headers) {
    }

    /** What the events of one run said. */
    record Seen(Optional<String> answer, Optional<TokenUsage> usage, Optional<String> sessionId, Optional<Failure> failure,
                OptionalDouble costUsd) {
        Seen(Optional<String> answer, Optional<TokenUsage> usage, Optional<String> sessionId, Optional<Failure> failure) {
            this(answer, usage, sessionId, failure, OptionalDouble.empty());
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BiFunction<Seen, ProcessOutcome, DispatchResult> result;
    private final StringBuilder answer = new StringBuilder();
    private boolean sawText;
    private boolean brokenLine;
    private TokenUsage usage;
    /** The sum of the steps' {@code part.cost}; null until a step reported one. */
    private Double cost;
    private String sessionId;
    private Failure failure;

    OpencodeEvents(BiFunction<Seen, ProcessOutcome, DispatchResult> result) {
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
            brokenLine = true;
            return;
        }
        if (event == null || !event.isObject()) {
            return;
        }
        if (sessionId == null) {
            text(event, "sessionID").ifPresent(id -> sessionId = id);
        }
        JsonNode part = event.path("part");
        switch (event.path("type").asText("")) {
            case "text" -> text(part, "text").ifPresent(t -> {
                sawText = true;
                answer.append(t);
                listener.onEvent(new DispatchEvent.Text(t));
            });
            case "tool_use" -> tool(part, listener);
            case "step_finish" -> {
                usage(part.path("tokens")).ifPresent(u -> usage = u.plus(usage));
                JsonNode c = part.path("cost");
                if (c.isNumber() && c.doubleValue() >= 0 && Double.isFinite(c.doubleValue())) {
                    cost = (cost == null ? 0 : cost) + c.doubleValue();
                }
            }
            case "error" -> failure = failure(event.path("error"));
            default -> {
            }
        }
    }

    /** The result; text that came in a line too long to parse piecewise is read from the captured stdout. */
    @Override
    public DispatchResult finish(ProcessOutcome outcome) {
        if (brokenLine && !outcome.stdoutTruncated()) {
            OpencodeEvents whole = new OpencodeEvents(result);
            for (String line : outcome.stdout().split("\n")) {
                whole.onLine(line, DispatchListener.NONE);
            }
            answer.setLength(0);
            answer.append(whole.answer);
            sawText = whole.sawText;
        }
        return result.apply(new Seen(sawText ? Optional.of(answer.toString()) : Optional.empty(),
                Optional.ofNullable(usage), Optional.ofNullable(sessionId),
                Optional.ofNullable(failure), cost == null ? OptionalDouble.empty() : OptionalDouble.of(cost)), outcome);
    }

    private static void tool(JsonNode part, DispatchListener listener) {
        String name = part.path("tool").asText("tool");
        JsonNode state = part.path("state");
        JsonNode input = state.path("input");
        listener.onEvent(new DispatchEvent.ToolUse(name, input.isMissingNode() ? "" : input.toString()));
        String status = state.path("status").asText("");
        if (status.equals("completed")) {
            listener.onEvent(new DispatchEvent.ToolResult(name, state.path("output").asText(""), false));
        } else if (status.equals("error")) {
            listener.onEvent(new DispatchEvent.ToolResult(name, state.path("error").asText(""), true));
        }
    }

    private static Failure failure(JsonNode error) {
        JsonNode data = error.path("data");
        JsonNode status = data.path("statusCode");
        Map<String, String> headers = new HashMap<>();
        data.path("responseHeaders").fields().forEachRemaining(e -> {
            if (e.getValue().isValueNode()) {
                headers.put(e.getKey(), e.getValue().asText());
            }
        });
        String name = error.path("name").asText("Error");
        return new Failure(name, text(data, "message").or(() -> text(error, "message")).orElse(name),
                status.isIntegralNumber() ? OptionalInt.of(status.intValue()) : OptionalInt.empty(), headers);
    }

    private static Optional<TokenUsage> usage(JsonNode tokens) {
        JsonNode in = tokens.path("input");
        JsonNode out = tokens.path("output");
        if (!in.isIntegralNumber() || !out.isIntegralNumber() || in.longValue() < 0 || out.longValue() < 0) {
            return Optional.empty();
        }
        long cached = Math.max(0, tokens.path("cache").path("read").asLong(0))
                + Math.max(0, tokens.path("cache").path("write").asLong(0));
        return Optional.of(new TokenUsage(in.longValue() + cached, out.longValue()));
    }

    private static Optional<String> text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isTextual() ? Optional.of(v.textValue()) : Optional.empty();
    }
}
