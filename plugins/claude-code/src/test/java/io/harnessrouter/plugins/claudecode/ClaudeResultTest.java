package io.harnessrouter.plugins.claudecode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.TokenUsage;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ClaudeResultTest {

    @Test
    void readsTheFieldsOfARealErrorResult() {
        String json = "{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":true,\"duration_ms\":812,"
                + "\"num_turns\":1,\"result\":\"Invalid API key · Fix external API key\",\"session_id\":\"s\","
                + "\"total_cost_usd\":0,\"usage\":{\"input_tokens\":0,\"output_tokens\":0,"
                + "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0},\"modelUsage\":{},"
                + "\"permission_denials\":[],\"terminal_reason\":\"api_error\",\"api_error_status\":401,"
                + "\"api_error_type\":\"authentication_error\",\"uuid\":\"u\"}";

        ClaudeResult r = ClaudeResult.parse(json).orElseThrow();

        assertTrue(r.isError());
        assertEquals(Optional.of("Invalid API key · Fix external API key"), r.text());
        assertEquals(Optional.of(new TokenUsage(0, 0)), r.usage());
        assertEquals(OptionalInt.of(401), r.apiErrorStatus());
        assertEquals(Optional.of("authentication_error"), r.apiErrorType());
        assertEquals(Optional.of("s"), r.sessionId());
        assertEquals(OptionalDouble.of(0), r.costUsd());
    }

    @Test
    void readsTheTotalCostOnlyWhenItIsANumberNotBelowZero() {
        assertEquals(OptionalDouble.of(0.4187), ClaudeResult.parse("{\"is_error\":false,\"result\":\"hi\","
                + "\"total_cost_usd\":0.4187}").orElseThrow().costUsd());
        assertEquals(OptionalDouble.empty(), ClaudeResult.parse("{\"is_error\":false,\"result\":\"hi\","
                + "\"total_cost_usd\":\"0.41\"}").orElseThrow().costUsd());
        assertEquals(OptionalDouble.empty(), ClaudeResult.parse("{\"is_error\":false,\"result\":\"hi\","
                + "\"total_cost_usd\":-1}").orElseThrow().costUsd());
    }

    @Test
    void findsTheResultAfterANoticeLine() {
        ClaudeResult r = ClaudeResult.parse("Notice: model retires soon\n{\"is_error\":false,\"result\":\"hi\"}\n")
                .orElseThrow();

        assertEquals(Optional.of("hi"), r.text());
        assertEquals(Optional.empty(), r.usage());
        assertEquals(OptionalInt.empty(), r.apiErrorStatus());
        assertEquals(Optional.empty(), r.sessionId());
    }

    @Test
    void picksTheResultEventOutOfAStreamNotTheAssistantMessageAfterIt() {
        String stream = "{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"s\"}\n"
                + "{\"type\":\"result\",\"is_error\":false,\"result\":\"the answer\",\"session_id\":\"s\"}\n"
                + "{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"late\"}]}}\n";

        ClaudeResult r = ClaudeResult.parse(stream).orElseThrow();

        assertEquals(Optional.of("the answer"), r.text());
        assertEquals(Optional.empty(), ClaudeResult.parse("{\"type\":\"system\",\"subtype\":\"init\"}"));
    }

    @Test
    void rejectsTextThatIsNoJsonObject() {
        assertEquals(Optional.empty(), ClaudeResult.parse("not json"));
        assertEquals(Optional.empty(), ClaudeResult.parse("[1,2]"));
        assertEquals(Optional.empty(), ClaudeResult.parse("{broken"));
        assertEquals(Optional.empty(), ClaudeResult.parse(""));
    }
}
