package io.harnessrouter.host.http;

import static io.harnessrouter.host.http.HttpFixture.response;
import static io.harnessrouter.host.http.HttpFixture.toolCall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.harnessrouter.host.config.HttpLimits;
import io.harnessrouter.host.state.DecisionRecord;
import io.harnessrouter.host.state.SqliteStateStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code code} call through the MCP front door (here over HTTP, the same CodeTool as stdio)
 * leaves its decision in the shared state file, where {@code harness-router why} in another process
 * reads it.
 */
@Timeout(60)
class CodeCallDecisionTest {
    @TempDir
    Path home;

    @Test
    void aCodeCallRecordsItsDecisionWithoutThePrompt() throws Exception {
        try (HttpFixture f = new HttpFixture(home).start(false, HttpLimits.DEFAULTS)) {
            String session = f.initialize();
            var call = f.send(f.post(toolCall(3, "the secret plan"), "mcp-session-id", session));
            assertFalse(response(call.body()).at("/result/isError").asBoolean(), call.body());
        }

        try (SqliteStateStore other = SqliteStateStore.open(home.resolve("state.db"))) {
            List<DecisionRecord> decisions = other.recentDecisions(10);
            assertEquals(1, decisions.size());
            DecisionRecord d = decisions.get(0);
            assertEquals("mcp", d.origin());
            assertEquals("single", d.mode());
            assertEquals(Optional.of("opus::claude_code"), d.chosenRoute());
            assertEquals(List.of("succeeded"), d.steps().stream().map(DecisionRecord.Step::status).toList());
            assertFalse(d.toString().contains("the secret plan"));
        }
    }
}
