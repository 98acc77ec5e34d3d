package io.harnessrouter.host.routing;

import static io.harnessrouter.host.routing.RoutingFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.DispatchEvent;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.host.config.RoutingSettings;
import io.harnessrouter.host.state.BreakerState;
import io.harnessrouter.host.state.RouteCounters;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FanoutTest {

    private final RoutingFixture f = new RoutingFixture();

    @AfterEach
    void stopPool() {
        f.close();
    }

    private static RouteRequest models(String... models) {
        return new RouteRequest("fan-1", "review this", List.of(), Optional.empty(), Optional.empty(),
                Optional.empty(), List.of(models));
    }

    private static DispatchResult ok(String text, long millis) {
        return DispatchResult.success(text).duration(Duration.ofMillis(millis)).build();
    }

    private static List<String> items(FanoutOutcome outcome) {
        return outcome.items().stream().map(i -> i.decision().routeId() + " " + i.result().success()).toList();
    }

    @Test
    void sortsSuccessesFirstThenSubscriptionBeforeMeteredThenByDuration() {
        f.subscription("opus", "claude_code").always(ok("a", 300));
        f.subscription("opus", "codex").always(DispatchResult.failure(FailureKind.OTHER, "exit 1")
                .duration(Duration.ofMillis(5)).build());
        f.metered("opus", "api.anthropic.com").always(ok("b", 100));
        f.subscription("sonnet", "cursor").always(ok("c", 200));
        f.subscription("haiku", "gemini");

        FanoutOutcome outcome = f.router().fanout(models("opus", "sonnet"), RouteListener.NONE);

        assertEquals(List.of("sonnet::cursor true", "opus::claude_code true", "opus::api.anthropic.com true",
                "opus::codex false"), items(outcome));
        assertTrue(outcome.items().stream().allMatch(i -> i.decision().reason().equals("explicit")));
        assertEquals(List.of("opus::claude_code", "opus::codex", "opus::api.anthropic.com", "sonnet::cursor"),
                outcome.attempts().stream().map(Attempt::routeId).toList());
        assertEquals(Optional.empty(), outcome.error());
    }

    @Test
    void neverRunsMoreThanFanoutConcurrencyRoutesAtOnce() throws Exception {
        f.settings = new RoutingSettings(Duration.ofSeconds(300), 5, Duration.ofSeconds(60),
                Duration.ofSeconds(3600), Duration.ofSeconds(600), 2);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        CountDownLatch twoIn = new CountDownLatch(2);
        CountDownLatch gate = new CountDownLatch(1);
        for (String model : List.of("m1", "m2", "m3", "m4", "m5")) {
            f.subscription(model, "claude_code").always(r -> {
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                twoIn.countDown();
                try {
                    gate.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                inFlight.decrementAndGet();
                return DispatchResult.success("ok").build();
            });
        }
        Router router = f.router();

        CompletableFuture<FanoutOutcome> running = CompletableFuture.supplyAsync(
                () -> router.fanout(RouteRequest.of("fan-1", "review"), RouteListener.NONE));
        assertTrue(twoIn.await(5, TimeUnit.SECONDS));
        Thread.sleep(100); // a third route, if submitted, would enter now
        assertEquals(2, inFlight.get());
        gate.countDown();
        FanoutOutcome outcome = running.get(5, TimeUnit.SECONDS);

        assertEquals(5, outcome.items().size());
        assertEquals(2, maxInFlight.get());
    }

    @Test
    void unknownModelsAreDroppedWithANote() {
        f.subscription("opus", "claude_code");

        FanoutOutcome outcome = f.router().fanout(models("gpt", "opus"), RouteListener.NONE);

        assertEquals(List.of("opus::claude_code true"), items(outcome));
        assertEquals("model \"gpt\" has no configured route and was left out of the fanout",
                outcome.attempts().get(0).detail());
    }

    @Test
    void noneOfTheRequestedModelsHasARoute() {
        f.subscription("opus", "claude_code");
        f.subscription("sonnet", "codex");

        FanoutOutcome outcome = f.router().fanout(models("gpt", "llama"), RouteListener.NONE);

        assertEquals(Optional.of("None of the requested models has any configured route: gpt, llama. "
                + "Configured models: opus, sonnet"), outcome.error());
        assertTrue(outcome.items().isEmpty());
        assertTrue(outcome.attempts().isEmpty());
    }

    @Test
    void usesMixtureDefaultWhenTheCallNamesNoModels() {
        f.subscription("opus", "claude_code");
        f.subscription("sonnet", "codex");
        f.subscription("haiku", "gemini");
        f.mixtureDefault("haiku", "opus");

        FanoutOutcome outcome = f.router().fanout(RouteRequest.of("fan-1", "review"), RouteListener.NONE);

        assertEquals(List.of("haiku::gemini", "opus::claude_code"),
                outcome.attempts().stream().map(Attempt::routeId).toList());
    }

    @Test
    void runsEveryRouteWhenNeitherModelsNorMixtureDefaultAreGiven() {
        f.subscription("opus", "claude_code");
        f.metered("sonnet", "api.x.com");

        FanoutOutcome outcome = f.router().fanout(RouteRequest.of("fan-1", "review"), RouteListener.NONE);

        assertEquals(2, outcome.items().size());
    }

    @Test
    void unusableRoutesAreSkippedAndReported() {
        f.subscription("opus", "claude_code");
        f.subscription("opus", "codex").unavailable("codex CLI not found on PATH");
        f.subscription("opus", "gemini");
        f.disable("opus::gemini");

        FanoutOutcome outcome = f.router().fanout(models("opus"), RouteListener.NONE);

        assertEquals(List.of("opus::claude_code true"), items(outcome));
        assertEquals(List.of("succeeded", "skipped", "skipped"),
                outcome.attempts().stream().map(a -> a.status().wireName()).toList());
    }

    @Test
    void whenEveryRouteIsSkippedTheErrorGivesEachReason() {
        f.subscription("opus", "claude_code");
        f.subscription("opus", "codex").unavailable("codex CLI not found on PATH");
        f.openBreaker("opus::claude_code", T0.plusSeconds(300), 1, "429");

        FanoutOutcome outcome = f.router().fanout(models("opus"), RouteListener.NONE);

        assertEquals(Optional.of("No candidate routes available for fanout:\n"
                + "- opus::claude_code: skipped: circuit breaker open until 2026-11-22T14:05:00Z (last error: 429)\n"
                + "- opus::codex: skipped: codex CLI not found on PATH\n"
                + "Run `harness-router doctor` to see what's installed and what's missing."), outcome.error());
    }

    @Test
    void eachFanoutOutcomeIsRecordedLikeASingleAttempt() {
        f.subscription("opus", "claude_code").always(DispatchResult.failure(FailureKind.RATE_LIMITED, "429")
                .retryAfter(Duration.ofSeconds(30)).build());
        f.subscription("opus", "codex");

        f.router().fanout(models("opus"), RouteListener.NONE);

        assertEquals(new RouteCounters("opus::claude_code", 1, 0, 1, 1), f.store.counters().get("opus::claude_code"));
        assertEquals(new RouteCounters("opus::codex", 1, 1, 0, 0), f.store.counters().get("opus::codex"));
        assertEquals(Optional.of(T0.plusSeconds(30)), f.store.breaker("opus::claude_code").openUntil());
    }

    @Test
    void anExpiredBreakerIsProbedInFanout() {
        f.subscription("opus", "claude_code");
        f.openBreaker("opus::claude_code", T0.minusSeconds(1), 1, "429");

        FanoutOutcome outcome = f.router().fanout(models("opus"), RouteListener.NONE);

        assertEquals("half-open probe; explicit", outcome.items().get(0).decision().reason());
        assertEquals(BreakerState.Status.CLOSED, f.store.breaker("opus::claude_code").status());
    }

    @Test
    void eventsOfEveryBranchReachTheListenerWithTheirRouteIds() {
        f.subscription("opus", "claude_code").streaming(new DispatchEvent.Text("a"));
        f.subscription("opus", "codex").streaming(new DispatchEvent.Text("b"));
        RouterListenerTest.Recorder recorder = new RouterListenerTest.Recorder();

        f.router().fanout(models("opus"), recorder);

        assertTrue(recorder.seen.containsAll(List.of("start opus::claude_code", "event opus::claude_code text",
                "end opus::claude_code succeeded", "start opus::codex", "event opus::codex text",
                "end opus::codex succeeded")));
        assertEquals(6, recorder.seen.size());
    }

    @Test
    void anInterruptedCallerStopsTheFanoutAndGetsWhatIsKnown() throws Exception {
        f.settings = new RoutingSettings(Duration.ofSeconds(300), 5, Duration.ofSeconds(60),
                Duration.ofSeconds(3600), Duration.ofSeconds(600), 1);
        CountDownLatch started = new CountDownLatch(1);
        f.subscription("opus", "claude_code").always(r -> {
            started.countDown();
            try {
                new CountDownLatch(1).await(5, TimeUnit.SECONDS);
                return DispatchResult.success("late").build();
            } catch (InterruptedException e) {
                return DispatchResult.failure(FailureKind.CANCELLED, "cancelled").build();
            }
        });
        FakeDispatcher codex = f.subscription("opus", "codex");
        Router router = f.router();
        CompletableFuture<FanoutOutcome> result = new CompletableFuture<>();
        Thread caller = new Thread(() -> result.complete(router.fanout(models("opus"), RouteListener.NONE)));
        caller.start();

        assertTrue(started.await(5, TimeUnit.SECONDS));
        caller.interrupt();
        FanoutOutcome outcome = result.get(5, TimeUnit.SECONDS);

        assertEquals(Optional.of("Fanout was cancelled; 0 of 2 routes finished."), outcome.error());
        assertEquals(0, codex.calls());
        assertTrue(outcome.items().isEmpty());
    }
}
