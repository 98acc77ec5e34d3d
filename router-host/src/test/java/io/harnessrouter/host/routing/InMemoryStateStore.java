package io.harnessrouter.host.routing;

import io.harnessrouter.api.QuotaObservation;
import io.harnessrouter.host.state.AttemptRecord;
import io.harnessrouter.host.state.BreakerState;
import io.harnessrouter.host.state.RouteCounters;
import io.harnessrouter.host.state.StateException;
import io.harnessrouter.host.state.StateStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * A faithful in-memory {@link StateStore} for routing tests: one lock makes every call atomic, as
 * the SQLite store's transactions are across processes. Counts breaker writes so tests can prove
 * the hot path writes nothing, and can be switched to fail every call.
 */
public final class InMemoryStateStore implements StateStore {

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, RouteCounters> counters = new HashMap<>();
    private final Map<String, BreakerState> breakers = new HashMap<>();
    private final Map<String, QuotaObservation> quotas = new HashMap<>();
    private final Deque<AttemptRecord> history = new ArrayDeque<>();
    private final AtomicInteger breakerWrites = new AtomicInteger();
    private volatile boolean failing;
    private boolean closed;

    /** Breaker rows written so far (transitions that changed the state). */
    public int breakerWrites() {
        return breakerWrites.get();
    }

    /** From now on every call throws {@link StateException}, like a locked or vanished file. */
    public void failEveryCall() {
        failing = true;
    }

    /** Sets a breaker row directly, as another process would have written it. */
    public void putBreaker(BreakerState state) {
        lock.lock();
        try {
            breakers.put(state.routeId(), state);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void recordAttempt(AttemptRecord a) {
        lock.lock();
        try {
            check();
            RouteCounters c = counters.getOrDefault(a.routeId(), RouteCounters.zero(a.routeId()));
            counters.put(a.routeId(), new RouteCounters(a.routeId(), c.calls() + 1,
                    c.successes() + (a.success() ? 1 : 0), c.failures() + (a.success() ? 0 : 1),
                    c.rateLimits() + (a.kind().isCapacity() ? 1 : 0)));
            history.addFirst(a);
            while (history.size() > HISTORY_LIMIT) {
                history.removeLast();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Map<String, RouteCounters> counters() {
        lock.lock();
        try {
            check();
            return Map.copyOf(counters);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public BreakerState breaker(String routeId) {
        lock.lock();
        try {
            check();
            return breakers.getOrDefault(routeId, BreakerState.closed(routeId));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Map<String, BreakerState> breakers() {
        lock.lock();
        try {
            check();
            return Map.copyOf(breakers);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public BreakerState updateBreaker(String routeId, UnaryOperator<BreakerState> transition) {
        lock.lock();
        try {
            check();
            BreakerState current = breakers.getOrDefault(routeId, BreakerState.closed(routeId));
            BreakerState next = transition.apply(current);
            if (next == current || next.equals(current)) {
                return current;
            }
            breakers.put(routeId, next);
            breakerWrites.incrementAndGet();
            return next;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void saveQuota(String routeId, QuotaObservation observation) {
        lock.lock();
        try {
            check();
            quotas.put(routeId, observation);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<QuotaObservation> quota(String routeId) {
        lock.lock();
        try {
            check();
            return Optional.ofNullable(quotas.get(routeId));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Map<String, QuotaObservation> quotas() {
        lock.lock();
        try {
            check();
            return Map.copyOf(quotas);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<AttemptRecord> recentAttempts(int limit) {
        lock.lock();
        try {
            check();
            return new ArrayList<>(history).subList(0, Math.min(limit, history.size()));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    private void check() {
        if (closed) {
            throw new StateException("in-memory state store is closed");
        }
        if (failing) {
            throw new StateException("state file /tmp/state.db is locked by another process");
        }
    }
}
