package io.harnessrouter.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harnessrouter.host.quota.Usage;
import io.harnessrouter.host.state.SqliteStateStore;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code harness-router usage}: per day, route and model, the savings, JSON, and its exit codes. */
class UsageCommandTest {

    private static final Instant NOW = Instant.parse("2026-11-22T14:00:00Z");

    @TempDir
    Path home;

    private record Run(int code, String out, String err) {
    }

    private Run run(String... args) {
        Map<String, String> env = Map.of("HOME", home.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == UsageCommand.class ? type.cast(new UsageCommand(env, Clock.fixed(NOW, ZoneOffset.UTC)))
                        : CommandLine.defaultFactory().create(type);
            }
        };
        CommandLine cmd = new CommandLine(new RootCommand(new PrintStream(OutputStream.nullOutputStream())), factory);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return new Run(cmd.execute(args), out.toString(), err.toString());
    }

    private Path config(String yaml) throws Exception {
        Path file = home.resolve("config.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private Path state() {
        Path file = home.resolve("state.db");
        try (SqliteStateStore store = SqliteStateStore.open(file)) {
            // Today: claude served 2M in / 100k out on the subscription, the API 1 call for $0.65.
            store.addUsage("opus::claude_code", NOW.minusSeconds(3600), new Usage(4, 2_000_000, 100_000, 0, Optional.empty()));
            store.addUsage("opus::api.example.com", NOW.minusSeconds(600), new Usage(1, 100_000, 20_000, 0.65, Optional.empty()));
            // Yesterday: gpt on codex, a model with no priced metered route.
            store.addUsage("gpt::codex", NOW.minusSeconds(86_400), new Usage(2, 50_000, 5_000, 0, Optional.empty()));
            // Ten days ago: outside the default 7 days.
            store.addUsage("opus::claude_code", NOW.minusSeconds(10 * 86_400), new Usage(9, 9, 9, 0, Optional.empty()));
        }
        return file;
    }

    private static final String CONFIG = """
            priority: [opus, gpt]
            models:
              opus:
                subscription: {harness: claude_code}
                metered:
                  base_url: https://api.example.com/v1
                  price: {input_per_mtok: 3.00, output_per_mtok: 15.00}
              gpt:
                subscription: {harness: codex}
            """;

    @Test
    void reportsEachDayRouteAndModelAndTheSavingsAtTheMeteredPriceOfTheSameModel() throws Exception {
        Run r = run("usage", "--config", config(CONFIG).toString(), "--state-db", state().toString());

        assertEquals(0, r.code(), r.err());
        String out = r.out();
        assertTrue(out.startsWith("Usage since 2026-11-16 (UTC), from " + home.resolve("state.db")), out);
        assertTrue(out.contains("  2026-11-21  gpt::codex                        subscription       2       50k"
                + "      5000      $0.00"), out);
        assertTrue(out.contains("  2026-11-22  opus::api.example.com             metered            1      100k"
                + "       20k      $0.65"), out);
        assertTrue(out.contains("Total: 7 calls, 2.2M input and 125k output tokens, $0.65 metered spend"), out);
        // 2M input at $3 + 100k output at $15 per Mtok = $6.00 + $1.50.
        assertTrue(out.contains("Savings: subscription-served tokens at the metered price of the same model: $7.50"), out);
        assertTrue(out.contains("  opus: 2M input + 100k output tokens at $3.00/$15.00 per Mtok (price of"
                + " opus::api.example.com) = $7.50"), out);
        assertTrue(out.contains("  gpt: 50k input + 5000 output tokens; no price configured (add price: to a metered"
                + " route of gpt)"), out);
        assertFalse(out.contains("  9  "), "ten days ago is outside --days 7: " + out);
    }

    @Test
    void printsTheSameFiguresAsJsonAndHonoursDays() throws Exception {
        Run r = run("usage", "--json", "--days", "1", "--config", config(CONFIG).toString(),
                "--state-db", state().toString());

        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals("2026-11-22", json.get("since").asText());
        assertEquals(2, json.get("days").size());                 // yesterday's gpt row is out
        assertEquals(5, json.get("total").get("calls").asLong());
        assertEquals(0.65, json.get("total").get("cost_usd").asDouble(), 1e-9);
        JsonNode opus = json.get("savings").get("models").get(0);
        assertEquals("opus", opus.get("model").asText());
        assertEquals("opus::api.example.com", opus.get("priced_by").asText());
        assertEquals(7.5, opus.get("usd").asDouble(), 1e-9);
        assertEquals(7.5, json.get("savings").get("usd").asDouble(), 1e-9);
    }

    @Test
    void withoutAStateFileThereIsNoUsageAndNoFileIsCreated() throws Exception {
        Path missing = home.resolve("none.db");
        Run r = run("usage", "--config", config(CONFIG).toString(), "--state-db", missing.toString());

        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("No usage recorded in these days."), r.out());
        assertFalse(Files.exists(missing));
    }

    @Test
    void aBrokenConfigExitsOneAndABadDaysTwo() throws Exception {
        Run broken = run("usage", "--config", config("models: 5\n").toString(), "--state-db", state().toString());
        assertEquals(1, broken.code());
        assertTrue(broken.err().contains("models"), broken.err());

        Run days = run("usage", "--days", "0", "--config", config(CONFIG).toString());
        assertEquals(2, days.code());
        assertTrue(days.err().contains("--days must be from 1 to 400, not 0"), days.err());
    }
}
