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
        ConcurrencyLimiter.Claim held = limiter.tryAcquire(route);
        CompletableFuture.runAsync(() -> {
            sleep(50);
            limiter.release(held);
        });

        long start = System.nanoTime();
        assertTrue(limiter.await(1000, System.nanoTime() + TimeUnit.SECONDS.toNanos(10)));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertTrue(ms < ConcurrencyLimiter.MAX_POLL_MILLIS - 100, "woke after " + ms + " ms");
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
