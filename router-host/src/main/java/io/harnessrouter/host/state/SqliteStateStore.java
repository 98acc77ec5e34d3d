package io.harnessrouter.host.state;

import io.harnessrouter.api.QuotaObservation;
import io.harnessrouter.host.quota.LearnedLimit;
import io.harnessrouter.host.quota.Usage;
import java.time.Duration;
import java.time.Instant;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The {@link StateStore} over one SQLite file in WAL mode, shared by every harness-router process
 * on the machine (schema: {@link SqliteSchema}).
 *
 * <p>Thread-safety: one connection per store, guarded by a lock; every method is safe from any
 * thread. Across processes, counter updates are additive and every multi-statement write runs in
 * a {@code BEGIN IMMEDIATE} transaction, which takes the write lock up front and waits up to
 * {@link #BUSY_TIMEOUT_MS} for it, so no update is lost and no {@code SQLITE_BUSY} reaches the
 * caller under normal contention. One connection is enough: a call holds the lock for tens of
 * microseconds and SQLite admits one writer at a time anyway.
 *
 * <p>Every failure is a {@link StateException} naming the file and what to do next.
 */
public final class SqliteStateStore implements StateStore {

    /** How long a write waits for another process's transaction before it fails. */
    static final int BUSY_TIMEOUT_MS = 10_000;

    /** The history is trimmed whenever an attempt id is a multiple of this. */
    static final int TRIM_EVERY = 100;

    private static final Logger LOG = LoggerFactory.getLogger(SqliteStateStore.class);

    private final Path file;
    private final Connection connection;
    private final StateStatements sql;
    private static final long MINUTE_MS = 60_000;

    private final ReentrantLock lock = new ReentrantLock();
    private long lastUsagePrune; // the minute usage was last pruned; under the lock
    private boolean closed;

    private SqliteStateStore(Path file, Connection connection, StateStatements sql) {
        this.file = file;
        this.connection = connection;
        this.sql = sql;
    }

    /**
     * Opens (creating when missing) the state file; a file of the npm tool gets our tables next to
     * its own, which stay as npm reads and writes them (see {@link SqliteSchema}).
     * Loads the SQLite native library on first use in the JVM (see {@link SqliteNative}).
     *
     * @param file the database, usually from {@link StatePaths#resolve}
     * @return an open store; the caller closes it
     * @throws StateException when the file cannot be opened, is not SQLite or has a newer schema
     */
    public static SqliteStateStore open(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        StatePaths.createParent(abs);
        SqliteNative.prepare(abs.getParent());
        Connection c = connect(abs);
        try {
            SqliteSchema.ensure(c, abs);
            return new SqliteStateStore(abs, c, new StateStatements(c));
        } catch (SQLException e) {
            closeQuietly(c);
            throw SqliteErrors.wrap(abs, "open", e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    private static Connection connect(Path file) {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
        cfg.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        cfg.setBusyTimeout(BUSY_TIMEOUT_MS);
        cfg.enforceForeignKeys(true);
        try {
            return cfg.createConnection("jdbc:sqlite:" + file);
        } catch (SQLException e) {
            if (e.getCause() instanceof LinkageError) {
                throw new StateException("Cannot open state database " + file + ": "
                        + e.getCause().getMessage() + ". " + SqliteNative.loadHint(), e);
            }
            throw SqliteErrors.wrap(file, "open", e);
        } catch (LinkageError e) {
            throw new StateException("Cannot open state database " + file + ": " + e.getMessage() + ". "
                    + SqliteNative.loadHint(), e);
        }
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    @Override
    public void recordAttempt(AttemptRecord attempt) {
        Objects.requireNonNull(attempt, "attempt");
        boolean capacity = !attempt.success() && attempt.kind().isCapacity();
        inTransaction("record an attempt of " + attempt.routeId(), () -> {
            PreparedStatement add = sql.addToCounters;
            add.setString(1, attempt.routeId());
            add.setInt(2, attempt.success() ? 1 : 0);
            add.setInt(3, attempt.success() ? 0 : 1);
            add.executeUpdate();
            if (capacity) {
                sql.addRateLimit.setString(1, attempt.routeId());
                sql.addRateLimit.executeUpdate();
            }
            long id = insertAttempt(attempt);
            if (id % TRIM_EVERY == 0) {
                sql.trimAttempts.setLong(1, id - HISTORY_LIMIT);
                sql.trimAttempts.executeUpdate();
            }
            return null;
        });
    }

    private long insertAttempt(AttemptRecord attempt) throws SQLException {
        StateRows.bindAttempt(sql.insertAttempt, attempt);
        try (ResultSet rs = sql.insertAttempt.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    @Override
    public Map<String, RouteCounters> counters() {
        return locked("read the counters", () -> {
            Map<String, RouteCounters> out = new HashMap<>();
            try (ResultSet rs = sql.selectCounters.executeQuery()) {
                while (rs.next()) {
                    RouteCounters c = StateRows.readCounters(rs);
                    out.put(c.routeId(), c);
                }
            }
            return out;
        });
    }

    @Override
    public BreakerState breaker(String routeId) {
        Objects.requireNonNull(routeId, "routeId");
        return locked("read the breaker of " + routeId, () -> readBreaker(routeId));
    }

    private BreakerState readBreaker(String routeId) throws SQLException {
        sql.selectBreaker.setString(1, routeId);
        try (ResultSet rs = sql.selectBreaker.executeQuery()) {
            return rs.next() ? StateRows.readBreaker(rs) : BreakerState.closed(routeId);
        }
    }

    @Override
    public Map<String, BreakerState> breakers() {
        return locked("read the breakers", () -> {
            Map<String, BreakerState> out = new HashMap<>();
            try (ResultSet rs = sql.selectBreakers.executeQuery()) {
                while (rs.next()) {
                    BreakerState b = StateRows.readBreaker(rs);
                    out.put(b.routeId(), b);
                }
            }
            return out;
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>The transition runs inside the transaction, under this store's lock: keep it short and do
     * not call back into the store. It sets {@code updatedAt} itself (the store keeps no clock).
     * Instants are stored in milliseconds; the returned state is what a later read returns.
     *
     * @throws IllegalArgumentException when the transition returns another route's state
     */
    @Override
    public BreakerState updateBreaker(String routeId, UnaryOperator<BreakerState> transition) {
        Objects.requireNonNull(routeId, "routeId");
        Objects.requireNonNull(transition, "transition");
        return inTransaction("update the breaker of " + routeId, () -> {
            BreakerState current = readBreaker(routeId);
            BreakerState next = Objects.requireNonNull(transition.apply(current), "transition result");
            if (!next.routeId().equals(routeId)) {
                throw new IllegalArgumentException("The breaker transition for " + routeId
                        + " returned the state of " + next.routeId());
            }
            BreakerState stored = StateRows.asStored(next);
            if (stored.equals(current)) {
                return current;
            }
            StateRows.bindBreaker(sql.upsertBreaker, stored);
            sql.upsertBreaker.executeUpdate();
            return stored;
        });
    }

    @Override
    public void saveQuota(String routeId, QuotaObservation observation) {
        Objects.requireNonNull(routeId, "routeId");
        Objects.requireNonNull(observation, "observation");
        locked("save the quota of " + routeId, () -> {
            StateRows.bindQuota(sql.upsertQuota, routeId, observation);
            sql.upsertQuota.executeUpdate();
            return null;
        });
    }

    @Override
    public Optional<QuotaObservation> quota(String routeId) {
        Objects.requireNonNull(routeId, "routeId");
        return locked("read the quota of " + routeId, () -> {
            sql.selectQuota.setString(1, routeId);
            try (ResultSet rs = sql.selectQuota.executeQuery()) {
                return rs.next() ? Optional.of(StateRows.readQuota(rs)) : Optional.empty();
            }
        });
    }

    @Override
    public Map<String, QuotaObservation> quotas() {
        return locked("read the quotas", () -> {
            Map<String, QuotaObservation> out = new HashMap<>();
            try (ResultSet rs = sql.selectQuotas.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString("route_id"), StateRows.readQuota(rs));
                }
            }
            return out;
        });
    }

    /** {@inheritDoc} Ordered by end time, then by insertion; {@code limit} is capped at {@link #HISTORY_LIMIT}. */
    @Override
    public List<AttemptRecord> recentAttempts(int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return locked("read the attempt history", () -> {
            List<AttemptRecord> out = new ArrayList<>();
            sql.selectRecentAttempts.setInt(1, Math.min(limit, HISTORY_LIMIT));
            try (ResultSet rs = sql.selectRecentAttempts.executeQuery()) {
                while (rs.next()) {
                    out.add(StateRows.readAttempt(rs));
                }
            }
            return out;
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>Slots of dead owners are dropped first, outside the transaction (dropping them is
     * idempotent, and asking the OS about other processes should not hold the write lock); the
     * count and the insert then run in one IMMEDIATE transaction. Owners seen alive within the
     * last second are not asked again, unless the route turns out full: then every owner is
     * checked afresh, so a slot of a killed process is never refused.
     */
    @Override
    public SlotClaim tryAcquireSlot(String routeId, int cap) {
        Objects.requireNonNull(routeId, "routeId");
        if (cap < 1) {
            throw new IllegalArgumentException("cap must be at least 1, was " + cap);
        }
        return locked("take a dispatch slot of " + routeId, () -> {
            sql.selectLeaseOwners.setString(1, routeId);
            dropDeadOwners(sql.selectLeaseOwners, false);
            SlotClaim claim = claimSlot(routeId, cap);
            if (claim instanceof SlotClaim.Full && dropDeadOwners(sql.selectLeaseOwners, true)) {
                claim = claimSlot(routeId, cap);
            }
            return claim;
        });
    }

    /** Counts the route's slots and takes one when below the cap, in one IMMEDIATE transaction. */
    private SlotClaim claimSlot(String routeId, int cap) {
        return inTransaction("take a dispatch slot of " + routeId, () -> {
            sql.countLeases.setString(1, routeId);
            int inUse;
            try (ResultSet rs = sql.countLeases.executeQuery()) {
                inUse = rs.next() ? rs.getInt(1) : 0;
            }
            if (inUse >= cap) {
                return new SlotClaim.Full(inUse, cap);
            }
            ProcessIdentity me = ProcessIdentity.current();
            PreparedStatement ins = sql.insertLease;
            ins.setString(1, routeId);
            ins.setLong(2, me.pid());
            StateRows.setNullableLong(ins, 3, me.startMillis());
            ins.setLong(4, System.currentTimeMillis());
            try (ResultSet rs = ins.executeQuery()) {
                rs.next();
                return new SlotClaim.Granted(new DispatchLease(routeId, rs.getLong(1)));
            }
        });
    }

    /**
     * Deletes the leases of every owner {@code owners} lists that is no longer alive; {@code fresh}
     * asks the OS about each even if it was seen alive just now. Returns whether any was dropped.
     */
    private boolean dropDeadOwners(PreparedStatement owners, boolean fresh) throws SQLException {
        List<ProcessIdentity> dead = new ArrayList<>();
        try (ResultSet rs = owners.executeQuery()) {
            while (rs.next()) {
                long pid = rs.getLong(1);
                long start = rs.getLong(2);
                ProcessIdentity owner = ProcessIdentity.fromRow(pid, start, rs.wasNull());
                if (!owner.isAlive(fresh)) {
                    dead.add(owner);
                }
            }
        }
        for (ProcessIdentity owner : dead) {
            sql.deleteOwnerLeases.setLong(1, owner.pid());
            StateRows.setNullableLong(sql.deleteOwnerLeases, 2, owner.startMillis());
            int n = sql.deleteOwnerLeases.executeUpdate();
            LOG.info("Reclaimed {} dispatch slot(s) of harness-router process {}, which is gone", n, owner.pid());
        }
        return !dead.isEmpty();
    }

    @Override
    public void releaseSlot(DispatchLease lease) {
        Objects.requireNonNull(lease, "lease");
        locked("release a dispatch slot of " + lease.routeId(), () -> {
            sql.deleteLease.setLong(1, lease.id());
            sql.deleteLease.executeUpdate();
            return null;
        });
    }

    @Override
    public Map<String, Integer> slotsInUse() {
        return locked("count the dispatch slots in use", () -> {
            dropDeadOwners(sql.selectAllLeaseOwners, false);
            Map<String, Integer> out = new HashMap<>();
            try (ResultSet rs = sql.countAllLeases.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getInt(2));
                }
            }
            return out;
        });
    }

    @Override
    public void recordChild(ChildRecord child) {
        Objects.requireNonNull(child, "child");
        locked("record child process " + child.child().pid(), () -> {
            StateRows.bindChild(sql.upsertChild, child);
            sql.upsertChild.executeUpdate();
            return null;
        });
    }

    @Override
    public void forgetChild(ProcessIdentity child) {
        Objects.requireNonNull(child, "child");
        if (child.start().isEmpty()) {
            return;
        }
        locked("forget child process " + child.pid(), () -> {
            sql.deleteChild.setLong(1, child.pid());
            sql.deleteChild.setLong(2, child.startMillis());
            sql.deleteChild.executeUpdate();
            return null;
        });
    }

    @Override
    public List<ChildRecord> children() {
        return locked("read the child process ledger", () -> {
            List<ChildRecord> out = new ArrayList<>();
            try (ResultSet rs = sql.selectChildren.executeQuery()) {
                while (rs.next()) {
                    out.add(StateRows.readChild(rs));
                }
            }
            return out;
        });
    }

    @Override
    public void addUsage(String routeId, Instant at, Usage delta) {
        Objects.requireNonNull(routeId, "routeId");
        long minute = at.toEpochMilli() / MINUTE_MS;
        inTransaction("count the usage of " + routeId, () -> {
            PreparedStatement add = sql.addUsage;
            add.setString(1, routeId);
            add.setLong(2, minute);
            add.setLong(3, delta.requests());
            add.setLong(4, delta.inputTokens());
            add.setLong(5, delta.outputTokens());
            add.setLong(6, Math.round(delta.usd() * 1_000_000));
            add.executeUpdate();
            if (minute - lastUsagePrune > 60) {
                sql.pruneUsage.setLong(1, minute - USAGE_RETENTION.toMinutes());
                sql.pruneUsage.executeUpdate();
                lastUsagePrune = minute;
            }
            return null;
        });
    }

    @Override
    public Usage usage(String routeId, Instant from) {
        Objects.requireNonNull(routeId, "routeId");
        return locked("read the usage of " + routeId, () -> {
            sql.selectUsage.setString(1, routeId);
            sql.selectUsage.setLong(2, from.toEpochMilli() / MINUTE_MS);
            try (ResultSet rs = sql.selectUsage.executeQuery()) {
                if (!rs.next() || rs.getObject(5) == null) {
                    return Usage.NONE;
                }
                return new Usage(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4) / 1_000_000.0,
                        Optional.of(Instant.ofEpochMilli(rs.getLong(5) * MINUTE_MS)));
            }
        });
    }

    @Override
    public List<UsageRow> usageRows(Instant from) {
        return locked("read the usage", () -> {
            sql.selectUsageRows.setLong(1, from.toEpochMilli() / MINUTE_MS);
            List<UsageRow> out = new ArrayList<>();
            try (ResultSet rs = sql.selectUsageRows.executeQuery()) {
                while (rs.next()) {
                    Instant minute = Instant.ofEpochMilli(rs.getLong(2) * MINUTE_MS);
                    out.add(new UsageRow(rs.getString(1), minute, new Usage(rs.getLong(3), rs.getLong(4),
                            rs.getLong(5), rs.getLong(6) / 1_000_000.0, Optional.of(minute))));
                }
            }
            return out;
        });
    }

    @Override
    public void saveLearnedLimit(LearnedLimit limit) {
        Objects.requireNonNull(limit, "limit");
        locked("save the learned limit of " + limit.scope(), () -> {
            sql.upsertLearned.setString(1, limit.scope());
            sql.upsertLearned.setLong(2, limit.requests());
            sql.upsertLearned.setLong(3, limit.period().toMillis());
            sql.upsertLearned.setLong(4, limit.learnedAt().toEpochMilli());
            sql.upsertLearned.executeUpdate();
            return null;
        });
    }

    @Override
    public Map<String, LearnedLimit> learnedLimits() {
        return locked("read the learned limits", () -> {
            Map<String, LearnedLimit> out = new HashMap<>();
            try (ResultSet rs = sql.selectLearned.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new LearnedLimit(rs.getString(1), rs.getLong(2),
                            Duration.ofMillis(rs.getLong(3)), Instant.ofEpochMilli(rs.getLong(4))));
                }
            }
            return out;
        });
    }

    /** {@inheritDoc} Trimmed to the newest {@link #DECISION_LIMIT} every {@link #TRIM_EVERY} rows. */
    @Override
    public void recordDecision(DecisionRecord decision) {
        Objects.requireNonNull(decision, "decision");
        locked("record the decision of request " + decision.requestId(), () -> {
            DecisionRows.bind(sql.insertDecision, decision);
            long id;
            try (ResultSet rs = sql.insertDecision.executeQuery()) {
                id = rs.next() ? rs.getLong(1) : 0;
            }
            if (id % TRIM_EVERY == 0) {
                sql.trimDecisions.setLong(1, id - DECISION_LIMIT);
                sql.trimDecisions.executeUpdate();
            }
            return null;
        });
    }

    /** {@inheritDoc} Ordered by end time, then by insertion. */
    @Override
    public List<DecisionRecord> recentDecisions(int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return locked("read the decision history", () -> {
            List<DecisionRecord> out = new ArrayList<>();
            sql.selectRecentDecisions.setInt(1, Math.min(limit, DECISION_LIMIT));
            try (ResultSet rs = sql.selectRecentDecisions.executeQuery()) {
                while (rs.next()) {
                    out.add(DecisionRows.read(rs));
                }
            }
            return out;
        });
    }

    /** Closes the connection. Idempotent; later calls to other methods throw {@link StateException}. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            sql.close();
            closeQuietly(connection);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "SqliteStateStore[" + file + "]";
    }

    /** Work run on the connection; may throw SQLException, which the store wraps. */
    @FunctionalInterface
    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    private <T> T locked(String action, SqlWork<T> work) {
        lock.lock();
        try {
            if (closed) {
                throw SqliteErrors.closed(file);
            }
            return work.run();
        } catch (SQLException e) {
            throw SqliteErrors.wrap(file, action, e);
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code work} in a BEGIN IMMEDIATE transaction; rolls back when it throws. */
    private <T> T inTransaction(String action, SqlWork<T> work) {
        return locked(action, () -> {
            sql.begin.executeUpdate();
            boolean committed = false;
            try {
                T result = work.run();
                sql.commit.executeUpdate();
                committed = true;
                return result;
            } finally {
                if (!committed) {
                    rollbackQuietly();
                }
            }
        });
    }

    private void rollbackQuietly() {
        try {
            sql.rollback.executeUpdate();
        } catch (SQLException e) {
            // SQLite already rolled back on some errors (disk full, I/O); nothing left to undo.
            LOG.debug("Rollback on {} failed: {}", file, e.toString());
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("Closing the state database connection failed: {}", e.toString());
        }
    }
}
