package io.harnessrouter.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.Tier;
import io.harnessrouter.host.state.AttemptRecord;
import io.harnessrouter.host.state.SlotClaim;
import io.harnessrouter.host.state.SqliteStateStore;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code harness-router dashboard} as a command: plain and JSON output, exit codes, usage errors. */
class DashboardCommandTest {

    static final String CONFIG = """
            priority: [opus]
            models:
              opus:
                subscription:
                  - harness: claude_code
                    quota:
                      requests: 45
                      per: 5h
            """;

    @TempDir
    Path home;
    Path config;
    Path state;
    Path plugins;

    record Run(int exitCode, String out, String err) {
    }

    @BeforeEach
    void files() throws IOException {
        config = Files.writeString(home.resolve("config.yaml"), CONFIG);
        state = home.resolve("state.db");
        plugins = Files.createDirectories(home.resolve("plugins"));
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == DashboardCommand.class
                        ? type.cast(new DashboardCommand(Map.of("HOME", home.toString()), Optional.of(false)))
                        : CommandLine.defaultFactory().create(type);
            }
        };
        CommandLine cmd = new CommandLine(new RootCommand(new PrintStream(OutputStream.nullOutputStream())), factory);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return new Run(cmd.execute(args), out.toString(), err.toString());
    }

    private String[] with(String... extra) {
        String[] base = {"dashboard", "--config", config.toString(), "--state-db", state.toString(), "--plugins-dir",
            plugins.toString()};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    /** Another server process: a call in flight on the route and one finished attempt, in the same state file. */
    private void anotherProcessIsDispatching() {
        try (SqliteStateStore other = SqliteStateStore.open(state)) {
            assertInstanceOf(SlotClaim.Granted.class, other.tryAcquireSlot("opus::claude_code", 4));
            other.recordAttempt(new AttemptRecord(Instant.now().minusSeconds(5), "r1", "opus::claude_code", "opus",
                    Tier.SUBSCRIPTION, false, FailureKind.RATE_LIMITED, "429", Duration.ofMillis(700)));
        }
    }

    @Test
    void pipedItPrintsPlainTextWithTheCallsInFlightInAnotherProcess() {
        anotherProcessIsDispatching();

        Run run = run(with());

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("\nopus · subscription\n  ✗ opus::claude_code  unavailable: "), run.out());
        assertTrue(run.out().contains("    quota    [░░░░░░░░░░░░░░░░░░░░]   0%  0/45 requests per 5h · declared\n"),
                run.out());
        assertTrue(run.out().contains("    calls    1 · 0 ok · 1 failed · 1 rate-limited   in flight 1/4 (all processes)\n"),
                run.out());
        assertTrue(run.out().contains("    last     failed (rate_limited) 5s ago, took 0.7 s: 429\n"), run.out());
        assertTrue(run.out().contains("next pick  none: no route can be tried now\n"), run.out());
        assertTrue(!run.out().contains("\u001b"), "no escape codes when piped");
    }

    @Test
    void jsonCarriesEveryRouteWithItsLastAttemptInFlightAndQuotaWindows() throws IOException {
        anotherProcessIsDispatching();

        Run run = run(with("--json"));

        assertEquals(0, run.exitCode(), run.err());
        JsonNode root = new ObjectMapper().readTree(run.out());
        assertEquals("opus", root.get("priority").get(0).asText());
        assertTrue(root.get("nextPick").isNull());
        assertEquals(state.toString(), root.get("stateFile").asText());
        JsonNode route = root.get("opus::claude_code");
        assertEquals(1, route.get("inFlight").asInt());
        assertEquals(false, route.get("available").asBoolean());
        assertEquals("rate_limited", route.get("lastAttempt").get("kind").asText());
        assertEquals(700, route.get("lastAttempt").get("durationMs").asInt());
        assertEquals(45, route.get("quotaWindows").get("windows").get(0).get("limit").asInt());
        assertEquals("declared", route.get("quotaWindows").get("windows").get(0).get("limitSource").asText());
    }

    @Test
    void withoutAConfigItSaysWhereItLookedAndExitsOne() throws IOException {
        Files.delete(config);

        Run run = run(with());

        assertEquals(1, run.exitCode());
        assertTrue(run.out().contains("config     " + config + "\nproblem    Config " + config + " has 1 problem: " + config
                + ":0: no config file here."),
                run.out());
    }

    @Test
    void intervalWithoutWatchIsAUsageError() {
        Run run = run(with("--interval", "500"));

        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("--interval works only with --watch\n"), run.err());
    }

    @Test
    void anIntervalBelowTheMinimumIsAUsageError() {
        Run run = run(with("--watch", "--interval", "20"));

        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("--interval: 20 ms is too short; give at least 100\n"), run.err());
    }
}
