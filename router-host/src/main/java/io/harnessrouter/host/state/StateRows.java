package io.harnessrouter.host.state;

import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.QuotaObservation;
import io.harnessrouter.api.Tier;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Maps the state records to and from table rows. Times are stored as epoch milliseconds, enums by
 * lower-case name; a name this build does not know (written by a newer build) reads as the
 * enum's catch-all value instead of failing. Stateless.
 */
final class StateRows {

    private StateRows() {
    }

    // --- attempts: at_ms, request_id, route_id, model, tier, success, kind, error, duration_ms, cost_micros

    static void bindAttempt(PreparedStatement ps, AttemptRecord a) throws SQLException {
        ps.setLong(1, millis(a.at()));
        ps.setString(2, a.requestId());
        ps.setString(3, a.routeId());
        ps.setString(4, a.model());
        ps.setString(5, a.tier().wireName());
        ps.setInt(6, a.success() ? 1 : 0);
        ps.setString(7, a.kind().wireName());
        ps.setString(8, a.error());
        ps.setLong(9, millis(a.duration()));
        ps.setLong(10, Math.round(a.costUsd() * 1_000_000));
    }

    static AttemptRecord readAttempt(ResultSet rs) throws SQLException {
        return new AttemptRecord(
                Instant.ofEpochMilli(rs.getLong("at_ms")),
                rs.getString("request_id"),
                rs.getString("route_id"),
                rs.getString("model"),
                parse(Tier.class, rs.getString("tier"), Tier.METERED),
                rs.getInt("success") != 0,
                parse(FailureKind.class, rs.getString("kind"), FailureKind.OTHER),
                rs.getString("error"),
                Duration.ofMillis(rs.getLong("duration_ms")),
                rs.getLong("cost_micros") / 1_000_000.0);
    }

    // --- counters: service, local_calls, local_success, local_failure, rate_limits

    static RouteCounters readCounters(ResultSet rs) throws SQLException {
        return new RouteCounters(rs.getString("service"), rs.getLong("local_calls"),
                rs.getLong("local_success"), rs.getLong("local_failure"), rs.getLong("rate_limits"));
    }

    // --- breakers: route_id, status, consecutive_failures, open_count, open_until_ms,
    //               probe_owner, probe_deadline_ms, last_error, updated_at_ms

    static void bindBreaker(PreparedStatement ps, BreakerState b) throws SQLException {
        ps.setString(1, b.routeId());
        ps.setString(2, b.status().name().toLowerCase(Locale.ROOT));
        ps.setInt(3, b.consecutiveFailures());
        ps.setInt(4, b.openCount());
        setInstant(ps, 5, b.openUntil());
        ps.setString(6, b.probeOwner().orElse(null));
        setInstant(ps, 7, b.probeDeadline());
        ps.setString(8, b.lastError());
        ps.setLong(9, millis(b.updatedAt()));
    }

    static BreakerState readBreaker(ResultSet rs) throws SQLException {
        return new BreakerState(
                rs.getString("route_id"),
                parse(BreakerState.Status.class, rs.getString("status"), BreakerState.Status.CLOSED),
                rs.getInt("consecutive_failures"),
                rs.getInt("open_count"),
                instant(rs, "open_until_ms"),
                Optional.ofNullable(rs.getString("probe_owner")),
                instant(rs, "probe_deadline_ms"),
                rs.getString("last_error"),
                Instant.ofEpochMilli(rs.getLong("updated_at_ms")));
    }

    /** The state as it reads back after a write: instants cut to milliseconds. */
    static BreakerState asStored(BreakerState b) {
        return new BreakerState(b.routeId(), b.status(), b.consecutiveFailures(), b.openCount(),
                b.openUntil().map(StateRows::toMillis), b.probeOwner(),
                b.probeDeadline().map(StateRows::toMillis), b.lastError(), toMillis(b.updatedAt()));
    }

    // --- quota: route_id, remaining, limit_value, used, reset_at_ms, kind, source, observed_at_ms

    static void bindQuota(PreparedStatement ps, String routeId, QuotaObservation q) throws SQLException {
        ps.setString(1, routeId);
        setLong(ps, 2, q.remaining());
        setLong(ps, 3, q.limit());
        setLong(ps, 4, q.used());
        setInstant(ps, 5, q.resetAt());
        ps.setString(6, q.kind().name().toLowerCase(Locale.ROOT));
        ps.setString(7, q.source());
        ps.setLong(8, millis(q.observedAt()));
    }

    static QuotaObservation readQuota(ResultSet rs) throws SQLException {
        return new QuotaObservation(
                optionalLong(rs, "remaining"),
                optionalLong(rs, "limit_value"),
                optionalLong(rs, "used"),
                instant(rs, "reset_at_ms"),
                parse(QuotaObservation.Kind.class, rs.getString("kind"), QuotaObservation.Kind.OTHER),
                rs.getString("source"),
                Instant.ofEpochMilli(rs.getLong("observed_at_ms")));
    }

    // --- hr_children: pid, start_ms, owner_pid, owner_start_ms, route_id, started_at_ms

    static void bindChild(PreparedStatement ps, ChildRecord c) throws SQLException {
        ps.setLong(1, c.child().pid());
        ps.setLong(2, c.child().startMillis());
        ps.setLong(3, c.owner().pid());
        setNullableLong(ps, 4, c.owner().startMillis());
        ps.setString(5, c.routeId().orElse(null));
        ps.setLong(6, millis(c.startedAt()));
    }

    static ChildRecord readChild(ResultSet rs) throws SQLException {
        ProcessIdentity child = ProcessIdentity.fromRow(rs.getLong("pid"), rs.getLong("start_ms"), false);
        long ownerStart = rs.getLong("owner_start_ms");
        boolean ownerStartUnknown = rs.wasNull();
        ProcessIdentity owner = ProcessIdentity.fromRow(rs.getLong("owner_pid"), ownerStart, ownerStartUnknown);
        return new ChildRecord(child, owner, Optional.ofNullable(rs.getString("route_id")),
                Instant.ofEpochMilli(rs.getLong("started_at_ms")));
    }

    // --- helpers

    static void setNullableLong(PreparedStatement ps, int index, Long v) throws SQLException {
        if (v != null) {
            ps.setLong(index, v);
        } else {
            ps.setNull(index, Types.INTEGER);
        }
    }

    /** Epoch milliseconds, saturated for instants outside the {@code long} range. */
    static long millis(Instant i) {
        try {
            return i.toEpochMilli();
        } catch (ArithmeticException e) {
            return i.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    private static long millis(Duration d) {
        try {
            return d.toMillis();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    private static Instant toMillis(Instant i) {
        return Instant.ofEpochMilli(millis(i));
    }

    private static void setInstant(PreparedStatement ps, int index, Optional<Instant> i) throws SQLException {
        if (i.isPresent()) {
            ps.setLong(index, millis(i.get()));
        } else {
            ps.setNull(index, Types.INTEGER);
        }
    }

    private static void setLong(PreparedStatement ps, int index, OptionalLong v) throws SQLException {
        if (v.isPresent()) {
            ps.setLong(index, v.getAsLong());
        } else {
            ps.setNull(index, Types.INTEGER);
        }
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
    }

    private static OptionalLong optionalLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String name, E fallback) {
        if (name == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }
}
