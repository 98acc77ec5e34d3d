package io.harnessrouter.api;

import java.util.Objects;

/**
 * Something a dispatcher saw while an attempt ran. The router forwards events to the MCP client as
 * progress notifications when the client asked for progress, and to the {@code route} command's
 * terminal.
 *
 * <p>Events are informational: the outcome of an attempt is its {@link DispatchResult}, never the
 * events. All records are immutable.
 *
 * <p><b>Open to growth.</b> The interface is sealed so the router knows every event it relays, but
 * a minor release may add a permitted record. Code that switches over events, in a host or a
 * listener, has a default branch: the router relays an event it does not know with its
 * {@link #type()} and no detail. A plugin that emits an event added after the version in its
 * {@code Plugin-Requires} raises that version.
 *
 * @since 0.1.0
 */
public sealed interface DispatchEvent {

    /**
     * A short name for the event kind: {@code text}, {@code stderr}, {@code tool_use},
     * {@code tool_result}, {@code thinking}.
     */
    String type();

    /** Answer text as it streams (a parsed text delta, or raw stdout for plain-text CLIs). */
    record Text(String chunk) implements DispatchEvent {
        public Text {
            Objects.requireNonNull(chunk, "chunk");
        }

        @Override
        public String type() {
            return "text";
        }
    }

    /** A line or chunk the CLI wrote to stderr; a log, not an answer. */
    record Stderr(String chunk) implements DispatchEvent {
        public Stderr {
            Objects.requireNonNull(chunk, "chunk");
        }

        @Override
        public String type() {
            return "stderr";
        }
    }

    /**
     * The agent called a tool.
     *
     * @param name      the tool name as the CLI reports it ({@code Edit}, {@code shell})
     * @param inputJson the tool input as compact JSON text, or empty
     */
    record ToolUse(String name, String inputJson) implements DispatchEvent {
        public ToolUse {
            Objects.requireNonNull(name, "name");
            inputJson = inputJson == null ? "" : inputJson;
        }

        @Override
        public String type() {
            return "tool_use";
        }
    }

    /** Reasoning text the model exposed. */
    record Thinking(String chunk) implements DispatchEvent {
        public Thinking {
            Objects.requireNonNull(chunk, "chunk");
        }

        @Override
        public String type() {
            return "thinking";
        }
    }

    /**
     * What a tool call gave back: a command's output, a file read, an edit's confirmation.
     *
     * @param toolName the tool's name when the CLI reports it with the result ({@code Bash},
     *                 {@code shell}), else empty
     * @param output   the result text as the CLI reports it (may be long; the router shortens it
     *                 for progress messages)
     * @param isError  true when the CLI marks the result as a failure (a command that exited
     *                 non-zero, a refused edit)
     * @since 0.1.0
     */
    record ToolResult(String toolName, String output, boolean isError) implements DispatchEvent {
        public ToolResult {
            toolName = toolName == null ? "" : toolName;
            Objects.requireNonNull(output, "output");
        }

        @Override
        public String type() {
            return "tool_result";
        }
    }
}
