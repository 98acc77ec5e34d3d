package io.harnessrouter.host.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements {@link SqliteStateStore} runs, prepared once per connection so a call costs a
 * bind and a step, not a parse. Not thread-safe: used under the store's lock.
 */
final class StateStatements implements AutoCloseable {

    private static final String ATTEMPT_COLUMNS =
            "at_ms, request_id, route_id, model, tier, success, kind, error, duration_ms";
    private static final String BREAKER_COLUMNS = "route_id, status, consecutive_failures, open_count,"
            + " open_until_ms, probe_owner, probe_deadline_ms, last_error, updated_at_ms";
    private static final String QUOTA_COLUMNS =
            "route_id, remaining, limit_value, used, reset_at_ms, kind, source, observed_at_ms";

    private final List<PreparedStatement> all = new ArrayList<>();

    final PreparedStatement begin;
    final PreparedStatement commit;
    final PreparedStatement rollback;
    final PreparedStatement addToCounters;
    final PreparedStatement insertAttempt;
    final PreparedStatement trimAttempts;
    final PreparedStatement selectCounters;
    final PreparedStatement selectBreaker;
    final PreparedStatement selectBreakers;
    final PreparedStatement upsertBreaker;
    final PreparedStatement upsertQuota;
    final PreparedStatement selectQuota;
    final PreparedStatement selectQuotas;
    final PreparedStatement selectRecentAttempts;

    StateStatements(Connection c) throws SQLException {
        try {
            begin = prepare(c, "BEGIN IMMEDIATE");
            commit = prepare(c, "COMMIT");
            rollback = prepare(c, "ROLLBACK");
            addToCounters = prepare(c, "INSERT INTO counters(service, local_calls, local_success,"
                    + " local_failure, rate_limits) VALUES(?, 1, ?, ?, ?) ON CONFLICT(service) DO UPDATE SET"
                    + " local_calls = local_calls + 1,"
                    + " local_success = local_success + excluded.local_success,"
                    + " local_failure = local_failure + excluded.local_failure,"
                    + " rate_limits = rate_limits + excluded.rate_limits");
            insertAttempt = prepare(c, "INSERT INTO attempts(" + ATTEMPT_COLUMNS + ")"
                    + " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
            trimAttempts = prepare(c, "DELETE FROM attempts WHERE id <= ?");
            selectCounters = prepare(c, "SELECT service, local_calls, local_success, local_failure,"
                    + " rate_limits FROM counters");
            selectBreaker = prepare(c, "SELECT " + BREAKER_COLUMNS + " FROM breakers WHERE route_id = ?");
            selectBreakers = prepare(c, "SELECT " + BREAKER_COLUMNS + " FROM breakers");
            upsertBreaker = prepare(c, "INSERT OR REPLACE INTO breakers(" + BREAKER_COLUMNS + ")"
                    + " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)");
            upsertQuota = prepare(c, "INSERT OR REPLACE INTO quota(" + QUOTA_COLUMNS + ")"
                    + " VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
            selectQuota = prepare(c, "SELECT " + QUOTA_COLUMNS + " FROM quota WHERE route_id = ?");
            selectQuotas = prepare(c, "SELECT " + QUOTA_COLUMNS + " FROM quota");
            selectRecentAttempts = prepare(c, "SELECT " + ATTEMPT_COLUMNS + " FROM attempts"
                    + " ORDER BY at_ms DESC, id DESC LIMIT ?");
        } catch (SQLException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private PreparedStatement prepare(Connection c, String sql) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        all.add(ps);
        return ps;
    }

    /** Closes every prepared statement; failures are ignored (the connection closes next). */
    @Override
    public void close() {
        for (PreparedStatement ps : all) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // closing the connection releases it anyway
            }
        }
        all.clear();
    }
}
