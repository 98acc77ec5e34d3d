package io.harnessrouter.host.routing;

import io.harnessrouter.api.QuotaObservation;
import io.harnessrouter.host.quota.LearnedLimit;
import io.harnessrouter.host.quota.Usage;
import java.time.Instant;
import io.harnessrouter.host.state.AttemptRecord;
import io.harnessrouter.host.state.BreakerState;
import io.harnessrouter.host.state.DispatchLease;
import io.harnessrouter.host.state.SlotClaim;
import io.harnessrouter.host.state.StateStore;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's view of the {@link StateStore}: the same calls, but a failing store (locked file,
 * full disk, closed connection) is logged and treated as "no state" instead of failing the call.
 * Routing keeps working without shared state; breakers then read as closed and quotas as unknown.
 *
 * <p>Thread-safety: as safe as the wrapped store.
 */
final class GuardedStore {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedStore.class);

    private final StateStore store;

    GuardedStore(StateStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    Map<String, QuotaObservation> quotas() {
        try {
            return store.quotas();
        } catch (RuntimeException e) {
            warn("reading quotas", "*", e);
            return Map.of();
        }
    }

    Map<String, BreakerState> breakers() {
        try {
            return store.breakers();
        } catch (RuntimeException e) {
            warn("reading breakers", "*", e);
            return Map.of();
        }
    }

    BreakerState breaker(String routeId) {
        try {
            return store.breaker(routeId);
        } catch (RuntimeException e) {
            warn("reading the breaker", routeId, e);
            return BreakerState.closed(routeId);
        }
    }

    /** Applies the transition; on a store failure returns a closed breaker so routing goes on. */
    BreakerState updateBreaker(String routeId, UnaryOperator<BreakerState> transition) {
        try {
            return store.updateBreaker(routeId, transition);
        } catch (RuntimeException e) {
            warn("updating the breaker", routeId, e);
            return BreakerState.closed(routeId);
        }
    }

    void recordAttempt(AttemptRecord attempt) {
        try {
            store.recordAttempt(attempt);
        } catch (RuntimeException e) {
            warn("recording an attempt", attempt.routeId(), e);
        }
    }

    void saveQuota(String routeId, QuotaObservation observation) {
        try {
            store.saveQuota(routeId, observation);
        } catch (RuntimeException e) {
            warn("saving the quota", routeId, e);
        }
    }

    /** Takes a dispatch slot; empty when the store failed, and the call then goes on uncapped. */
    Optional<SlotClaim> tryAcquireSlot(String routeId, int cap) {
        try {
            return Optional.of(store.tryAcquireSlot(routeId, cap));
        } catch (RuntimeException e) {
            warn("taking a dispatch slot (the concurrency cap is not enforced for this call)", routeId, e);
            return Optional.empty();
        }
    }

    void releaseSlot(DispatchLease lease) {
        try {
            store.releaseSlot(lease);
        } catch (RuntimeException e) {
            warn("releasing a dispatch slot", lease.routeId(), e);
        }
    }

    void addUsage(String routeId, Instant at, Usage delta) {
        try {
            store.addUsage(routeId, at, delta);
        } catch (RuntimeException e) {
            warn("counting usage", routeId, e);
        }
    }

    /** The route's usage; none when the store failed (the route then reads as having headroom). */
    Usage usage(String routeId, Instant from) {
        try {
            return store.usage(routeId, from);
        } catch (RuntimeException e) {
            warn("reading usage", routeId, e);
            return Usage.NONE;
        }
    }

    Map<String, LearnedLimit> learnedLimits() {
        try {
            return store.learnedLimits();
        } catch (RuntimeException e) {
            warn("reading learned limits", "*", e);
            return Map.of();
        }
    }

    void saveLearnedLimit(LearnedLimit limit) {
        try {
            store.saveLearnedLimit(limit);
        } catch (RuntimeException e) {
            warn("saving a learned limit", limit.scope(), e);
        }
    }

    private static void warn(String action, String routeId, RuntimeException e) {
        LOG.warn("State store failed while {} for route {}; routing continues without it: {}",
                action, routeId, e.toString());
        LOG.debug("State store failure", e);
    }
}
