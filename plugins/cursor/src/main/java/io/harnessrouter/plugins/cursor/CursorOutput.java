package io.harnessrouter.plugins.cursor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harnessrouter.api.DispatchListener;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.support.ProcessOutcome;
import io.harnessrouter.api.support.StreamParser;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Reads what one {@code agent -p --output-format json} run printed. Per Cursor's docs the CLI
 * prints one result object when the run ends, so lines are not parsed one by one:
 * {@link #finish} reads the captured stdout whole and keeps the last line that is a JSON object
 * with {@code "type":"result"} (or, should the object span lines, all of stdout).
 *
 * <ul>
 *   <li>{@code result}: the answer (or, with {@code is_error: true}, the error);</li>
 *   <li>{@code is_error}: the run failed although it printed a result;</li>
 *   <li>{@code session_id}: the session id ({@code agent --resume <id>}).</li>
 * </ul>
 * {@code subtype}, {@code duration_ms}, {@code duration_api_ms} and {@code request_id} are not
 * used (the router measures its own duration). The docs name no token usage or cost. Stderr is
 * relayed as progress by the base class. Created per dispatch.
 */
final class CursorOutput implements StreamParser {

    /** The result object of a run. */
    record Result(Optional<String> text, boolean isError, Optional<String> sessionId) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BiFunction<Optional<Result>, ProcessOutcome, DispatchResult> result;

    CursorOutput(BiFunction<Optional<Result>, ProcessOutcome, DispatchResult> result) {
        this.result = result;
    }

    /** Nothing to do per line: the object is read whole at the end. */
    @Override
    public void onLine(String line, DispatchListener listener) {
    }

    @Override
    public DispatchResult finish(ProcessOutcome outcome) {
        return result.apply(read(outcome.stdout()), outcome);
    }

    /** The result object in {@code stdout}; empty when there is none. */
    static Optional<Result> read(String stdout) {
        String[] lines = stdout.split("\\R");
        for (int i = lines.length - 1; i >= 0; i--) {
            Optional<Result> r = parse(lines[i].strip());
            if (r.isPresent()) {
                return r;
            }
        }
        String all = stdout.strip();
        return all.indexOf('\n') < 0 ? Optional.empty() : parse(all);
    }

    private static Optional<Result> parse(String text) {
        if (!text.startsWith("{")) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        if (node == null || !node.isObject() || !"result".equals(node.path("type").asText(""))) {
            return Optional.empty();
        }
        return Optional.of(new Result(text(node, "result"), node.path("is_error").asBoolean(false),
                text(node, "session_id").filter(s -> !s.isBlank())));
    }

    private static Optional<String> text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isTextual() ? Optional.of(v.textValue()) : Optional.empty();
    }
}
