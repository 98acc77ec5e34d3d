package io.harnessrouter.host.state;

import io.harnessrouter.api.QuotaObservation;
import io.harnessrouter.host.quota.LearnedLimit;
import io.harnessrouter.host.quota.Usage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The state every server process on the machine shares: per-route counters, circuit breakers,
 * the latest quota observation per route, a bounded history of attempts, the dispatch slots of
 * the per-route concurrency cap and the ledger of running child processes. The default
 * implementation is {@link SqliteStateStore} (one SQLite file in WAL mode); the interface lets a
 * shared server database replace it when a team outgrows one machine.
 *
 * <p>Thread-safety: implementations are safe for concurrent use from many threads and many
 * processes. Counter updates are additive, so no update is lost under contention;
 * {@link #updateBreaker} is atomic across processes.
 */
public interface StateStore extends AutoCloseable {

    /**
     * Records one finished attempt: adds it to the route's counters and appends it to the history
     * (which keeps the newest {@link #HISTORY_LIMIT} rows). One transaction.
     */
    void recordAttempt(AttemptRecord attempt);

    /** Counters of every route that has any, keyed by route id. */
    Map<String, RouteCounters> counters();

    /** The breaker of one route; a closed, zeroed state when the route has no row. */
    BreakerState breaker(String routeId);

    /** Every breaker row, keyed by route id. */
    Map<String, BreakerState> breakers();

    /**
     * Reads the route's breaker, applies {@code transition} and writes the result, atomically with
     * respect to every other process (an IMMEDIATE transaction). Returns the state written. When
     * the transition returns its argument unchanged nothing is written.
     */
    BreakerState updateBreaker(String routeId, UnaryOperator<BreakerState> transition);

    /** Stores the route's latest quota observation, replacing the previous one. */
    void saveQuota(String routeId, QuotaObservation observation);

    /** The route's latest quota observation. */
    Optional<QuotaObservation> quota(String routeId);

    /** Every stored quota observation, keyed by route id. */
    Map<String, QuotaObservation> quotas();

    /** The newest attempts first, at most {@code limit}. */
    List<AttemptRecord> recentAttempts(int limit);

    /**
     * Takes one of the route's {@code cap} dispatch slots, counted across every process sharing
     * the state: atomically with respect to them (an IMMEDIATE transaction), after dropping the
     * slots of processes that are gone (pid gone, or pid reused: start instant differs).
     *
     * @param cap slots the route may have in use at once, at least 1
     * @return {@link SlotClaim.Granted} with the lease to release, or {@link SlotClaim.Full}
     */
    SlotClaim tryAcquireSlot(String routeId, int cap);

    /** Gives a slot back. Idempotent; a lease that was already reclaimed is ignored. */
    void releaseSlot(DispatchLease lease);

    /** Slots in use per route, held by live processes; routes with none are absent. */
    Map<String, Integer> slotsInUse();

    /** Records a running child process (replacing a row for the same pid and start instant). */
    void recordChild(ChildRecord child);

    /** Forgets a child process; a row that is not there is ignored. */
    void forgetChild(ProcessIdentity child);

    /** Every recorded child process, of every owner. */
    List<ChildRecord> children();

    /**
     * Adds one attempt's usage to the route's minute at {@code at}: additive, so concurrent
     * processes never lose a count. A negative {@code delta.requests()} takes back a request
     * counted when a dispatch started that the provider then refused. Usage older than
     * {@link #USAGE_RETENTION} is pruned now and then.
     */
    void addUsage(String routeId, Instant at, Usage delta);

    /** The route's usage from {@code from} (its minute included) on; {@link Usage#NONE} when none. */
    Usage usage(String routeId, Instant from);

    /** Every route's usage per minute from {@code from} on, oldest first, for reports. */
    List<UsageRow> usageRows(Instant from);

    /** Stores a learned limit, replacing the scope's previous one. */
    void saveLearnedLimit(LearnedLimit limit);

    /** Every learned limit, keyed by scope. */
    Map<String, LearnedLimit> learnedLimits();

    /**
     * Appends one call's decision to the decision history (which keeps the newest
     * {@link #DECISION_LIMIT}), for {@code harness-router why}.
     */
    void recordDecision(DecisionRecord decision);

    /** The newest decisions first, at most {@code limit} (and at most {@link #DECISION_LIMIT}). */
    List<DecisionRecord> recentDecisions(int limit);

    /** How many decisions the history keeps. */
    int DECISION_LIMIT = 1000;

    /** How long per-minute usage is kept: longer than the longest window (a month) plus a day. */
    java.time.Duration USAGE_RETENTION = java.time.Duration.ofDays(35);

    /** How many attempts the history keeps. */
    int HISTORY_LIMIT = 1000;

    /** Releases the connection. Later calls fail with {@link StateException}. */
    @Override
    void close();
}
