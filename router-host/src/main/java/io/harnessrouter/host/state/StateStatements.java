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
    final PreparedStatement addRateLimit;
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
    final PreparedStatement selectLeaseOwners;
    final PreparedStatement selectAllLeaseOwners;
    final PreparedStatement deleteOwnerLeases;
    final PreparedStatement countLeases;
    final PreparedStatement countAllLeases;
    final PreparedStatement insertLease;
    final PreparedStatement deleteLease;
    final PreparedStatement upsertChild;
    final PreparedStatement deleteChild;
    final PreparedStatement selectChildren;
    final PreparedStatement addUsage;
    final PreparedStatement selectUsage;
    final PreparedStatement selectUsageRows;
    final PreparedStatement pruneUsage;
    final PreparedStatement upsertLearned;
    final PreparedStatement selectLearned;
    final PreparedStatement insertDecision;
    final PreparedStatement trimDecisions;
    final PreparedStatement selectRecentDecisions;

    StateStatements(Connection c) throws SQLException {
        try {
            begin = prepare(c, "BEGIN IMMEDIATE");
            commit = prepare(c, "COMMIT");
            rollback = prepare(c, "ROLLBACK");
            // npm's own upsert (quota-store.ts), so both tools add to the same row.
            addToCounters = prepare(c, "INSERT INTO counters(service, local_calls, local_success,"
                    + " local_failure) VALUES(?, 1, ?, ?) ON CONFLICT(service) DO UPDATE SET"
                    + " local_calls = local_calls + excluded.local_calls,"
                    + " local_success = local_success + excluded.local_success,"
                    + " local_failure = local_failure + excluded.local_failure");
            addRateLimit = prepare(c, "INSERT INTO hr_counters(service, rate_limits) VALUES(?, 1)"
                    + " ON CONFLICT(service) DO UPDATE SET rate_limits = rate_limits + 1");
            insertAttempt = prepare(c, "INSERT INTO hr_attempts(" + ATTEMPT_COLUMNS + ")"
                    + " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
            trimAttempts = prepare(c, "DELETE FROM hr_attempts WHERE id <= ?");
            selectCounters = prepare(c, "SELECT c.service, c.local_calls, c.local_success, c.local_failure,"
                    + " coalesce(h.rate_limits, 0) AS rate_limits FROM counters c"
                    + " LEFT JOIN hr_counters h ON h.service = c.service");
            selectBreaker = prepare(c, "SELECT " + BREAKER_COLUMNS + " FROM hr_breakers WHERE route_id = ?");
            selectBreakers = prepare(c, "SELECT " + BREAKER_COLUMNS + " FROM hr_breakers");
            upsertBreaker = prepare(c, "INSERT OR REPLACE INTO hr_breakers(" + BREAKER_COLUMNS + ")"
                    + " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)");
            upsertQuota = prepare(c, "INSERT OR REPLACE INTO hr_quota(" + QUOTA_COLUMNS + ")"
                    + " VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
            selectQuota = prepare(c, "SELECT " + QUOTA_COLUMNS + " FROM hr_quota WHERE route_id = ?");
            selectQuotas = prepare(c, "SELECT " + QUOTA_COLUMNS + " FROM hr_quota");
            selectRecentAttempts = prepare(c, "SELECT " + ATTEMPT_COLUMNS + " FROM hr_attempts"
                    + " ORDER BY at_ms DESC, id DESC LIMIT ?");
            selectLeaseOwners = prepare(c, "SELECT DISTINCT owner_pid, owner_start_ms FROM hr_leases WHERE route_id = ?");
            selectAllLeaseOwners = prepare(c, "SELECT DISTINCT owner_pid, owner_start_ms FROM hr_leases");
            deleteOwnerLeases = prepare(c, "DELETE FROM hr_leases WHERE owner_pid = ? AND owner_start_ms IS ?");
            countLeases = prepare(c, "SELECT count(*) FROM hr_leases WHERE route_id = ?");
            countAllLeases = prepare(c, "SELECT route_id, count(*) FROM hr_leases GROUP BY route_id");
            insertLease = prepare(c, "INSERT INTO hr_leases(route_id, owner_pid, owner_start_ms, acquired_at_ms)"
                    + " VALUES(?, ?, ?, ?) RETURNING id");
            deleteLease = prepare(c, "DELETE FROM hr_leases WHERE id = ?");
            upsertChild = prepare(c, "INSERT OR REPLACE INTO hr_children(pid, start_ms, owner_pid, owner_start_ms,"
                    + " route_id, started_at_ms) VALUES(?, ?, ?, ?, ?, ?)");
            deleteChild = prepare(c, "DELETE FROM hr_children WHERE pid = ? AND start_ms = ?");
            selectChildren = prepare(c, "SELECT pid, start_ms, owner_pid, owner_start_ms, route_id, started_at_ms"
                    + " FROM hr_children ORDER BY started_at_ms, pid");
            addUsage = prepare(c, "INSERT INTO hr_usage(route_id, minute, requests, input_tokens, output_tokens,"
                    + " cost_micros) VALUES(?, ?, ?, ?, ?, ?) ON CONFLICT(route_id, minute) DO UPDATE SET"
                    + " requests = requests + excluded.requests, input_tokens = input_tokens + excluded.input_tokens,"
                    + " output_tokens = output_tokens + excluded.output_tokens,"
                    + " cost_micros = cost_micros + excluded.cost_micros");
            selectUsage = prepare(c, "SELECT coalesce(sum(requests), 0), coalesce(sum(input_tokens), 0),"
                    + " coalesce(sum(output_tokens), 0), coalesce(sum(cost_micros), 0), min(minute)"
                    + " FROM hr_usage WHERE route_id = ? AND minute >= ?");
            selectUsageRows = prepare(c, "SELECT route_id, minute, requests, input_tokens, output_tokens, cost_micros"
                    + " FROM hr_usage WHERE minute >= ? ORDER BY minute, route_id");
            pruneUsage = prepare(c, "DELETE FROM hr_usage WHERE minute < ?");
            upsertLearned = prepare(c, "INSERT OR REPLACE INTO hr_learned_limits(scope, requests, period_ms,"
                    + " learned_at_ms) VALUES(?, ?, ?, ?)");
            selectLearned = prepare(c, "SELECT scope, requests, period_ms, learned_at_ms FROM hr_learned_limits");
            insertDecision = prepare(c, "INSERT INTO hr_decisions(" + DecisionRows.COLUMNS + ")"
                    + " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
            trimDecisions = prepare(c, "DELETE FROM hr_decisions WHERE id <= ?");
            selectRecentDecisions = prepare(c, "SELECT " + DecisionRows.COLUMNS + " FROM hr_decisions"
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
