package io.harnessrouter.host.state;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the state schema, upgrades the npm tool's version 1 in place and refuses versions this
 * build does not know.
 *
 * <p>Version 1 (npm): {@code meta}, {@code counters(service, local_calls, local_success,
 * local_failure)} and a {@code breakers(service, ...)} table that npm never wrote. Version 2 keeps
 * {@code counters} (plus {@code rate_limits}), so users coming from npm keep their lifetime
 * totals, replaces {@code breakers} and adds {@code quota} and {@code attempts}. The upgrade is
 * idempotent and runs in one IMMEDIATE transaction, so several processes opening the same old or
 * missing file at once agree on the result. Not thread-safe; called once per connection.
 */
final class SqliteSchema {

    static final int VERSION = 2;

    private static final Logger LOG = LoggerFactory.getLogger(SqliteSchema.class);

    private static final String VERSION_KEY = "schema_version";

    private static final List<String> V2_TABLES = List.of(
            "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT)",
            "CREATE TABLE IF NOT EXISTS counters(service TEXT PRIMARY KEY,"
                    + " local_calls INTEGER NOT NULL DEFAULT 0, local_success INTEGER NOT NULL DEFAULT 0,"
                    + " local_failure INTEGER NOT NULL DEFAULT 0, rate_limits INTEGER NOT NULL DEFAULT 0)");

    private static final List<String> V2_NEW_TABLES = List.of(
            "CREATE TABLE IF NOT EXISTS breakers(route_id TEXT PRIMARY KEY, status TEXT NOT NULL,"
                    + " consecutive_failures INTEGER NOT NULL, open_count INTEGER NOT NULL,"
                    + " open_until_ms INTEGER, probe_owner TEXT, probe_deadline_ms INTEGER,"
                    + " last_error TEXT NOT NULL DEFAULT '', updated_at_ms INTEGER NOT NULL)",
            "CREATE TABLE IF NOT EXISTS quota(route_id TEXT PRIMARY KEY, remaining INTEGER,"
                    + " limit_value INTEGER, used INTEGER, reset_at_ms INTEGER, kind TEXT NOT NULL,"
                    + " source TEXT NOT NULL, observed_at_ms INTEGER NOT NULL)",
            "CREATE TABLE IF NOT EXISTS attempts(id INTEGER PRIMARY KEY AUTOINCREMENT,"
                    + " at_ms INTEGER NOT NULL, request_id TEXT NOT NULL, route_id TEXT NOT NULL,"
                    + " model TEXT NOT NULL, tier TEXT NOT NULL, success INTEGER NOT NULL,"
                    + " kind TEXT NOT NULL, error TEXT NOT NULL, duration_ms INTEGER NOT NULL)",
            "CREATE INDEX IF NOT EXISTS attempts_at ON attempts(at_ms)",
            "INSERT INTO meta(key, value) VALUES('" + VERSION_KEY + "', '" + VERSION + "')"
                    + " ON CONFLICT(key) DO UPDATE SET value = excluded.value");

    private SqliteSchema() {
    }

    /**
     * Brings the file to version 2. The common case (already version 2) only reads.
     *
     * @throws StateException when the file's version is newer than {@link #VERSION} or not a number
     * @throws SQLException   when SQLite fails; the caller wraps it
     */
    static void ensure(Connection c, Path file) throws SQLException {
        if (checkedVersion(c, file).orElse(0) == VERSION) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            boolean committed = false;
            try {
                Optional<Integer> before = checkedVersion(c, file);
                if (before.orElse(0) != VERSION) {
                    upgrade(c, s);
                    logUpgrade(file, before);
                }
                s.execute("COMMIT");
                committed = true;
            } finally {
                if (!committed) {
                    rollbackQuietly(s);
                }
            }
        }
    }

    /** The stored version; empty for a new file. Refuses versions newer than ours. */
    private static Optional<Integer> checkedVersion(Connection c, Path file) throws SQLException {
        Optional<String> raw = storedVersion(c);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        String v = raw.get().strip();
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw newer(v, file);
        }
        if (n > VERSION) {
            throw newer(v, file);
        }
        return Optional.of(n);
    }

    static StateException newer(String version, Path file) {
        return new StateException("state.db schema version " + version
                + " is newer than this build supports (" + VERSION + "). Upgrade harness-router, or move "
                + file + " aside to start fresh.");
    }

    private static Optional<String> storedVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'")) {
                if (!rs.next()) {
                    return Optional.empty();
                }
            }
            try (ResultSet rs = s.executeQuery(
                    "SELECT value FROM meta WHERE key = '" + VERSION_KEY + "'")) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Creates what is missing; turns a version 1 file into version 2 keeping its counters. */
    private static void upgrade(Connection c, Statement s) throws SQLException {
        for (String sql : V2_TABLES) {
            s.execute(sql);
        }
        if (!columns(c, "counters").contains("rate_limits")) {
            s.execute("ALTER TABLE counters ADD COLUMN rate_limits INTEGER NOT NULL DEFAULT 0");
        }
        if (columns(c, "breakers").contains("service")) {
            // npm's breakers table: declared but never written at runtime, so nothing is lost.
            s.execute("DROP TABLE breakers");
        }
        for (String sql : V2_NEW_TABLES) {
            s.execute(sql);
        }
    }

    private static Set<String> columns(Connection c, String table) throws SQLException {
        Set<String> names = new HashSet<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                names.add(rs.getString("name"));
            }
        }
        return names;
    }

    private static void logUpgrade(Path file, Optional<Integer> before) {
        if (before.isEmpty()) {
            LOG.debug("Created state database {} at schema version {}", file, VERSION);
        } else {
            LOG.info("Upgraded state database {} from schema version {} to {}; counters kept",
                    file, before.get(), VERSION);
        }
    }

    private static void rollbackQuietly(Statement s) {
        try {
            s.execute("ROLLBACK");
        } catch (SQLException e) {
            LOG.debug("Rollback after a failed schema upgrade failed: {}", e.toString());
        }
    }
}
