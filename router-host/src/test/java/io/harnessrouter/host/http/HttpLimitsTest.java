package io.harnessrouter.host.http;

import static io.harnessrouter.host.http.HttpFixture.INIT;
import static io.harnessrouter.host.http.HttpFixture.response;
import static io.harnessrouter.host.http.HttpFixture.toolCall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessrouter.api.testkit.FakeClis;
import io.harnessrouter.host.config.HttpLimits;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Each limit's refusal, cancellation of a running call, and shutdown with a call in flight. */
@Timeout(60)
class HttpLimitsTest {
    @TempDir
    Path home;
    private HttpFixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    private HttpFixture start(HttpLimits limits) throws Exception {
        if (f == null) {
            f = new HttpFixture(home);
        }
        return f.start(false, limits);
    }

    private static String error(HttpResponse<String> r) throws Exception {
        return HttpFixture.JSON.readTree(r.body()).at("/error/message").asText();
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        start(new HttpLimits(1024, 32, Duration.ofMinutes(30), 8));
        String big = INIT.replace("\"raw\"", "\"" + "x".repeat(2000) + "\"");

        HttpResponse<String> r = f.send(f.post(big));

        assertEquals(413, r.statusCode());
        assertEquals("request body of " + big.length() + " bytes is over the 1024-byte limit (http.limits.max_body_bytes)",
                error(r));
    }

    @Test
    void anInitializePastTheSessionLimitIs503UntilASessionEnds() throws Exception {
        start(new HttpLimits(1 << 20, 1, Duration.ofMinutes(30), 8));
        String first = f.initialize();

        HttpResponse<String> r = f.send(f.post(INIT));

        assertEquals(503, r.statusCode());
        assertEquals("harness-router serve already has 1 MCP sessions open (http.limits.max_sessions); end one with"
                + " DELETE /mcp, or wait for idle ones to expire after 1800 s", error(r));
        assertEquals(200, f.send(HttpRequest.newBuilder(URI.create(f.url() + "/mcp")).header("mcp-session-id", first)
                .DELETE()).statusCode());
        assertEquals(200, f.send(f.post(INIT)).statusCode());
    }

    @Test
    void aCallPastTheSessionsCallLimitIs429WithItsId() throws Exception {
        f = new HttpFixture(home);
        f.env.put("FAKE_CLAUDE_DELAY", "3");
        start(new HttpLimits(1 << 20, 32, Duration.ofMinutes(30), 1));
        String session = f.initialize();
        CompletableFuture<HttpResponse<String>> first = f.http.sendAsync(
                f.post(toolCall(1, "slow"), "mcp-session-id", session).build(), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(800);

        HttpResponse<String> second = f.send(f.post(toolCall(2, "refused"), "mcp-session-id", session));

        assertEquals(429, second.statusCode());
        JsonNode body = HttpFixture.JSON.readTree(second.body());
        assertEquals(2, body.get("id").asInt());
        assertEquals("this session already has 1 tools/call in flight (http.limits.max_calls_per_session); wait for one"
                + " to finish", body.at("/error/message").asText());
        assertFalse(response(first.get(30, TimeUnit.SECONDS).body()).at("/result/isError").asBoolean());
        HttpResponse<String> third = f.send(f.post(toolCall(3, "now-fine"), "mcp-session-id", session));
        assertEquals(200, third.statusCode(), "the slot is free once the first call answered");
    }

    @Test
    void aSessionIdleLongerThanTheLimitIsClosedAndThen404() throws Exception {
        start(new HttpLimits(1 << 20, 1, Duration.ofSeconds(1), 8));
        String session = f.initialize();
        Thread.sleep(2500);

        HttpResponse<String> r = f.send(f.post(toolCall(1, "late"), "mcp-session-id", session));

        assertEquals(404, r.statusCode());
        assertEquals("session " + session + " is not open (it was ended, or expired after 1 s idle); send initialize to"
                + " start a new one", error(r));
        assertEquals(0, f.server.openSessions());
        assertEquals(200, f.send(f.post(INIT)).statusCode(), "the expired session no longer counts against max_sessions");
    }

    @Test
    void notificationsCancelledStopsTheRunningCallAndKillsItsCli() throws Exception {
        Path pidFile = home.resolve("claude.pid");
        f = new HttpFixture(home);
        f.env.put("FAKE_CLAUDE_MODE", "hang");
        f.env.put("FAKE_CLAUDE_PIDFILE", pidFile.toString());
        start(HttpLimits.DEFAULTS);
        String session = f.initialize();
        CompletableFuture<HttpResponse<String>> call = f.http.sendAsync(
                f.post(toolCall(5, "hangs"), "mcp-session-id", session).build(), HttpResponse.BodyHandlers.ofString());
        long pid = awaitPid(pidFile);

        HttpResponse<String> cancel = f.send(f.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                + "\"params\":{\"requestId\":5,\"reason\":\"user\"}}", "mcp-session-id", session));

        assertEquals(202, cancel.statusCode());
        JsonNode answer = response(call.get(20, TimeUnit.SECONDS).body());
        assertTrue(answer.at("/result/isError").asBoolean(), answer.toString());
        assertEquals("The call was cancelled by the client; the running CLI was stopped.",
                answer.at("/result/content/0/text").asText());
        assertFalse(FakeClis.isRunning(pid), "the CLI's tree is killed");
    }

    @Test
    void shutdownWithACallInFlightAnswersItAndKillsTheCli() throws Exception {
        Path pidFile = home.resolve("claude.pid");
        f = new HttpFixture(home);
        f.env.put("FAKE_CLAUDE_MODE", "hang");
        f.env.put("FAKE_CLAUDE_PIDFILE", pidFile.toString());
        start(HttpLimits.DEFAULTS);
        String session = f.initialize();
        CompletableFuture<HttpResponse<String>> call = f.http.sendAsync(
                f.post(toolCall(9, "hangs"), "mcp-session-id", session).build(), HttpResponse.BodyHandlers.ofString());
        long pid = awaitPid(pidFile);

        f.server.shutdown("SIGTERM", Duration.ofSeconds(3));

        JsonNode answer = response(call.get(10, TimeUnit.SECONDS).body());
        assertTrue(answer.at("/result/isError").asBoolean(), answer.toString());
        assertTrue(answer.at("/result/content/0/text").asText().contains("cancelled"), answer.toString());
        assertFalse(FakeClis.isRunning(pid), "the CLI's tree is killed");
    }

    private static long awaitPid(Path pidFile) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (Files.exists(pidFile)) {
                String text = Files.readString(pidFile).strip();
                if (!text.isEmpty()) {
                    return Long.parseLong(text);
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the fake CLI never started");
    }
}
