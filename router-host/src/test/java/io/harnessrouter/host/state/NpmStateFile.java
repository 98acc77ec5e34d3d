package io.harnessrouter.host.state;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the npm harness-router 0.3.2 does with the state file ({@code src/state/quota-store.ts},
 * as section 6 of our reference on the npm predecessor describes it), in raw SQL, independent of our
 * schema code: the tests use it to write a file exactly as npm does and to check that npm would
 * still start on a file we touched and count into it.
 */
final class NpmStateFile {

    /** npm's DDL, as written in section 6. */
    static final List<String> DDL = List.of(
            "CREATE TABLE IF NOT EXISTS counters(service TEXT PRIMARY KEY, local_calls INTEGER NOT NULL DEFAULT 0,"
                    + " local_success INTEGER NOT NULL DEFAULT 0, local_failure INTEGER NOT NULL DEFAULT 0)",
            "CREATE TABLE IF NOT EXISTS breakers(service TEXT PRIMARY KEY, tripped_until_ms INTEGER NOT NULL,"
                    + " failure_count INTEGER NOT NULL, updated_at_ms INTEGER NOT NULL)",
            "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT)");

    /** The three tables as sqlite_master keeps them after npm's DDL ran. */
    static final Map<String, String> MASTER_SQL = Map.of(
            "counters", DDL.get(0).replace("IF NOT EXISTS ", ""),
            "breakers", DDL.get(1).replace("IF NOT EXISTS ", ""),
            "meta", DDL.get(2).replace("IF NOT EXISTS ", ""));

    /** The columns npm's {@code SELECT * FROM counters} returns. */
    static final List<String> COUNTER_COLUMNS = List.of("service", "local_calls", "local_success", "local_failure");

    private NpmStateFile() {
    }

    /** Opens the file as the npm server does at start: pragmas, version check, DDL, first-open row. */
    static void start(Path file) throws SQLException {
        try (Connection c = StateFixtures.raw(file); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("PRAGMA synchronous = NORMAL");
            s.execute("PRAGMA foreign_keys = ON");
            for (String sql : DDL) {
                s.execute(sql);
            }
            try (ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE key = 'schema_version'")) {
                if (rs.next()) {
                    String v = rs.getString(1);
                    if (!v.matches("\\d+") || Integer.parseInt(v) > 1) {
                        throw new IllegalStateException("state.db schema version " + v
                                + " is newer than this build supports (1). Upgrade harness-router or remove the"
                                + " state file to start fresh.");
                    }
                    return;
                }
            }
            s.execute("INSERT INTO meta(key, value) VALUES('schema_version', '1')");
        }
    }

    /** npm's additive upsert for one dispatch attempt. */
    static void record(Path file, String service, boolean success) throws SQLException {
        try (Connection c = StateFixtures.raw(file);
             PreparedStatement ps = c.prepareStatement("INSERT INTO counters(service, local_calls, local_success,"
                     + " local_failure) VALUES(?,?,?,?) ON CONFLICT(service) DO UPDATE SET local_calls = local_calls"
                     + " + excluded.local_calls, local_success = local_success + excluded.local_success,"
                     + " local_failure = local_failure + excluded.local_failure")) {
            ps.setString(1, service);
            ps.setInt(2, 1);
            ps.setInt(3, success ? 1 : 0);
            ps.setInt(4, success ? 0 : 1);
            ps.executeUpdate();
        }
    }

    /** npm's status read, {@code SELECT * FROM counters}: service to [calls, success, failure]. */
    static Map<String, List<Long>> counters(Path file) throws SQLException {
        Map<String, List<Long>> out = new TreeMap<>();
        try (Connection c = StateFixtures.raw(file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM counters")) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                names.add(md.getColumnName(i));
            }
            if (!names.equals(COUNTER_COLUMNS)) {
                throw new IllegalStateException("npm reads counters columns " + names);
            }
            while (rs.next()) {
                out.put(rs.getString("service"), List.of(rs.getLong("local_calls"), rs.getLong("local_success"),
                        rs.getLong("local_failure")));
            }
        }
        return out;
    }

    /** Table name to its CREATE statement, for every table of npm's. */
    static Map<String, String> npmTables(Path file) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = StateFixtures.raw(file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name, sql FROM sqlite_master WHERE type = 'table'"
                     + " AND name IN ('counters', 'breakers', 'meta')")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    /** A file exactly as npm's first start leaves it, with lifetime counters from its dispatches. */
    static void create(Path file) throws SQLException {
        start(file);
        StateFixtures.exec(file,
                "INSERT INTO counters VALUES('opus::claude_code', 42, 40, 2)",
                "INSERT INTO counters VALUES('gpt::codex', 7, 0, 7)");
    }
}
