package io.harnessrouter.host.state;

import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.Tier;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Builders and raw-SQL helpers shared by the state tests. */
final class StateFixtures {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private StateFixtures() {
    }

    static AttemptRecord success(String routeId, Instant at) {
        return new AttemptRecord(at, "req-1", routeId, "opus", Tier.SUBSCRIPTION, true, FailureKind.NONE,
                "", Duration.ofMillis(1234));
    }

    static AttemptRecord failure(String routeId, FailureKind kind, Instant at) {
        return new AttemptRecord(at, "req-2", routeId, "opus", Tier.METERED, false, kind,
                "boom: " + kind.wireName(), Duration.ofMillis(56));
    }

    static BreakerState open(String routeId, Instant until, Instant updatedAt) {
        return new BreakerState(routeId, BreakerState.Status.OPEN, 5, 2, Optional.of(until), Optional.empty(),
                Optional.empty(), "HTTP 500", updatedAt);
    }

    /** A second, raw connection to the file, outside any store. */
    static Connection raw(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    static String queryString(Path file, String sql) throws SQLException {
        try (Connection c = raw(file); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static void exec(Path file, String... sql) throws SQLException {
        try (Connection c = raw(file); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }
}
