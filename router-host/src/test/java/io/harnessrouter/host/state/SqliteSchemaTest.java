package io.harnessrouter.host.state;

import static io.harnessrouter.host.state.StateFixtures.T0;
import static io.harnessrouter.host.state.StateFixtures.exec;
import static io.harnessrouter.host.state.StateFixtures.failure;
import static io.harnessrouter.host.state.StateFixtures.queryString;
import static io.harnessrouter.host.state.StateFixtures.raw;
import static io.harnessrouter.host.state.StateFixtures.success;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.QuotaObservation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state file is shared with the npm harness-router 0.3.2: it must keep starting on it (its
 * {@code schema_version} check) and both tools' counters must add up. {@link NpmStateFile} plays
 * npm in raw SQL.
 */
class SqliteSchemaTest {

    private static final String OPUS = "opus::claude_code";
    private static final String CODEX = "gpt::codex";

    @TempDir
    Path dir;

    @Test
    void aFileOfTheFirstLayoutGetsTheUsageTablesOnOpenWithItsVersionsUnchanged() throws Exception {
        Path file = dir.resolve("state.db");
        SqliteStateStore.open(file).close();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
             java.sql.Statement s = c.createStatement()) {
            s.execute("DROP TABLE hr_usage");
            s.execute("DROP TABLE hr_learned_limits");
        }

        try (SqliteStateStore store = SqliteStateStore.open(file)) {
            store.addUsage("m::a", java.time.Instant.parse("2026-11-22T14:00:00Z"),
                    new io.harnessrouter.host.quota.Usage(2, 10, 5, 0.25, java.util.Optional.empty()));
            assertEquals(2, store.usage("m::a", java.time.Instant.parse("2026-11-22T13:00:00Z")).requests());
        }
        assertEquals("1", meta(file, "hr_schema_version"));
        assertEquals("1", meta(file, "schema_version"));
    }

    @Test
    void aNewFileHasNpmsTablesVerbatimAndOursVersionedApart() throws Exception {
        Path file = dir.resolve("nested/dirs/state.db");

        SqliteStateStore.open(file).close();

        assertEquals("1", meta(file, "schema_version"));
        assertEquals("1", meta(file, "hr_schema_version"));
        assertEquals("wal", queryString(file, "PRAGMA journal_mode"));
        assertEquals(NpmStateFile.MASTER_SQL, NpmStateFile.npmTables(file));
        assertEquals(List.of("breakers", "counters", "hr_attempts", "hr_breakers", "hr_children", "hr_counters",
                "hr_decisions", "hr_learned_limits", "hr_leases", "hr_quota", "hr_usage", "meta"), tables(file));
        NpmStateFile.start(file);
        NpmStateFile.record(file, OPUS, true);
        assertEquals(Map.of(OPUS, List.of(1L, 1L, 0L)), NpmStateFile.counters(file));
    }

    @Test
    void anNpmFileKeepsItsVersionAndTablesAndBothToolsCountIntoTheSameRows() throws Exception {
        Path file = dir.resolve("state.db");
        NpmStateFile.create(file);

        try (SqliteStateStore store = SqliteStateStore.open(file)) {
            assertEquals(Map.of(OPUS, new RouteCounters(OPUS, 42, 40, 2, 0),
                    CODEX, new RouteCounters(CODEX, 7, 0, 7, 0)), store.counters());
            store.recordAttempt(failure(OPUS, FailureKind.RATE_LIMITED, T0));
            store.recordAttempt(success(OPUS, T0));
            store.updateBreaker(OPUS, s -> StateFixtures.open(s.routeId(), T0, T0));

            // npm, running at the same time, starts and counts on the file we just used.
            NpmStateFile.start(file);
            NpmStateFile.record(file, OPUS, false);
            NpmStateFile.record(file, "sonnet::claude_code", true);

            assertEquals(new RouteCounters(OPUS, 45, 41, 4, 1), store.counters().get(OPUS));
            assertEquals(new RouteCounters("sonnet::claude_code", 1, 1, 0, 0),
                    store.counters().get("sonnet::claude_code"));
            assertEquals(1, store.breakers().size());
        }
        assertEquals("1", meta(file, "schema_version"));
        assertEquals(NpmStateFile.MASTER_SQL, NpmStateFile.npmTables(file));
        assertEquals(Map.of(OPUS, List.of(45L, 41L, 4L), CODEX, List.of(7L, 0L, 7L),
                "sonnet::claude_code", List.of(1L, 1L, 0L)), NpmStateFile.counters(file));
        NpmStateFile.start(file);
    }

    @Test
    void reopeningChangesNoSchemaAndKeepsEveryCount() throws Exception {
        Path file = dir.resolve("state.db");
        NpmStateFile.create(file);
        SqliteStateStore.open(file).close();
        String cookie = queryString(file, "PRAGMA schema_version");

        try (SqliteStateStore store = SqliteStateStore.open(file)) {
            store.recordAttempt(success(CODEX, T0));
            assertEquals(new RouteCounters(CODEX, 8, 1, 7, 0), store.counters().get(CODEX));
        }
        assertEquals(cookie, queryString(file, "PRAGMA schema_version"));
        assertEquals("1", meta(file, "schema_version"));
    }

    @Test
    void aFileAnEarlierBuildMovedToVersionTwoIsMovedBackKeepingEveryRow() throws Exception {
        Path file = dir.resolve("state.db");
        writeLegacyVersionTwo(file);

        try (SqliteStateStore store = SqliteStateStore.open(file)) {
            assertEquals(Map.of(OPUS, new RouteCounters(OPUS, 43, 40, 3, 1),
                    CODEX, new RouteCounters(CODEX, 7, 0, 7, 0)), store.counters());
            assertEquals(BreakerState.Status.OPEN, store.breaker(OPUS).status());
            assertEquals("HTTP 500", store.breaker(OPUS).lastError());
            assertEquals(Optional.of(new QuotaObservation(OptionalLong.of(3), OptionalLong.of(10), OptionalLong.empty(),
                    Optional.empty(), QuotaObservation.Kind.OTHER, "headers", T0)), store.quota(CODEX));
            List<AttemptRecord> history = store.recentAttempts(10);
            assertEquals(List.of("req-b", "req-a"), history.stream().map(AttemptRecord::requestId).toList());

            store.recordAttempt(failure(OPUS, FailureKind.QUOTA_EXHAUSTED, T0.plusSeconds(60)));
            assertEquals(new RouteCounters(OPUS, 44, 40, 4, 2), store.counters().get(OPUS));
            assertEquals(3, store.recentAttempts(10).size());
        }
        assertEquals("1", meta(file, "schema_version"));
        assertEquals("1", meta(file, "hr_schema_version"));
        assertEquals(NpmStateFile.MASTER_SQL, NpmStateFile.npmTables(file));
        assertNull(queryString(file, "SELECT name FROM sqlite_master WHERE name IN ('quota', 'attempts', 'attempts_at')"));
        NpmStateFile.start(file);
        assertEquals(List.of(44L, 40L, 4L), NpmStateFile.counters(file).get(OPUS));
    }

    @Test
    void refusesAnNpmSchemaVersionNewerThanOneWithTheNextStep() throws Exception {
        Path file = dir.resolve("state.db");
        NpmStateFile.create(file);
        exec(file, "UPDATE meta SET value = '3' WHERE key = 'schema_version'");

        StateException e = assertThrows(StateException.class, () -> SqliteStateStore.open(file));

        assertEquals("state.db schema version 3 is newer than this build supports (1). Upgrade harness-router,"
                + " or move " + file + " aside to start fresh.", e.getMessage());
        assertEquals("3", meta(file, "schema_version"));
        assertNull(meta(file, "hr_schema_version"));
    }

    @Test
    void aVersionTwoFileWithoutOurEarlierLayoutIsANewerNpmAndIsRefused() throws Exception {
        Path file = dir.resolve("state.db");
        NpmStateFile.create(file);
        exec(file, "UPDATE meta SET value = '2' WHERE key = 'schema_version'");

        StateException e = assertThrows(StateException.class, () -> SqliteStateStore.open(file));

        assertEquals("state.db schema version 2 is newer than this build supports (1). Upgrade harness-router,"
                + " or move " + file + " aside to start fresh.", e.getMessage());
    }

    @Test
    void refusesOurOwnSchemaVersionWhenANewerBuildWroteIt() throws Exception {
        Path file = dir.resolve("state.db");
        SqliteStateStore.open(file).close();
        exec(file, "UPDATE meta SET value = '2' WHERE key = 'hr_schema_version'");

        StateException e = assertThrows(StateException.class, () -> SqliteStateStore.open(file));

        assertEquals("state.db hr_schema_version 2 is newer than this build supports (1). Upgrade harness-router,"
                + " or move " + file + " aside to start fresh.", e.getMessage());
    }

    @Test
    void refusesANonNumericSchemaVersion() throws Exception {
        Path file = dir.resolve("state.db");
        exec(file, "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT)",
                "INSERT INTO meta VALUES('schema_version', 'two')");

        StateException e = assertThrows(StateException.class, () -> SqliteStateStore.open(file));

        assertEquals("state.db schema version two is newer than this build supports (1). Upgrade harness-router,"
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

    /**
     * A file as our earlier build left it (SqliteSchema at schema version 2): npm's file upgraded in
     * place, with rows in every table.
     */
    private static void writeLegacyVersionTwo(Path file) throws Exception {
        NpmStateFile.create(file);
        exec(file,
                "ALTER TABLE counters ADD COLUMN rate_limits INTEGER NOT NULL DEFAULT 0",
                "UPDATE counters SET local_calls = 43, local_failure = 3, rate_limits = 1 WHERE service = '" + OPUS + "'",
                "DROP TABLE breakers",
                "CREATE TABLE breakers(route_id TEXT PRIMARY KEY, status TEXT NOT NULL,"
                        + " consecutive_failures INTEGER NOT NULL, open_count INTEGER NOT NULL,"
                        + " open_until_ms INTEGER, probe_owner TEXT, probe_deadline_ms INTEGER,"
                        + " last_error TEXT NOT NULL DEFAULT '', updated_at_ms INTEGER NOT NULL)",
                "CREATE TABLE quota(route_id TEXT PRIMARY KEY, remaining INTEGER,"
                        + " limit_value INTEGER, used INTEGER, reset_at_ms INTEGER, kind TEXT NOT NULL,"
                        + " source TEXT NOT NULL, observed_at_ms INTEGER NOT NULL)",
                "CREATE TABLE attempts(id INTEGER PRIMARY KEY AUTOINCREMENT,"
                        + " at_ms INTEGER NOT NULL, request_id TEXT NOT NULL, route_id TEXT NOT NULL,"
                        + " model TEXT NOT NULL, tier TEXT NOT NULL, success INTEGER NOT NULL,"
                        + " kind TEXT NOT NULL, error TEXT NOT NULL, duration_ms INTEGER NOT NULL)",
                "CREATE INDEX attempts_at ON attempts(at_ms)",
                "UPDATE meta SET value = '2' WHERE key = 'schema_version'",
                "INSERT INTO breakers VALUES('" + OPUS + "', 'open', 5, 1, " + T0.plusSeconds(300).toEpochMilli()
                        + ", NULL, NULL, 'HTTP 500', " + T0.toEpochMilli() + ")",
                "INSERT INTO quota VALUES('" + CODEX + "', 3, 10, NULL, NULL, 'other', 'headers', "
                        + T0.toEpochMilli() + ")",
                "INSERT INTO attempts(at_ms, request_id, route_id, model, tier, success, kind, error, duration_ms)"
                        + " VALUES(" + T0.toEpochMilli() + ", 'req-a', '" + OPUS + "', 'opus', 'subscription', 0,"
                        + " 'rate_limited', 'slow down', 10)",
                "INSERT INTO attempts(at_ms, request_id, route_id, model, tier, success, kind, error, duration_ms)"
                        + " VALUES(" + T0.plusSeconds(1).toEpochMilli() + ", 'req-b', '" + CODEX + "', 'gpt',"
                        + " 'subscription', 0, 'other', 'boom', 20)");
    }

    private static String meta(Path file, String key) throws Exception {
        return queryString(file, "SELECT value FROM meta WHERE key = '" + key + "'");
    }

    private static List<String> tables(Path file) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = raw(file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'"
                     + " AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
