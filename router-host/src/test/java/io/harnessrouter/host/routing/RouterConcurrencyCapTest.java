package io.harnessrouter.host.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.host.config.RoutingSettings;
import io.harnessrouter.host.routing.Attempt.Status;
import io.harnessrouter.host.state.DispatchLease;
import io.harnessrouter.host.state.SlotClaim;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The per-route concurrency cap: a route at its cap is passed over, and when every route left is,
 * the call waits for a slot. Slots held "by another process" are taken straight from the store,
 * which is what a dispatch in another server looks like from here.
 */
class RouterConcurrencyCapTest {

    private static final String A = "opus::claude_code";
    private static final String B = "opus::codex";

    private final RoutingFixture f = new RoutingFixture();
    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        callers.shutdownNow();
        f.close();
    }

    private DispatchLease holdSlot(String routeId, int cap) {
        return assertInstanceOf(SlotClaim.Granted.class, f.store.tryAcquireSlot(routeId, cap)).lease();
    }

    @Test
    void aRouteAtItsCapIsPassedOverAndTheNextRouteAnswers() {
        FakeDispatcher a = f.subscription("opus", "claude_code");
        f.subscription("opus", "codex");
        f.priority("opus").maxConcurrent(A, 2);
        holdSlot(A, 2);
        holdSlot(A, 2);

        RouteOutcome out = f.router().route(RouteRequest.of("r", "p"), RouteListener.NONE);

        assertTrue(out.success());
        assertEquals(B, out.decision().orElseThrow().routeId());
        assertEquals(0, a.calls());
        assertEquals(List.of(Status.SKIPPED, Status.SUCCEEDED), out.attempts().stream().map(Attempt::status).toList());
        assertEquals("at its concurrency cap (2/2 in use)", out.attempts().get(0).detail());
        assertEquals(java.util.Map.of(A, 2), f.store.slotsInUse());
    }

    @Test
    void theSlotIsHeldDuringTheDispatchAndGivenBackAfterwardsEvenWhenItFails() {
        AtomicReference<java.util.Map<String, Integer>> during = new AtomicReference<>();
        f.subscription("opus", "claude_code").then(r -> {
            during.set(f.store.slotsInUse());
            throw new IllegalStateException("plugin bug");
        });
        f.priority("opus");

        f.router().route(RouteRequest.of("r", "p"), RouteListener.NONE);

        assertEquals(java.util.Map.of(A, 1), during.get());
        assertEquals(java.util.Map.of(), f.store.slotsInUse());
    }

    @Test
    void whenEveryRouteIsAtItsCapTheCallWaitsForASlotAndSaysHowLongItWaited() throws Exception {
        FakeDispatcher a = f.subscription("opus", "claude_code");
        f.priority("opus").maxConcurrent(A, 1);
        DispatchLease other = holdSlot(A, 1);
        callers.submit(() -> {
            Thread.sleep(300);
            f.store.releaseSlot(other);
            return null;
        });

        long start = System.nanoTime();
        RouteOutcome out = f.router().route(RouteRequest.of("r", "p"), RouteListener.NONE);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertTrue(out.success(), out.error());
        assertEquals(1, a.calls());
        assertTrue(ms >= 290 && ms < 2000, "answered after " + ms + " ms");
        assertEquals(3, out.attempts().size(), out.attempts().toString());
        assertEquals("at its concurrency cap (1/1 in use)", out.attempts().get(0).detail());
        Attempt note = out.attempts().get(1);
        assertTrue(note.isNote());
        assertTrue(Pattern.matches("every route left was at its concurrency cap \\(opus::claude_code 1/1\\); waited"
                + " 0\\.[3-9]\\d s for a free slot", note.detail()), note.detail());
        assertEquals(Status.SUCCEEDED, out.attempts().get(2).status());
    }

    @Test
    void aSlotFreedByAnotherCallInThisProcessWakesTheWaiterAtOnce() throws Exception {
        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        f.subscription("opus", "claude_code").then(r -> {
            first.countDown();
            await(finish);
            return DispatchResult.success("first").build();
        });
        f.priority("opus").maxConcurrent(A, 1);
        Router router = f.router();
        Future<RouteOutcome> one = callers.submit(() -> router.route(RouteRequest.of("r1", "p"), RouteListener.NONE));
        assertTrue(first.await(5, TimeUnit.SECONDS));
        Future<RouteOutcome> two = callers.submit(() -> router.route(RouteRequest.of("r2", "p"), RouteListener.NONE));
        Thread.sleep(1500); // long enough for the waiter's backoff to reach its 250 ms ceiling

        long released = System.nanoTime();
        finish.countDown();
        RouteOutcome second = two.get(5, TimeUnit.SECONDS);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - released);

        assertTrue(one.get().success() && second.success());
        assertTrue(ms < 60, "the waiter took " + ms + " ms to notice the free slot");
    }

    @Test
    void aWaitGivesUpAfterTheLongestTimeoutOfTheRoutesItWaitsFor() {
        f.subscription("opus", "claude_code");
        f.subscription("opus", "codex");
        f.priority("opus").maxConcurrent(A, 1).maxConcurrent(B, 1)
                .timeout(A, Duration.ofMillis(300)).timeout(B, Duration.ofSeconds(1));
        holdSlot(A, 1);
        holdSlot(B, 1);

        long start = System.nanoTime();
        RouteOutcome out = f.router().route(RouteRequest.of("r", "p"), RouteListener.NONE);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertFalse(out.success());
        assertTrue(ms >= 990 && ms < 3000, "gave up after " + ms + " ms");
        assertEquals(3, out.attempts().size(), out.attempts().toString());
        assertTrue(Pattern.matches("every route left stayed at its concurrency cap \\(opus::claude_code 1/1,"
                + " opus::codex 1/1\\); gave up after waiting 1\\.\\d\\d s \\(the longest timeout_seconds of those"
                + " routes is 1 s\\)", out.attempts().get(2).detail()), out.attempts().get(2).detail());
        assertTrue(out.error().startsWith("No available routes — every usable route stayed at its concurrency cap:"
                + " opus::claude_code (at its concurrency cap (1/1 in use)), opus::codex (at its concurrency cap"
                + " (1/1 in use))."), out.error());
        assertTrue(out.error().contains("Next: retry when calls in flight on opus::claude_code have finished, or"
                + " raise its max_concurrent"), out.error());
    }

    @Test
    void aCancelledCallStopsWaitingAtOnceAndKeepsTheInterrupt() throws Exception {
        FakeDispatcher a = f.subscription("opus", "claude_code");
        f.priority("opus").maxConcurrent(A, 1);
        holdSlot(A, 1);
        AtomicReference<Thread> caller = new AtomicReference<>();
        AtomicReference<Boolean> interrupted = new AtomicReference<>();
        Router router = f.router();
        Future<RouteOutcome> call = callers.submit(() -> {
            caller.set(Thread.currentThread());
            RouteOutcome out = router.route(RouteRequest.of("r", "p"), RouteListener.NONE);
            interrupted.set(Thread.currentThread().isInterrupted());
            return out;
        });
        Thread.sleep(300);

        long start = System.nanoTime();
        caller.get().interrupt();
        RouteOutcome out = call.get(5, TimeUnit.SECONDS);

        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 200);
        assertTrue(interrupted.get());
        assertEquals(0, a.calls());
        assertTrue(out.error().startsWith("Routing was cancelled before any route succeeded"), out.error());
        assertTrue(out.attempts().get(1).detail().startsWith("every route left was at its concurrency cap"),
                out.attempts().toString());
    }

    @Test
    void routesWithoutTheirOwnCapUseTheirTiersDefault() {
        FakeDispatcher cli = f.subscription("opus", "claude_code");
        f.metered("opus", "api.example.com");
        f.priority("opus");
        f.settings = new RoutingSettings(Duration.ofSeconds(300), 5, Duration.ofSeconds(60), Duration.ofSeconds(3600),
                Duration.ofSeconds(600), 4, 1, 16);
        holdSlot(A, 1);

        RouteOutcome out = f.router().route(RouteRequest.of("r", "p"), RouteListener.NONE);

        assertEquals("opus::api.example.com", out.decision().orElseThrow().routeId());
        assertEquals("at its concurrency cap (1/1 in use)", out.attempts().get(0).detail());
        assertEquals(0, cli.calls());
    }

    @Test
    void sixtyFourCallsInFlightNeverRunMoreThanTheCapOfDispatchesAtOnce() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        f.subscription("opus", "claude_code").always(r -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            sleep(20);
            inFlight.decrementAndGet();
            return DispatchResult.success("ok").build();
        });
        f.priority("opus");
        Router router = f.router();
        List<Future<RouteOutcome>> calls = new ArrayList<>();

        for (int i = 0; i < 64; i++) {
            String id = "r" + i;
            calls.add(callers.submit(() -> router.route(RouteRequest.of(id, "p"), RouteListener.NONE)));
        }

        for (Future<RouteOutcome> c : calls) {
            assertTrue(c.get(30, TimeUnit.SECONDS).success());
        }
        assertEquals(RoutingSettings.DEFAULT_MAX_CONCURRENT_SUBSCRIPTION, most.get());
        assertEquals(java.util.Map.of(), f.store.slotsInUse());
    }

    @Test
    void fanoutWaitsForTheSlotOfARouteAtItsCapAndSaysSo() throws Exception {
        f.subscription("opus", "claude_code");
        f.subscription("opus", "codex");
        f.priority("opus").mixtureDefault("opus").maxConcurrent(A, 1);
        DispatchLease other = holdSlot(A, 1);
        callers.submit(() -> {
            Thread.sleep(200);
            f.store.releaseSlot(other);
            return null;
        });

        FanoutOutcome out = f.router().fanout(RouteRequest.of("r", "p"), RouteListener.NONE);

        assertEquals(2, out.items().size());
        assertTrue(out.items().stream().allMatch(i -> i.result().success()));
        assertTrue(out.attempts().stream().anyMatch(a -> a.isNote()
                && a.detail().startsWith("every route left was at its concurrency cap (opus::claude_code 1/1); waited")),
                out.attempts().toString());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
