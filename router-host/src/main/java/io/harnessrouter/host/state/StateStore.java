package io.harnessrouter.host.state;

import io.harnessrouter.api.QuotaObservation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The state every server process on the machine shares: per-route counters, circuit breakers,
 * the latest quota observation per route and a bounded history of attempts. The default
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

    /** How many attempts the history keeps. */
    int HISTORY_LIMIT = 1000;

    /** Releases the connection. Later calls fail with {@link StateException}. */
    @Override
    void close();
}
