package io.harnessrouter.plugins.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harnessrouter.api.DispatchListener;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.TokenUsage;
import io.harnessrouter.api.support.ProcessOutcome;
import io.harnessrouter.api.support.StreamParser;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Reads what one {@code gemini -o json} run printed. Gemini prints a single JSON object at the
 * end (one line or indented over many; the reference does not pin it down), so the lines are not
 * parsed one by one: {@link #finish} reads the captured stdout and stderr whole.
 *
 * <ul>
 *   <li>stdout {@code response}: the answer; {@code session_id}: the session id
 *       ({@code gemini --resume <id>});</li>
 *   <li>{@code stats.models.<model>.tokens}: {@code prompt} (input incl. cached) and
 *       {@code candidates} plus {@code thoughts} (output), summed over the models a run used
 *       (with {@code -m} gemini may still call a routing or helper model); gemini reports no cost;</li>
 *   <li>on failure, the object {@code {"session_id","error":{"type","message","code"}}} gemini
 *       writes to stderr among its log lines (or, should it come there, to stdout).</li>
 * </ul>
 * Stderr's other lines are relayed as progress by the base class and never parsed as an answer.
 * Created per dispatch.
 */
final class GeminiOutput implements StreamParser {

    /** The error object of a failed run. */
    record Error(String message, int code) {
    }

    /** What a run printed. */
    record Seen(Optional<String> response, Optional<TokenUsage> usage, Optional<String> sessionId,
            Optional<Error> error) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BiFunction<Seen, ProcessOutcome, DispatchResult> result;

    GeminiOutput(BiFunction<Seen, ProcessOutcome, DispatchResult> result) {
        this.result = result;
    }

    /** Nothing to do per line: the object is read whole at the end. */
    @Override
    public void onLine(String line, DispatchListener listener) {
    }

    @Override
    public DispatchResult finish(ProcessOutcome outcome) {
        return result.apply(read(outcome.stdout(), outcome.stderr()), outcome);
    }

    static Seen read(String stdout, String stderr) {
        Optional<JsonNode> out = firstObject(stdout, "response").or(() -> firstObject(stdout, "error"));
        Optional<JsonNode> err = firstObject(stderr, "error");
        Optional<JsonNode> any = out.or(() -> err);
        Optional<String> response = out.map(o -> o.path("response")).filter(JsonNode::isTextual).map(JsonNode::textValue);
        Optional<String> sessionId = any.map(o -> o.path("session_id")).filter(JsonNode::isTextual)
                .map(JsonNode::textValue).filter(s -> !s.isBlank());
        Optional<Error> error = out.filter(o -> o.has("error")).or(() -> err).map(o -> o.path("error"))
                .filter(JsonNode::isObject)
                .map(e -> new Error(e.path("message").asText(""), e.path("code").isIntegralNumber()
                        ? e.path("code").intValue() : 0));
        return new Seen(response, out.flatMap(o -> usage(o.path("stats"))), sessionId, error);
    }

    /** The first JSON object in the text that starts a line and has the field. */
    private static Optional<JsonNode> firstObject(String text, String field) {
        int from = 0;
        while (from < text.length()) {
            int brace = text.indexOf('{', from);
            if (brace < 0) {
                return Optional.empty();
            }
            if (startsLine(text, brace)) {
                try {
                    JsonNode node = JSON.readTree(text.substring(brace));
                    if (node != null && node.isObject() && node.has(field)) {
                        return Optional.of(node);
                    }
                } catch (JsonProcessingException e) {
                    // not JSON from here: look further
                }
            }
            from = brace + 1;
        }
        return Optional.empty();
    }

    private static boolean startsLine(String text, int at) {
        for (int i = at - 1; i >= 0; i--) {
            char c = text.charAt(i);
            if (c == '\n') {
                return true;
            }
            if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    private static Optional<TokenUsage> usage(JsonNode stats) {
        TokenUsage total = null;
        for (Iterator<JsonNode> models = stats.path("models").elements(); models.hasNext(); ) {
            JsonNode tokens = models.next().path("tokens");
            JsonNode in = tokens.path("prompt").isIntegralNumber() ? tokens.path("prompt") : tokens.path("input");
            JsonNode out = tokens.path("candidates");
            if (!in.isIntegralNumber() || !out.isIntegralNumber() || in.longValue() < 0 || out.longValue() < 0) {
                continue;
            }
            long thoughts = Math.max(0, tokens.path("thoughts").asLong(0));
            TokenUsage u = new TokenUsage(in.longValue(), out.longValue() + thoughts);
            total = total == null ? u : u.plus(total);
        }
        return Optional.ofNullable(total);
    }
}
