package io.harnessrouter.host.state;

import io.harnessrouter.api.QuotaObservation;
import io.harnessrouter.host.quota.LearnedLimit;
import io.harnessrouter.host.quota.Usage;
import java.time.Instant;
import java.util.TreeMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * A {@link StateStore} in this process's memory: the fallback when the state database cannot be
 * opened (routing goes on, but counters, breakers and quota are neither shared with other
 * processes nor kept after exit), and the store of in-process tests.
 *
 * <p>Thread-safe: one lock makes every call atomic, as the SQLite store's transactions are
 * across processes.
 */
public class MemoryStateStore implements StateStore {

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, RouteCounters> counters = new HashMap<>();
    private final Map<String, BreakerState> breakers = new HashMap<>();
    private final Map<String, QuotaObservation> quotas = new HashMap<>();
    private final Deque<AttemptRecord> history = new ArrayDeque<>();
    private final Deque<DecisionRecord> decisions = new ArrayDeque<>();
    private final Map<String, Set<Long>> leases = new HashMap<>();
    private final Map<ProcessIdentity, ChildRecord> children = new LinkedHashMap<>();
    /** Usage per route, per minute (epoch minutes). */
    private final Map<String, TreeMap<Long, Usage>> usage = new HashMap<>();
    private final Map<String, LearnedLimit> learned = new HashMap<>();
    private long nextLease = 1;
    private boolean closed;

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
    public void recordDecision(DecisionRecord decision) {
        java.util.Objects.requireNonNull(decision, "decision");
        lock.lock();
        try {
            check();
            decisions.addFirst(decision);
            while (decisions.size() > DECISION_LIMIT) {
                decisions.removeLast();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<DecisionRecord> recentDecisions(int limit) {
        lock.lock();
        try {
            check();
            return List.copyOf(new ArrayList<>(decisions).subList(0, Math.max(0, Math.min(limit, decisions.size()))));
        } finally {
            lock.unlock();
        }
    }

    /** {@inheritDoc} Every slot belongs to this process, so there are no dead owners to drop. */
    @Override
    public SlotClaim tryAcquireSlot(String routeId, int cap) {
        if (cap < 1) {
            throw new IllegalArgumentException("cap must be at least 1, was " + cap);
        }
        lock.lock();
        try {
            check();
            Set<Long> held = leases.computeIfAbsent(routeId, k -> new HashSet<>());
            if (held.size() >= cap) {
                return new SlotClaim.Full(held.size(), cap);
            }
            long id = nextLease++;
            held.add(id);
            return new SlotClaim.Granted(new DispatchLease(routeId, id));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void releaseSlot(DispatchLease lease) {
        lock.lock();
        try {
            check();
            Set<Long> held = leases.get(lease.routeId());
            if (held != null && held.remove(lease.id()) && held.isEmpty()) {
                leases.remove(lease.routeId());
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Map<String, Integer> slotsInUse() {
        lock.lock();
        try {
            check();
            Map<String, Integer> out = new HashMap<>();
            leases.forEach((route, held) -> out.put(route, held.size()));
            return Map.copyOf(out);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void recordChild(ChildRecord child) {
        lock.lock();
        try {
            check();
            children.put(child.child(), child);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void forgetChild(ProcessIdentity child) {
        lock.lock();
        try {
            check();
            children.remove(child);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<ChildRecord> children() {
        lock.lock();
        try {
            check();
            return List.copyOf(children.values());
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

    /** Called at the start of every operation, under the lock; throws when the store is closed. */
    protected void check() {
        if (closed) {
            throw new StateException("in-memory state store is closed");
        }
    }

    @Override
    public void addUsage(String routeId, Instant at, Usage delta) {
        lock.lock();
        try {
            check();
            long minute = at.toEpochMilli() / 60_000;
            usage.computeIfAbsent(routeId, k -> new TreeMap<>()).merge(minute,
                    new Usage(delta.requests(), delta.inputTokens(), delta.outputTokens(), delta.usd(),
                            Optional.of(Instant.ofEpochMilli(minute * 60_000))),
                    (a, b) -> new Usage(a.requests() + b.requests(), a.inputTokens() + b.inputTokens(),
                            a.outputTokens() + b.outputTokens(), a.usd() + b.usd(), a.oldest()));
            long cutoff = minute - USAGE_RETENTION.toMinutes();
            usage.values().forEach(m -> m.headMap(cutoff).clear());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Usage usage(String routeId, Instant from) {
        lock.lock();
        try {
            check();
            TreeMap<Long, Usage> minutes = usage.get(routeId);
            if (minutes == null) {
                return Usage.NONE;
            }
            Map<Long, Usage> span = minutes.tailMap(from.toEpochMilli() / 60_000, true);
            if (span.isEmpty()) {
                return Usage.NONE;
            }
            long requests = 0;
            long in = 0;
            long out = 0;
            double usd = 0;
            for (Usage u : span.values()) {
                requests += u.requests();
                in += u.inputTokens();
                out += u.outputTokens();
                usd += u.usd();
            }
            return new Usage(requests, in, out, usd, span.values().iterator().next().oldest());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<UsageRow> usageRows(Instant from) {
        lock.lock();
        try {
            check();
            List<UsageRow> rows = new ArrayList<>();
            usage.forEach((route, minutes) -> minutes.tailMap(from.toEpochMilli() / 60_000, true)
                    .forEach((minute, u) -> rows.add(new UsageRow(route, Instant.ofEpochMilli(minute * 60_000), u))));
            rows.sort(java.util.Comparator.comparing(UsageRow::minute).thenComparing(UsageRow::routeId));
            return rows;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void saveLearnedLimit(LearnedLimit limit) {
        lock.lock();
        try {
            check();
            learned.put(limit.scope(), limit);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Map<String, LearnedLimit> learnedLimits() {
        lock.lock();
        try {
            check();
            return Map.copyOf(learned);
        } finally {
            lock.unlock();
        }
    }
}
