package io.harnessrouter.host.routing;

import io.harnessrouter.host.config.RoutingSettings;
import io.harnessrouter.host.state.DispatchLease;
import io.harnessrouter.host.state.SlotClaim;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The per-route cap on dispatches in flight, counted across every process through the state
 * store's slots ({@code max_concurrent}, else {@code max_concurrent_subscription} /
 * {@code max_concurrent_metered}). A caller takes a slot before it dispatches and releases it when
 * the dispatch ended; a caller that finds every remaining route full waits in {@link #await}:
 * woken at once by a release in this process, and polling with a growing backoff
 * ({@value #FIRST_POLL_MILLIS} ms doubling to {@value #MAX_POLL_MILLIS} ms) for releases in other
 * processes.
 *
 * <p>Thread-safety: safe for concurrent use; one per Router.
 */
final class ConcurrencyLimiter {

    /** Start of the skip detail of a route passed over at its cap; {@link #isCapSkip} reads it. */
    static final String AT_CAP = "at its concurrency cap";

    static final long FIRST_POLL_MILLIS = 5;
    static final long MAX_POLL_MILLIS = 250;

    private final GuardedStore store;
    private final RoutingSettings settings;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private long releases;

    ConcurrencyLimiter(GuardedStore store, RoutingSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    /** The route's cap: its own {@code max_concurrent}, else its tier's default. */
    int capOf(RouteEntry entry) {
        return entry.maxConcurrent().orElse(settings.maxConcurrent(entry.spec().tier()));
    }

    /**
     * Takes a slot of the route. Empty means the route is full ({@code full} tells how full);
     * a failing store grants a slot without a lease, so routing goes on uncapped.
     */
    Claim tryAcquire(RouteEntry entry) {
        int cap = capOf(entry);
        Optional<SlotClaim> claim = store.tryAcquireSlot(entry.id(), cap);
        if (claim.isEmpty()) {
            return new Claim(Optional.empty(), Optional.empty());
        }
        if (claim.get() instanceof SlotClaim.Full full) {
            return new Claim(Optional.empty(), Optional.of(full));
        }
        return new Claim(Optional.of(((SlotClaim.Granted) claim.get()).lease()), Optional.empty());
    }

    /** Gives the slot back and wakes this process's waiters. */
    void release(Claim claim) {
        if (claim.lease().isEmpty()) {
            return;
        }
        store.releaseSlot(claim.lease().get());
        lock.lock();
        try {
            releases++;
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for a slot to be released somewhere: returns at a release in this process, or after
     * the backoff of poll number {@code poll} (0, 1, ...), or at {@code deadlineNanos}
     * ({@link System#nanoTime()} scale). Returns false when the deadline has passed.
     *
     * @throws InterruptedException when the caller is cancelled
     */
    boolean await(int poll, long deadlineNanos) throws InterruptedException {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        long backoff = TimeUnit.MILLISECONDS.toNanos(Math.min(MAX_POLL_MILLIS, FIRST_POLL_MILLIS << Math.min(poll, 10)));
        lock.lockInterruptibly();
        try {
            long seen = releases;
            long wait = Math.min(left, backoff);
            while (releases == seen && wait > 0) {
                wait = released.awaitNanos(wait);
            }
        } finally {
            lock.unlock();
        }
        return true;
    }

    /** The skip detail of a route at its cap: {@code at its concurrency cap (4/4 in use)}. */
    static String capDetail(SlotClaim.Full full) {
        return AT_CAP + " (" + full.inUse() + "/" + full.cap() + " in use)";
    }

    /** True for the trace line of a route passed over at its cap. */
    static boolean isCapSkip(Attempt a) {
        return a.status() == Attempt.Status.SKIPPED && !a.isNote() && a.detail().startsWith(AT_CAP);
    }

    /**
     * The outcome of {@link #tryAcquire}: a lease to release, or the route is full, or neither
     * (the store failed: dispatch uncapped).
     */
    record Claim(Optional<DispatchLease> lease, Optional<SlotClaim.Full> full) {
        boolean isFull() {
            return full.isPresent();
        }
    }
}
