package com.example.harnessrouter.acme;

import io.harnessrouter.api.DispatchEvent;
import io.harnessrouter.api.TokenUsage;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One event of {@code acme run --json} output, one JSON object per line; {@link AcmeJsonl}
 * parses them. All records are immutable.
 */
sealed interface AcmeEvent {

    /** {@code {"type":"text","text":...}}: a chunk of the answer. */
    record Text(String text) implements AcmeEvent {
    }

    /** {@code {"type":"thinking","text":...}}: reasoning the model exposed. */
    record Thinking(String text) implements AcmeEvent {
    }

    /** {@code {"type":"tool","name":...,"input":{...}}}: a tool call; input as compact JSON. */
    record Tool(String name, String inputJson) implements AcmeEvent {
    }

    /**
     * {@code {"type":"error","code":N,"message":...,"reset_at":...}}: the run failed.
     *
     * @param code    Acme's HTTP-like status ({@code 429}, {@code 401}, ...), 0 when absent
     * @param message what Acme said, never null
     * @param resetAt {@code reset_at} (ISO-8601) when present and valid
     */
    record Error(int code, String message, Optional<Instant> resetAt) implements AcmeEvent {
        public Error {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(resetAt, "resetAt");
        }
    }

    /** {@code {"type":"done","usage":{"in":N,"out":M}}}: the run finished; usage when both are counts. */
    record Done(Optional<TokenUsage> usage) implements AcmeEvent {
    }

    /** What the router's listener gets for this event: text, thinking and tool calls; nothing else. */
    default Optional<DispatchEvent> toDispatchEvent() {
        if (this instanceof Text t) {
            return Optional.of(new DispatchEvent.Text(t.text()));
        }
        if (this instanceof Thinking t) {
            return Optional.of(new DispatchEvent.Thinking(t.text()));
        }
        if (this instanceof Tool t) {
            return Optional.of(new DispatchEvent.ToolUse(t.name(), t.inputJson()));
        }
        return Optional.empty();
    }
}
