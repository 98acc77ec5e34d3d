package io.harnessrouter.host.routing;

import io.harnessrouter.host.state.BreakerState;
import io.harnessrouter.host.state.MemoryStateStore;
import io.harnessrouter.host.state.StateException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The in-memory store for routing tests: counts breaker writes so tests can prove the hot path
 * writes nothing, and can be switched to fail every call like a locked or vanished file.
 */
public final class InMemoryStateStore extends MemoryStateStore {
    private final AtomicInteger breakerWrites = new AtomicInteger();
    private volatile boolean failing;

    /** Breaker rows written so far (transitions that changed the state). */
    public int breakerWrites() {
        return breakerWrites.get();
    }

    /** From now on every call throws {@link StateException}, like a locked or vanished file. */
    public void failEveryCall() {
        failing = true;
    }

    /** Sets a breaker row directly, as another process would have written it (not counted). */
    public void putBreaker(BreakerState state) {
        super.updateBreaker(state.routeId(), s -> state);
    }

    @Override
    public BreakerState updateBreaker(String routeId, UnaryOperator<BreakerState> transition) {
        AtomicBoolean changed = new AtomicBoolean();
        BreakerState written = super.updateBreaker(routeId, s -> {
            BreakerState next = transition.apply(s);
            changed.set(!(next == s || next.equals(s)));
            return next;
        });
        if (changed.get()) {
            breakerWrites.incrementAndGet();
        }
        return written;
    }

    @Override
    protected void check() {
        super.check();
        if (failing) {
            throw new StateException("state file /tmp/state.db is locked by another process");
        }
    }
}
