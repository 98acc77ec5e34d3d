package io.harnessrouter.host.routing;

import static io.harnessrouter.host.routing.RoutingFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.host.config.RoutingSettings;
import io.harnessrouter.host.state.BreakerState;
import io.harnessrouter.host.state.BreakerState.Status;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The router and the shared circuit breaker together: what each call writes and what the next one sees. */
class RouterBreakerTest {

    private final RoutingFixture f = new RoutingFixture();

    @AfterEach
    void stopPool() {
        f.close();
    }

    private static RouteRequest request(String id) {
        return RouteRequest.of(id, "fix the bug");
    }

    private static List<String> walked(RouteOutcome outcome) {
        return outcome.attempts().stream().map(a -> a.routeId() + " " + a.status().wireName()).toList();
    }

    @Test
    void aRateLimitOpensTheSharedBreakerSoTheNextCallSkipsTheRoute() {
        FakeDispatcher claude = f.subscription("opus", "claude_code").then(DispatchResult
                .failure(FailureKind.RATE_LIMITED, "429").retryAfter(Duration.ofSeconds(120)).build());
        f.subscription("opus", "codex");
        f.priority("opus");
        Router router = f.router();

        router.route(request("r1"), RouteListener.NONE);
        BreakerState breaker = f.store.breaker("opus::claude_code");
        RouteOutcome second = router.route(request("r2"), RouteListener.NONE);

        assertEquals(Status.OPEN, breaker.status());
        assertEquals(Optional.of(T0.plusSeconds(120)), breaker.openUntil());
        assertEquals(1, claude.calls());
        assertEquals(List.of("opus::claude_code skipped", "opus::codex succeeded"), walked(second));
    }

    @Test
    void aQuotaExhaustionOpensTheBreakerUntilTheResetTime() {
        f.subscription("opus", "claude_code").then(DispatchResult.failure(FailureKind.QUOTA_EXHAUSTED,
                "usage limit reached").resetAt(T0.plusSeconds(5 * 3600)).build());
        f.priority("opus");

        RouteOutcome outcome = f.router().route(request("r1"), RouteListener.NONE);

        assertEquals(Optional.of(T0.plusSeconds(5 * 3600)), f.store.breaker("opus::claude_code").openUntil());
        assertEquals("- opus::claude_code: quota exhausted (retry after 2026-11-22T19:00:00Z)",
                outcome.error().lines().toList().get(1));
    }

    @Test
    void aRateLimitWithoutTimesOpensForTheConfiguredCooldown() {
        f.subscription("opus", "claude_code").then(DispatchResult.failure(FailureKind.RATE_LIMITED, "429").build());
        f.priority("opus");

        f.router().route(request("r1"), RouteListener.NONE);

        assertEquals(Optional.of(T0.plusSeconds(300)), f.store.breaker("opus::claude_code").openUntil());
    }

    @Test
    void failureThresholdConsecutiveFailuresOpenTheBreaker() {
        f.settings = new RoutingSettings(Duration.ofSeconds(300), 3, Duration.ofSeconds(60),
                Duration.ofSeconds(3600), Duration.ofSeconds(600), 4);
        FakeDispatcher claude = f.subscription("opus", "claude_code")
                .always(DispatchResult.failure(FailureKind.OTHER, "exit 1").build());
        f.priority("opus");
        Router router = f.router();

        router.route(request("r1"), RouteListener.NONE);
        router.route(request("r2"), RouteListener.NONE);
        assertEquals(Status.CLOSED, f.store.breaker("opus::claude_code").status());
        assertEquals(2, f.store.breaker("opus::claude_code").consecutiveFailures());
        router.route(request("r3"), RouteListener.NONE);
        RouteOutcome fourth = router.route(request("r4"), RouteListener.NONE);

        assertEquals(Optional.of(T0.plusSeconds(60)), f.store.breaker("opus::claude_code").openUntil());
        assertEquals(3, claude.calls());
        assertEquals(List.of("opus::claude_code skipped"), walked(fourth));
    }

    @Test
    void notInstalledDoesNotCountAgainstTheBreaker() {
        f.subscription("opus", "claude_code")
                .always(DispatchResult.failure(FailureKind.NOT_INSTALLED, "claude: not found").build());
        f.priority("opus");

        f.router().route(request("r1"), RouteListener.NONE);

        assertEquals(0, f.store.breakerWrites());
    }

    @Test
    void theClosedPathMakesNoBreakerWrite() {
        f.subscription("opus", "claude_code");
        f.priority("opus");
        Router router = f.router();

        for (int i = 0; i < 5; i++) {
            assertTrue(router.route(request("r" + i), RouteListener.NONE).success());
        }

        assertEquals(0, f.store.breakerWrites());
    }

    @Test
    void aSuccessAfterACountedFailureZeroesTheBreakerOnce() {
        f.subscription("opus", "claude_code").then(DispatchResult.failure(FailureKind.OTHER, "exit 1").build());
        f.priority("opus");
        Router router = f.router();

        router.route(request("r1"), RouteListener.NONE);
        router.route(request("r2"), RouteListener.NONE);
        router.route(request("r3"), RouteListener.NONE);

        assertEquals(2, f.store.breakerWrites(), "one write to count, one to zero, none for the third call");
        assertEquals(BreakerState.Status.CLOSED, f.store.breaker("opus::claude_code").status());
        assertEquals(0, f.store.breaker("opus::claude_code").consecutiveFailures());
    }

    @Test
    void aSuccessfulHalfOpenProbeClosesTheBreaker() {
        f.subscription("opus", "claude_code");
        f.priority("opus");
        f.openBreaker("opus::claude_code", T0.minusSeconds(1), 2, "429");

        RouteOutcome outcome = f.router().route(request("r1"), RouteListener.NONE);

        assertTrue(outcome.success());
        assertEquals("half-open probe; model=opus tier=subscription svc=opus::claude_code quota=1.00 (1 candidate)",
                outcome.decision().orElseThrow().reason());
        BreakerState after = f.store.breaker("opus::claude_code");
        assertEquals(Status.CLOSED, after.status());
        assertEquals(0, after.openCount());
    }

    @Test
    void aFailedProbeBacksOffDoublingUpToTheMaxCooldown() {
        f.settings = new RoutingSettings(Duration.ofSeconds(300), 5, Duration.ofSeconds(60),
                Duration.ofSeconds(200), Duration.ofSeconds(600), 4);
        FakeDispatcher claude = f.subscription("opus", "claude_code")
                .always(DispatchResult.failure(FailureKind.OTHER, "exit 1").build());
        f.priority("opus");
        f.openBreaker("opus::claude_code", T0.minusSeconds(1), 1, "exit 1");
        Router router = f.router();

        router.route(request("probe-1"), RouteListener.NONE);
        assertEquals(Optional.of(T0.plusSeconds(120)), f.store.breaker("opus::claude_code").openUntil());

        f.clock.advance(Duration.ofSeconds(60));
        RouteOutcome cooling = router.route(request("during"), RouteListener.NONE);
        assertEquals(List.of("opus::claude_code skipped"), walked(cooling));

        f.clock.advance(Duration.ofSeconds(60));
        router.route(request("probe-2"), RouteListener.NONE);
        BreakerState after = f.store.breaker("opus::claude_code");
        assertEquals(Optional.of(T0.plusSeconds(120 + 200)), after.openUntil(), "240 s capped at 200 s");
        assertEquals(3, after.openCount());
        assertEquals(2, claude.calls());
    }

    @Test
    void aProbeInProgressIsSkippedAndTheWalkMovesOn() {
        f.subscription("opus", "claude_code");
        f.subscription("opus", "codex");
        f.priority("opus");
        f.store.putBreaker(new BreakerState("opus::claude_code", Status.HALF_OPEN, 0, 1,
                Optional.of(T0.minusSeconds(10)), Optional.of("other-process#1"), Optional.of(T0.plusSeconds(100)),
                "429", T0));

        RouteOutcome outcome = f.router().route(request("r1"), RouteListener.NONE);

        assertEquals("half-open probe in progress", outcome.attempts().get(0).detail());
        assertEquals(List.of("opus::claude_code skipped", "opus::codex succeeded"), walked(outcome));
    }

    @Test
    void anAbandonedProbeIsTakenOverAfterItsDeadline() {
        FakeDispatcher claude = f.subscription("opus", "claude_code");
        f.priority("opus");
        f.store.putBreaker(new BreakerState("opus::claude_code", Status.HALF_OPEN, 0, 1,
                Optional.of(T0.minusSeconds(500)), Optional.of("crashed-process#1"), Optional.of(T0.minusSeconds(1)),
                "429", T0));

        RouteOutcome outcome = f.router().route(request("r1"), RouteListener.NONE);

        assertEquals(1, claude.calls());
        assertTrue(outcome.decision().orElseThrow().reason().startsWith("half-open probe; "));
        assertEquals(Status.CLOSED, f.store.breaker("opus::claude_code").status());
    }

    @Test
    void twoRacingCallersLetExactlyOneProbe() throws Exception {
        CountDownLatch probing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FakeDispatcher claude = f.subscription("opus", "claude_code").always(r -> {
            probing.countDown();
            await(release);
            return DispatchResult.success("probe answer").build();
        });
        FakeDispatcher codex = f.subscription("opus", "codex");
        f.priority("opus");
        f.openBreaker("opus::claude_code", T0.minusSeconds(1), 1, "429");
        Router router = f.router();
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            ExecutorCompletionService<RouteOutcome> done = new ExecutorCompletionService<>(callers);
            for (String id : List.of("a", "b")) {
                done.submit(() -> {
                    start.await(5, TimeUnit.SECONDS);
                    return router.route(request(id), RouteListener.NONE);
                });
            }
            // The loser cannot wait on the probe: it skips and answers from codex while the probe still runs.
            Future<RouteOutcome> first = done.poll(5, TimeUnit.SECONDS);
            assertTrue(probing.await(5, TimeUnit.SECONDS));
            release.countDown();
            RouteOutcome loser = first.get();
            RouteOutcome winner = done.poll(5, TimeUnit.SECONDS).get();

            assertEquals(1, claude.calls());
            assertEquals(1, codex.calls());
            assertEquals("half-open probe in progress", loser.attempts().get(0).detail());
            assertEquals(List.of("opus::claude_code skipped", "opus::codex succeeded"), walked(loser));
            assertEquals("probe answer", winner.result().orElseThrow().output());
            assertEquals(Status.CLOSED, f.store.breaker("opus::claude_code").status());
        } finally {
            release.countDown();
            callers.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
