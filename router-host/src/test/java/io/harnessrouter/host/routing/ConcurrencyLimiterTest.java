package io.harnessrouter.host.routing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.RouteSpec;
import io.harnessrouter.host.config.RoutingSettings;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrencyLimiterTest {

    private final InMemoryStateStore store = new InMemoryStateStore();
    private final ConcurrencyLimiter limiter = new ConcurrencyLimiter(new GuardedStore(store), RoutingSettings.DEFAULTS);
    private final RouteEntry route = new RouteEntry(RouteSpec.subscription("opus", "claude_code", "claude"), true,
            Optional.empty(), null, Optional.empty());

    @Test
    void aReleaseInThisProcessEndsAWaitLongBeforeItsPollBackoff() throws Exception {
        // The wait must end at the release, not at its 250 ms poll. On a loaded machine the
        // releasing thread itself may run late; such a round proves nothing and is run again.
        for (int round = 0; round < 10; round++) {
            ConcurrencyLimiter.Claim held = limiter.tryAcquire(route);
            long start = System.nanoTime();
            CompletableFuture<Long> releasedAt = CompletableFuture.supplyAsync(() -> {
                sleep(20);
                long at = System.nanoTime();
                limiter.release(held);
                return at;
            });

            assertTrue(limiter.await(1000, System.nanoTime() + TimeUnit.SECONDS.toNanos(10)));
            long woke = System.nanoTime();
            long releaseMs = TimeUnit.NANOSECONDS.toMillis(releasedAt.get() - start);
            if (releaseMs > ConcurrencyLimiter.MAX_POLL_MILLIS / 2) {
                continue;
            }
            long wokeMs = TimeUnit.NANOSECONDS.toMillis(woke - start);
            assertTrue(wokeMs < ConcurrencyLimiter.MAX_POLL_MILLIS,
                    "released at " + releaseMs + " ms but woke only after " + wokeMs + " ms (the poll)");
            return;
        }
        org.junit.jupiter.api.Assumptions.abort("the machine was too loaded to release within "
                + ConcurrencyLimiter.MAX_POLL_MILLIS / 2 + " ms in 10 rounds");
    }

    @Test
    void aWaitPastItsDeadlineReturnsFalseAtOnce() throws Exception {
        assertFalse(limiter.await(0, System.nanoTime() - 1));
    }

    @Test
    void aFailingStoreGrantsUncappedSoRoutingGoesOn() {
        store.failEveryCall();

        ConcurrencyLimiter.Claim claim = limiter.tryAcquire(route);

        assertFalse(claim.isFull());
        limiter.release(claim);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
