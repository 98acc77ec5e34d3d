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
 * Creates the state schema so that the npm harness-router (0.3.x) and this build can share one
 * file, and moves files written by earlier builds of ours to that layout.
 *
 * <p>The npm tool's part is left exactly as npm creates it: {@code meta} with
 * {@code schema_version = '1'}, {@code counters(service, local_calls, local_success,
 * local_failure)} and its never-written {@code breakers(service, ...)}. npm refuses to start on a
 * {@code schema_version} other than a number up to 1, so we never raise it. Both tools add to
 * {@code counters}, so each sees the other's calls. Everything of ours lives in tables named
 * {@code hr_*} and is versioned by its own {@code meta} row, {@value #OWN_VERSION_KEY}, which npm
 * never reads: {@code hr_counters} (the rate-limit count npm has no column for), {@code hr_breakers},
 * {@code hr_quota}, {@code hr_attempts}, {@code hr_leases} (dispatch slots
 * of the per-route concurrency cap), {@code hr_children} (running CLIs, for reaping those of a
 * killed server), {@code hr_usage}, {@code hr_learned_limits} and {@code hr_decisions} (the
 * router's decision per call, for {@code harness-router why}).
 *
 * <p>Earlier builds of ours raised {@code schema_version} to 2 and changed npm's tables in place
 * (an extra {@code rate_limits} column, our breakers under npm's table name, {@code quota} and
 * {@code attempts}). Such a file is moved to this layout keeping every row, and npm can open it
 * again. Setup is idempotent and runs in one IMMEDIATE transaction, so several processes opening
 * the same old or missing file at once agree on the result. Not thread-safe; once per connection.
 */
final class SqliteSchema {

    /** The version of our own tables ({@value #OWN_VERSION_KEY}). */
    static final int VERSION = 1;

    /** The npm tool's schema version: written on a new file, never raised. */
    static final int NPM_VERSION = 1;

    /** The {@code schema_version} an earlier build of ours wrote; migrated, see the class comment. */
    static final int LEGACY_VERSION = 2;

    static final String NPM_VERSION_KEY = "schema_version";
    static final String OWN_VERSION_KEY = "hr_schema_version";

    private static final Logger LOG = LoggerFactory.getLogger(SqliteSchema.class);

    /** npm's DDL, verbatim from its quota-store, so a file we create is byte-for-byte what npm expects. */
    static final List<String> NPM_TABLES = List.of(
            "CREATE TABLE IF NOT EXISTS counters(service TEXT PRIMARY KEY, local_calls INTEGER NOT NULL DEFAULT 0,"
                    + " local_success INTEGER NOT NULL DEFAULT 0, local_failure INTEGER NOT NULL DEFAULT 0)",
            "CREATE TABLE IF NOT EXISTS breakers(service TEXT PRIMARY KEY, tripped_until_ms INTEGER NOT NULL,"
                    + " failure_count INTEGER NOT NULL, updated_at_ms INTEGER NOT NULL)",
            "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT)");

    static final List<String> OWN_TABLES = List.of(
            "CREATE TABLE IF NOT EXISTS hr_counters(service TEXT PRIMARY KEY,"
                    + " rate_limits INTEGER NOT NULL DEFAULT 0)",
            "CREATE TABLE IF NOT EXISTS hr_breakers(route_id TEXT PRIMARY KEY, status TEXT NOT NULL,"
                    + " consecutive_failures INTEGER NOT NULL, open_count INTEGER NOT NULL,"
                    + " open_until_ms INTEGER, probe_owner TEXT, probe_deadline_ms INTEGER,"
                    + " last_error TEXT NOT NULL DEFAULT '', updated_at_ms INTEGER NOT NULL)",
            "CREATE TABLE IF NOT EXISTS hr_quota(route_id TEXT PRIMARY KEY, remaining INTEGER,"
                    + " limit_value INTEGER, used INTEGER, reset_at_ms INTEGER, kind TEXT NOT NULL,"
                    + " source TEXT NOT NULL, observed_at_ms INTEGER NOT NULL)",
            "CREATE TABLE IF NOT EXISTS hr_attempts(id INTEGER PRIMARY KEY AUTOINCREMENT,"
                    + " at_ms INTEGER NOT NULL, request_id TEXT NOT NULL, route_id TEXT NOT NULL,"
                    + " model TEXT NOT NULL, tier TEXT NOT NULL, success INTEGER NOT NULL,"
                    + " kind TEXT NOT NULL, error TEXT NOT NULL, duration_ms INTEGER NOT NULL)",
            "CREATE INDEX IF NOT EXISTS hr_attempts_at ON hr_attempts(at_ms)",
            "CREATE TABLE IF NOT EXISTS hr_leases(id INTEGER PRIMARY KEY AUTOINCREMENT, route_id TEXT NOT NULL,"
                    + " owner_pid INTEGER NOT NULL, owner_start_ms INTEGER, acquired_at_ms INTEGER NOT NULL)",
            "CREATE INDEX IF NOT EXISTS hr_leases_route ON hr_leases(route_id)",
            "CREATE TABLE IF NOT EXISTS hr_children(pid INTEGER NOT NULL, start_ms INTEGER NOT NULL,"
                    + " owner_pid INTEGER NOT NULL, owner_start_ms INTEGER, route_id TEXT,"
                    + " started_at_ms INTEGER NOT NULL, PRIMARY KEY(pid, start_ms))",
            "CREATE TABLE IF NOT EXISTS hr_usage(route_id TEXT NOT NULL, minute INTEGER NOT NULL,"
                    + " requests INTEGER NOT NULL DEFAULT 0, input_tokens INTEGER NOT NULL DEFAULT 0,"
                    + " output_tokens INTEGER NOT NULL DEFAULT 0, cost_micros INTEGER NOT NULL DEFAULT 0,"
                    + " PRIMARY KEY(route_id, minute))",
            "CREATE INDEX IF NOT EXISTS hr_usage_minute ON hr_usage(minute)",
            "CREATE TABLE IF NOT EXISTS hr_learned_limits(scope TEXT PRIMARY KEY, requests INTEGER NOT NULL,"
                    + " period_ms INTEGER NOT NULL, learned_at_ms INTEGER NOT NULL)",
            // The router's decision per call, for `harness-router why`; the trace is JSON (DecisionRows).
            "CREATE TABLE IF NOT EXISTS hr_decisions(id INTEGER PRIMARY KEY AUTOINCREMENT, at_ms INTEGER NOT NULL,"
                    + " request_id TEXT NOT NULL, origin TEXT NOT NULL, pid INTEGER NOT NULL, mode TEXT NOT NULL,"
                    + " success INTEGER NOT NULL, chosen_route TEXT, reason TEXT NOT NULL, duration_ms INTEGER NOT NULL,"
                    + " error TEXT NOT NULL, trace TEXT NOT NULL)");

    /**
     * Tables added after the first layout of {@link #VERSION} 1. They are additive (an older
     * build ignores them), so the version stays and a file without them is completed on open.
     */
    private static final List<String> ADDED_TABLES = List.of("hr_usage", "hr_learned_limits", "hr_decisions");

    private static final String BREAKER_COLUMNS = "route_id, status, consecutive_failures, open_count,"
            + " open_until_ms, probe_owner, probe_deadline_ms, last_error, updated_at_ms";
    private static final String QUOTA_COLUMNS =
            "route_id, remaining, limit_value, used, reset_at_ms, kind, source, observed_at_ms";
    private static final String ATTEMPT_COLUMNS =
            "id, at_ms, request_id, route_id, model, tier, success, kind, error, duration_ms";

    private SqliteSchema() {
    }

    /**
     * Brings the file to the shared layout. The common case (already there) only reads.
     *
     * @throws StateException when either version is newer than this build knows or not a number
     * @throws SQLException   when SQLite fails; the caller wraps it
     */
    static void ensure(Connection c, Path file) throws SQLException {
        if (isCurrent(c, file)) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            boolean committed = false;
            try {
                if (!isCurrent(c, file)) {
                    Optional<Integer> npmBefore = npmVersion(c, file);
                    boolean legacy = migrateLegacy(c, s);
                    create(s);
                    log(file, npmBefore, legacy);
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

    /** True when both versions are ours; refuses versions newer than this build. */
    private static boolean isCurrent(Connection c, Path file) throws SQLException {
        Optional<Integer> npm = npmVersion(c, file);
        Optional<Integer> own = ownVersion(c, file);
        if (npm.orElse(0) != NPM_VERSION || own.orElse(0) != VERSION) {
            return false;
        }
        for (String table : ADDED_TABLES) {
            if (!tableExists(c, table)) {
                return false;
            }
        }
        return true;
    }

    /**
     * npm's {@code schema_version}; empty for a new file. Refuses what npm itself would refuse,
     * except our own legacy 2 when the file has our legacy layout.
     */
    private static Optional<Integer> npmVersion(Connection c, Path file) throws SQLException {
        Optional<String> raw = meta(c, NPM_VERSION_KEY);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        int n = number(raw.get()).orElseThrow(() -> newer(NPM_VERSION_KEY, raw.get(), NPM_VERSION, file));
        if (n > NPM_VERSION && !(n == LEGACY_VERSION && hasLegacyLayout(c))) {
            throw newer(NPM_VERSION_KEY, raw.get(), NPM_VERSION, file);
        }
        return Optional.of(n);
    }

    private static Optional<Integer> ownVersion(Connection c, Path file) throws SQLException {
        Optional<String> raw = meta(c, OWN_VERSION_KEY);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        int n = number(raw.get()).orElseThrow(() -> newer(OWN_VERSION_KEY, raw.get(), VERSION, file));
        if (n > VERSION) {
            throw newer(OWN_VERSION_KEY, raw.get(), VERSION, file);
        }
        return Optional.of(n);
    }

    private static Optional<Integer> number(String raw) {
        try {
            return Optional.of(Integer.parseInt(raw.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static StateException newer(String key, String version, int supported, Path file) {
        String which = key.equals(NPM_VERSION_KEY) ? "state.db schema version " : "state.db " + key + " ";
        return new StateException(which + version.strip() + " is newer than this build supports (" + supported
                + "). Upgrade harness-router, or move " + file + " aside to start fresh.");
    }

    private static Optional<String> meta(Connection c, String key) throws SQLException {
        if (!tableExists(c, "meta")) {
            return Optional.empty();
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE key = '" + key + "'")) {
            return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
        }
    }

    /** What only an earlier build of ours left: columns and tables npm does not have. */
    private static boolean hasLegacyLayout(Connection c) throws SQLException {
        return columns(c, "counters").contains("rate_limits") || columns(c, "breakers").contains("route_id")
                || tableExists(c, "quota") || tableExists(c, "attempts");
    }

    /** Creates whatever is missing and stamps both versions. */
    private static void create(Statement s) throws SQLException {
        for (String sql : NPM_TABLES) {
            s.execute(sql);
        }
        for (String sql : OWN_TABLES) {
            s.execute(sql);
        }
        s.execute("INSERT INTO meta(key, value) VALUES('" + NPM_VERSION_KEY + "', '" + NPM_VERSION + "')"
                + " ON CONFLICT(key) DO UPDATE SET value = excluded.value");
        s.execute("INSERT INTO meta(key, value) VALUES('" + OWN_VERSION_KEY + "', '" + VERSION + "')"
                + " ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    }

    /**
     * Moves an earlier build's tables into {@code hr_*}, restores npm's {@code counters} and
     * {@code breakers}. Copies rather than renames, so it also merges when a file went back and
     * forth between an old and this build. Returns whether there was anything to move.
     */
    private static boolean migrateLegacy(Connection c, Statement s) throws SQLException {
        if (!hasLegacyLayout(c)) {
            return false;
        }
        for (String sql : OWN_TABLES) {
            s.execute(sql);
        }
        if (columns(c, "counters").contains("rate_limits")) {
            s.execute("INSERT INTO hr_counters(service, rate_limits) SELECT service, rate_limits FROM counters"
                    + " WHERE rate_limits > 0 ON CONFLICT(service) DO UPDATE SET"
                    + " rate_limits = hr_counters.rate_limits + excluded.rate_limits");
            s.execute("ALTER TABLE counters DROP COLUMN rate_limits");
        }
        if (columns(c, "breakers").contains("route_id")) {
            moveRows(s, "breakers", "hr_breakers", BREAKER_COLUMNS);
        }
        if (tableExists(c, "quota")) {
            moveRows(s, "quota", "hr_quota", QUOTA_COLUMNS);
        }
        if (tableExists(c, "attempts")) {
            // New ids, in the old order: ids of a merged history would collide.
            String cols = ATTEMPT_COLUMNS.substring("id, ".length());
            s.execute("INSERT INTO hr_attempts(" + cols + ") SELECT " + cols + " FROM attempts ORDER BY id");
            s.execute("DROP TABLE attempts");
        }
        return true;
    }

    private static void moveRows(Statement s, String from, String to, String columns) throws SQLException {
        s.execute("INSERT OR IGNORE INTO " + to + "(" + columns + ") SELECT " + columns + " FROM " + from);
        s.execute("DROP TABLE " + from);
    }

    private static boolean tableExists(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(
                     "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '" + table + "'")) {
            return rs.next();
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

    private static void log(Path file, Optional<Integer> npmBefore, boolean legacy) {
        if (legacy) {
            LOG.info("Moved state database {} from this tool's schema version {} to the layout the npm"
                    + " harness-router shares ({} = {}, {} = {}); every row kept", file, LEGACY_VERSION,
                    NPM_VERSION_KEY, NPM_VERSION, OWN_VERSION_KEY, VERSION);
        } else if (npmBefore.isPresent()) {
            LOG.info("Added harness-router's tables to the npm state database {}; npm's tables unchanged", file);
        } else {
            LOG.debug("Created state database {} ({} = {}, {} = {})", file, NPM_VERSION_KEY, NPM_VERSION,
                    OWN_VERSION_KEY, VERSION);
        }
    }

    private static void rollbackQuietly(Statement s) {
        try {
            s.execute("ROLLBACK");
        } catch (SQLException e) {
            LOG.debug("Rollback after a failed schema setup failed: {}", e.toString());
        }
    }
}
