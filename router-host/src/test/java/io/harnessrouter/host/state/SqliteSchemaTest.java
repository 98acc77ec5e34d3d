package io.harnessrouter.host.state;

import static io.harnessrouter.host.state.StateFixtures.T0;
import static io.harnessrouter.host.state.StateFixtures.exec;
import static io.harnessrouter.host.state.StateFixtures.failure;
import static io.harnessrouter.host.state.StateFixtures.queryString;
import static io.harnessrouter.host.state.StateFixtures.raw;
import static io.harnessrouter.host.state.StateFixtures.success;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.harnessrouter.api.FailureKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteSchemaTest {

    @TempDir
    Path dir;

    @Test
    void createsAFreshFileAtVersionTwoInWalMode() throws Exception {
        Path file = dir.resolve("nested/dirs/state.db");

        SqliteStateStore.open(file).close();

        assertEquals("2", queryString(file, "SELECT value FROM meta WHERE key = 'schema_version'"));
        assertEquals("wal", queryString(file, "PRAGMA journal_mode"));
        assertEquals(List.of("service", "local_calls", "local_success", "local_failure", "rate_limits"),
                columns(file, "counters"));
        assertEquals(List.of("route_id", "status", "consecutive_failures", "open_count", "open_until_ms",
                "probe_owner", "probe_deadline_ms", "last_error", "updated_at_ms"), columns(file, "breakers"));
        assertEquals(List.of("route_id", "remaining", "limit_value", "used", "reset_at_ms", "kind", "source",
                "observed_at_ms"), columns(file, "quota"));
        assertEquals(List.of("id", "at_ms", "request_id", "route_id", "model", "tier", "success", "kind",
                "error", "duration_ms"), columns(file, "attempts"));
        assertEquals("attempts_at", queryString(file,
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'attempts'"));
    }

    @Test
    void upgradesAnNpmVersionOneFileInPlaceKeepingItsCounters() throws Exception {
        Path file = dir.resolve("state.db");
        writeNpmVersionOne(file);

        try (SqliteStateStore store = SqliteStateStore.open(file)) {
            assertEquals(Map.of(
                    "opus::claude_code", new RouteCounters("opus::claude_code", 42, 40, 2, 0),
                    "gpt::codex", new RouteCounters("gpt::codex", 7, 0, 7, 0)), store.counters());
            assertEquals(Map.of(), store.breakers());

            store.recordAttempt(failure("opus::claude_code", FailureKind.RATE_LIMITED, T0));
            store.updateBreaker("opus::claude_code", s -> StateFixtures.open(s.routeId(), T0, T0));

            assertEquals(new RouteCounters("opus::claude_code", 43, 40, 3, 1),
                    store.counters().get("opus::claude_code"));
            assertEquals(1, store.breakers().size());
        }
        assertEquals("2", queryString(file, "SELECT value FROM meta WHERE key = 'schema_version'"));
        assertEquals(List.of("service", "local_calls", "local_success", "local_failure", "rate_limits"),
                columns(file, "counters"));
    }

    @Test
    void reopeningAnUpgradedFileKeepsEverything() throws Exception {
        Path file = dir.resolve("state.db");
        writeNpmVersionOne(file);
        SqliteStateStore.open(file).close();

        try (SqliteStateStore store = SqliteStateStore.open(file)) {
            store.recordAttempt(success("gpt::codex", T0));
            assertEquals(new RouteCounters("gpt::codex", 8, 1, 7, 0), store.counters().get("gpt::codex"));
        }
    }

    @Test
    void refusesANewerSchemaVersionWithTheNextStep() throws Exception {
        Path file = dir.resolve("state.db");
        exec(file, "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT)",
                "INSERT INTO meta VALUES('schema_version', '3')");

        StateException e = assertThrows(StateException.class, () -> SqliteStateStore.open(file));

        assertEquals("state.db schema version 3 is newer than this build supports (2). Upgrade harness-router,"
                + " or move " + file + " aside to start fresh.", e.getMessage());
        assertEquals("3", queryString(file, "SELECT value FROM meta WHERE key = 'schema_version'"));
    }

    @Test
    void refusesANonNumericSchemaVersion() throws Exception {
        Path file = dir.resolve("state.db");
        exec(file, "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT)",
                "INSERT INTO meta VALUES('schema_version', 'two')");

        StateException e = assertThrows(StateException.class, () -> SqliteStateStore.open(file));

        assertEquals("state.db schema version two is newer than this build supports (2). Upgrade harness-router,"
                + " or move " + file + " aside to start fresh.", e.getMessage());
    }

    @Test
    void refusesAFileThatIsNotSqliteAndLeavesItAlone() throws Exception {
        Path file = dir.resolve("state.db");
        String text = "routes:\n  opus: claude_code\n".repeat(40);
        Files.writeString(file, text);

        StateException e = assertThrows(StateException.class, () -> SqliteStateStore.open(file));

        assertEquals(file + " is not a SQLite database, so it cannot hold harness-router's state. Move it aside,"
                + " or set HARNESS_ROUTER_STATE_DB (or --state-db) to another file.", e.getMessage());
        assertEquals(text, Files.readString(file, StandardCharsets.UTF_8));
    }

    /** The schema the npm tool (quota-store.ts) creates, with some lifetime counters. */
    private static void writeNpmVersionOne(Path file) throws Exception {
        exec(file,
                "PRAGMA journal_mode = WAL",
                "CREATE TABLE IF NOT EXISTS counters(service TEXT PRIMARY KEY,"
                        + " local_calls INTEGER NOT NULL DEFAULT 0, local_success INTEGER NOT NULL DEFAULT 0,"
                        + " local_failure INTEGER NOT NULL DEFAULT 0)",
                "CREATE TABLE IF NOT EXISTS breakers(service TEXT PRIMARY KEY, tripped_until_ms INTEGER NOT NULL,"
                        + " failure_count INTEGER NOT NULL, updated_at_ms INTEGER NOT NULL)",
                "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT)",
                "INSERT INTO meta(key, value) VALUES('schema_version', '1')",
                "INSERT INTO counters VALUES('opus::claude_code', 42, 40, 2)",
                "INSERT INTO counters VALUES('gpt::codex', 7, 0, 7)",
                "INSERT INTO breakers VALUES('gpt::codex', 0, 0, 0)");
    }

    private static List<String> columns(Path file, String table) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = raw(file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                names.add(rs.getString("name"));
            }
        }
        return names;
    }
}
