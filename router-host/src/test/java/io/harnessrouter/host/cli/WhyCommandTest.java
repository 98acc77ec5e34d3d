package io.harnessrouter.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harnessrouter.api.testkit.FakeClis;
import io.harnessrouter.host.doctor.DoctorTestPlugin;
import io.harnessrouter.host.state.DecisionRecord;
import io.harnessrouter.host.state.SqliteStateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code harness-router why} over a temp state file written by other store instances and by {@code route}. */
@Timeout(60)
class WhyCommandTest {
    @TempDir
    Path home;

    final Map<String, String> env = new HashMap<>();
    Path state;

    @BeforeEach
    void setUp() {
        env.put("HOME", home.toString());
        env.put("PATH", "/usr/bin:/bin");
        state = home.resolve("state.db");
    }

    private CliRun why(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("why", "--state-db", state.toString()));
        all.addAll(List.of(args));
        return CliRun.run(env, "", all.toArray(String[]::new));
    }

    private static DecisionRecord decision(String requestId, Instant at, long pid) {
        return new DecisionRecord(at, requestId, "mcp", pid, "single", true, Optional.of("sonnet::codex"),
                "model=sonnet tier=subscription svc=sonnet::codex quota=0.80 (2 candidates)", Duration.ofMillis(2400), "",
                List.of(new DecisionRecord.Step("opus::claude_code", "opus", "subscription", "skipped", "none",
                                "circuit breaker open until 2026-12-01T21:30:00Z (last error: rate limited)", Duration.ZERO),
                        new DecisionRecord.Step("sonnet::codex", "sonnet", "subscription", "succeeded", "none", "",
                                Duration.ofMillis(2350))));
    }

    @Test
    void showsTheTraceAnotherProcessWroteWithSkipsAndReasons() throws Exception {
        Instant at = Instant.parse("2026-12-01T21:00:05Z");
        try (SqliteStateStore other = SqliteStateStore.open(state)) {
            other.recordDecision(decision("req-1", at, 4242));
        }

        CliRun r = why();

        assertEquals(0, r.exitCode(), r.err());
        assertEquals("""
                2026-12-01T21:00:05Z  mcp pid 4242  request req-1  single: answered by sonnet::codex in 2.4 s
                  decision: model=sonnet tier=subscription svc=sonnet::codex quota=0.80 (2 candidates)
                  · opus::claude_code  skipped: circuit breaker open until 2026-12-01T21:30:00Z (last error: rate limited)
                  ✓ sonnet::codex  succeeded in 2350 ms
                """, r.out());
        assertTrue(java.nio.file.Files.readString(Path.of("..", "docs", "operations.md"))
                .contains(r.out()), "docs/operations.md shows this output");
    }

    @Test
    void lastNShowsTheNewestOldestFirstAndJsonIsForPrograms() throws Exception {
        try (SqliteStateStore a = SqliteStateStore.open(state); SqliteStateStore b = SqliteStateStore.open(state)) {
            a.recordDecision(decision("req-1", Instant.parse("2026-12-01T21:00:01Z"), 1));
            b.recordDecision(decision("req-2", Instant.parse("2026-12-01T21:00:02Z"), 2));
            a.recordDecision(decision("req-3", Instant.parse("2026-12-01T21:00:03Z"), 1));
        }

        CliRun text = why("--last", "2");
        CliRun json = why("--last", "2", "--json");

        assertEquals(0, text.exitCode(), text.err());
        assertEquals(List.of("req-2", "req-3"), text.out().lines().filter(l -> l.startsWith("2026"))
                .map(l -> l.split("request ")[1].split(" ")[0]).toList());
        JsonNode array = new ObjectMapper().readTree(json.out());
        assertEquals(2, array.size());
        assertEquals("req-2", array.get(0).get("request_id").asText());
        JsonNode skipped = array.get(1).get("steps").get(0);
        assertEquals("opus::claude_code", skipped.get("route").asText());
        assertEquals("skipped", skipped.get("status").asText());
        assertTrue(skipped.get("detail").asText().startsWith("circuit breaker open until"));
        assertEquals("sonnet::codex", array.get(1).get("chosen_route").asText());
        assertEquals(2400, array.get(1).get("duration_ms").asLong());
    }

    @Test
    void showsARouteTheRouterSkippedBecauseAnEarlierRouteCallOpenedItsBreaker() throws Exception {
        Path bin = Files.createDirectories(home.resolve("bin"));
        FakeClis.install("claude", bin);
        env.put("PATH", bin + ":/usr/bin:/bin");
        env.put("FAKE_CLAUDE_MODE", "auth");
        Path config = Files.writeString(home.resolve("config.yaml"), """
                priority: [opus]
                models:
                  opus:
                    subscription:
                      - harness: claude_code
                routing:
                  failure_threshold: 1
                """);
        String[] route = {"route", "--config", config.toString(), "--state-db", state.toString(), "--plugins-dir",
            DoctorTestPlugin.pluginsDir(home).toString(), "hello"};
        assertEquals(1, CliRun.run(env, "", route).exitCode());
        assertEquals(1, CliRun.run(env, "", route).exitCode());

        CliRun r = why();

        List<String> lines = r.out().lines().toList();
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(lines.stream().anyMatch(l -> l.matches("  ✗ opus::claude_code  failed in \\d+ ms \\(auth\\): .*")),
                r.out());
        assertEquals("  error: No available routes — every reachable route is rate-limited: opus::claude_code (until "
                + lines.get(lines.size() - 2).split("until ")[1].split(" ")[0] + ").", lines.get(lines.size() - 3));
        assertTrue(lines.get(lines.size() - 2).startsWith("  · opus::claude_code  skipped: circuit breaker open until "),
                r.out());
        assertEquals("  Run `harness-router doctor` to see what's installed and what's missing.",
                lines.get(lines.size() - 1));
        assertTrue(lines.contains("  error: 1 route failed for model priority [opus]"), r.out());
    }

    @Test
    void aStateFileThatDoesNotExistIsReportedNotCreated() {
        CliRun text = why();
        CliRun json = why("--json");

        assertEquals(0, text.exitCode());
        assertEquals("No decisions recorded yet: " + state + " does not exist (no call has been routed with it).\n",
                text.out());
        assertEquals("[ ]\n", json.out());
        assertFalse(Files.exists(state));
    }

    @Test
    void aStateFileThatIsNotSqliteExitsOneAndABadCountIsAUsageError() throws Exception {
        Files.writeString(state, "not a database, just text that is long enough to have a header page............"
                + "................................................................................................");

        CliRun broken = why();
        CliRun zero = why("--last", "0");

        assertEquals(1, broken.exitCode(), broken.out());
        assertTrue(broken.err().contains(state.toString()), broken.err());
        assertFalse(broken.err().contains("at io.harnessrouter"), broken.err());
        assertEquals(2, zero.exitCode());
        assertTrue(zero.err().contains("--last must be at least 1, got 0"), zero.err());
    }
}
