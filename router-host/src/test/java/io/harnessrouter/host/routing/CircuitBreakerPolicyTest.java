package io.harnessrouter.host.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.host.config.RoutingSettings;
import io.harnessrouter.host.routing.CircuitBreakerPolicy.Gate;
import io.harnessrouter.host.state.BreakerState;
import io.harnessrouter.host.state.BreakerState.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CircuitBreakerPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-22T14:00:00Z");
    private static final String ROUTE = "opus::claude_code";
    private static final RoutingSettings SETTINGS = new RoutingSettings(Duration.ofSeconds(300), 3,
            Duration.ofSeconds(60), Duration.ofSeconds(200), Duration.ofSeconds(600), 4);

    private final CircuitBreakerPolicy policy = new CircuitBreakerPolicy(SETTINGS);

    private static BreakerState state(Status status, int failures, int opens, Instant openUntil, String owner,
                                      Instant deadline) {
        return new BreakerState(ROUTE, status, failures, opens, Optional.ofNullable(openUntil),
                Optional.ofNullable(owner), Optional.ofNullable(deadline), "", NOW.minusSeconds(600));
    }

    private static DispatchResult fail(FailureKind kind) {
        return DispatchResult.failure(kind, "boom").build();
    }

    /**
     * A kind the policy does not single out (FORBIDDEN, and any kind a later API adds) acts as
     * OTHER: counted towards the threshold, never opening at once, never ignored.
     */
    @Test
    void everyKindWithoutARuleOfItsOwnIsCountedLikeOther() {
        List<FailureKind> ownRules = List.of(FailureKind.NONE, FailureKind.NOT_INSTALLED, FailureKind.CANCELLED,
                FailureKind.RATE_LIMITED, FailureKind.QUOTA_EXHAUSTED);
        BreakerState twoDown = state(Status.CLOSED, 1, 0, null, null, null);
        BreakerState asOther = policy.onResult(twoDown, fail(FailureKind.OTHER), "a", NOW);
        List<FailureKind> checked = new ArrayList<>();
        for (FailureKind kind : FailureKind.values()) {
            if (!ownRules.contains(kind)) {
                assertEquals(asOther, policy.onResult(twoDown, fail(kind), "a", NOW), kind.name());
                checked.add(kind);
            }
        }
        assertTrue(checked.contains(FailureKind.FORBIDDEN), checked.toString());
        assertEquals(Status.CLOSED, asOther.status());
        assertEquals(2, asOther.consecutiveFailures());
    }

    @Test
    void gateReflectsStatusAndTimes() {
        assertEquals(Gate.CLOSED, policy.gate(BreakerState.closed(ROUTE), NOW));
        assertEquals(Gate.OPEN, policy.gate(state(Status.OPEN, 0, 1, NOW.plusSeconds(1), null, null), NOW));
        assertEquals(Gate.PROBE_AVAILABLE, policy.gate(state(Status.OPEN, 0, 1, NOW, null, null), NOW));
        assertEquals(Gate.PROBE_IN_PROGRESS,
                policy.gate(state(Status.HALF_OPEN, 0, 1, NOW, "x", NOW.plusSeconds(5)), NOW));
        assertEquals(Gate.PROBE_AVAILABLE,
                policy.gate(state(Status.HALF_OPEN, 0, 1, NOW, "x", NOW.minusSeconds(1)), NOW));
    }

    @Test
    void successOnAClosedZeroedBreakerReturnsTheSameInstanceSoNothingIsWritten() {
        BreakerState closed = BreakerState.closed(ROUTE);
        assertSame(closed, policy.onResult(closed, DispatchResult.success("ok").build(), "a", NOW));
    }

    @Test
    void successClosesAndZeroesAnOpenBreaker() {
        BreakerState open = state(Status.HALF_OPEN, 4, 3, NOW, "a", NOW.plusSeconds(60));
        BreakerState after = policy.onResult(open, DispatchResult.success("ok").build(), "a", NOW);
        assertEquals(new BreakerState(ROUTE, Status.CLOSED, 0, 0, Optional.empty(), Optional.empty(),
                Optional.empty(), "", NOW), after);
    }

    @Test
    void capacityFailureOpensUntilTheLaterOfRetryAfterAndResetAt() {
        DispatchResult retryAfterOnly = DispatchResult.failure(FailureKind.RATE_LIMITED, "429")
                .retryAfter(Duration.ofSeconds(90)).build();
        assertEquals(Optional.of(NOW.plusSeconds(90)),
                policy.onResult(BreakerState.closed(ROUTE), retryAfterOnly, "a", NOW).openUntil());

        DispatchResult both = DispatchResult.failure(FailureKind.QUOTA_EXHAUSTED, "used up")
                .retryAfter(Duration.ofSeconds(90)).resetAt(NOW.plusSeconds(7200)).build();
        BreakerState opened = policy.onResult(BreakerState.closed(ROUTE), both, "a", NOW);
        assertEquals(Status.OPEN, opened.status());
        assertEquals(Optional.of(NOW.plusSeconds(7200)), opened.openUntil());
        assertEquals(1, opened.openCount());
        assertEquals("used up", opened.lastError());

        DispatchResult resetOnly = DispatchResult.failure(FailureKind.QUOTA_EXHAUSTED, "used up")
                .resetAt(NOW.plusSeconds(30)).build();
        assertEquals(Optional.of(NOW.plusSeconds(30)),
                policy.onResult(BreakerState.closed(ROUTE), resetOnly, "a", NOW).openUntil());
    }

    @Test
    void capacityFailureWithoutTimesOpensForTheRateLimitCooldown() {
        BreakerState opened = policy.onResult(BreakerState.closed(ROUTE), fail(FailureKind.RATE_LIMITED), "a", NOW);
        assertEquals(Optional.of(NOW.plusSeconds(300)), opened.openUntil());
    }

    @Test
    void thresholdConsecutiveFailuresOpenForTheFailureCooldown() {
        BreakerState s = BreakerState.closed(ROUTE);
        s = policy.onResult(s, fail(FailureKind.TIMEOUT), "a", NOW);
        s = policy.onResult(s, fail(FailureKind.AUTH), "b", NOW);
        assertEquals(Status.CLOSED, s.status());
        assertEquals(2, s.consecutiveFailures());
        s = policy.onResult(s, fail(FailureKind.OTHER), "c", NOW);
        assertEquals(Status.OPEN, s.status());
        assertEquals(Optional.of(NOW.plusSeconds(60)), s.openUntil());
        assertEquals(1, s.openCount());
    }

    @Test
    void notInstalledAndCancelledLeaveTheBreakerAlone() {
        BreakerState s = BreakerState.closed(ROUTE);
        assertSame(s, policy.onResult(s, fail(FailureKind.NOT_INSTALLED), "a", NOW));
        assertSame(s, policy.onResult(s, fail(FailureKind.CANCELLED), "a", NOW));
    }

    @Test
    void aCancelledProbeGivesTheProbeBackToTheNextCaller() {
        BreakerState probing = state(Status.HALF_OPEN, 0, 1, NOW.minusSeconds(5), "a", NOW.plusSeconds(60));
        BreakerState after = policy.onResult(probing, fail(FailureKind.CANCELLED), "a", NOW);
        assertEquals(Status.OPEN, after.status());
        assertEquals(Gate.PROBE_AVAILABLE, policy.gate(after, NOW));
    }

    @Test
    void onlyAnExpiredOpenBreakerOrAnAbandonedProbeCanBeAcquired() {
        BreakerState cooling = state(Status.OPEN, 0, 1, NOW.plusSeconds(10), null, null);
        assertSame(cooling, policy.acquireProbe(cooling, "a", Duration.ofSeconds(90), NOW));

        BreakerState expired = state(Status.OPEN, 0, 1, NOW.minusSeconds(1), null, null);
        BreakerState mine = policy.acquireProbe(expired, "a", Duration.ofSeconds(90), NOW);
        assertTrue(policy.ownsProbe(mine, "a"));
        assertEquals(Optional.of(NOW.plusSeconds(120)), mine.probeDeadline());

        assertSame(mine, policy.acquireProbe(mine, "b", Duration.ofSeconds(90), NOW.plusSeconds(119)));
        BreakerState takenOver = policy.acquireProbe(mine, "b", Duration.ofSeconds(90), NOW.plusSeconds(120));
        assertTrue(policy.ownsProbe(takenOver, "b"));
    }

    @Test
    void aFailedProbeReopensWithDoublingBackoffCappedAtMaxCooldown() {
        BreakerState probing = state(Status.HALF_OPEN, 3, 1, NOW, "a", NOW.plusSeconds(60));
        BreakerState once = policy.onResult(probing, fail(FailureKind.OTHER), "a", NOW);
        assertEquals(Optional.of(NOW.plusSeconds(120)), once.openUntil());
        assertEquals(2, once.openCount());

        BreakerState again = policy.onResult(policy.acquireProbe(once, "b", Duration.ofSeconds(1), NOW.plusSeconds(120)),
                fail(FailureKind.OTHER), "b", NOW.plusSeconds(120));
        assertEquals(Optional.of(NOW.plusSeconds(120 + 200)), again.openUntil(), "240 s capped at 200 s");
        assertEquals(3, again.openCount());
    }

    @Test
    void aFailedCapacityProbeDoublesTheRetryAfter() {
        BreakerState probing = state(Status.HALF_OPEN, 0, 1, NOW, "a", NOW.plusSeconds(60));
        DispatchResult limited = DispatchResult.failure(FailureKind.RATE_LIMITED, "429")
                .retryAfter(Duration.ofSeconds(40)).build();
        assertEquals(Optional.of(NOW.plusSeconds(80)), policy.onResult(probing, limited, "a", NOW).openUntil());
    }

    @Test
    void backoffNeverDropsBelowTheProvidersRetryAfter() {
        assertEquals(Duration.ofSeconds(500), policy.backoff(Duration.ofSeconds(500), 3));
        assertEquals(Duration.ofSeconds(200), policy.backoff(Duration.ofSeconds(60), 40));
    }

    @Test
    void aFailureOfAnotherAttemptDuringTheProbeOnlyCounts() {
        BreakerState probing = state(Status.HALF_OPEN, 0, 1, NOW, "probe", NOW.plusSeconds(60));
        BreakerState after = policy.onResult(probing, fail(FailureKind.OTHER), "other", NOW);
        assertEquals(Status.HALF_OPEN, after.status());
        assertEquals(Optional.of("probe"), after.probeOwner());
        assertEquals(1, after.consecutiveFailures());
    }

    @Test
    void aFailureOnAnOpenBreakerNeverShortensItsCooldown() {
        BreakerState open = state(Status.OPEN, 0, 1, NOW.plusSeconds(3600), null, null);
        BreakerState after = policy.onResult(open, fail(FailureKind.RATE_LIMITED), "a", NOW);
        assertEquals(Optional.of(NOW.plusSeconds(3600)), after.openUntil());
        assertEquals(1, after.openCount());
    }

    @Test
    void exactlyOneOfManyRacingCallersAcquiresTheProbe() throws Exception {
        InMemoryStateStore store = new InMemoryStateStore();
        store.putBreaker(state(Status.OPEN, 0, 1, NOW.minusSeconds(1), null, null));
        int callers = 8;
        CyclicBarrier start = new CyclicBarrier(callers);
        ExecutorService threads = Executors.newFixedThreadPool(callers);
        try {
            List<Future<Boolean>> won = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                String id = "attempt-" + i;
                won.add(threads.submit(() -> {
                    start.await(5, TimeUnit.SECONDS);
                    BreakerState after = store.updateBreaker(ROUTE,
                            s -> policy.acquireProbe(s, id, Duration.ofSeconds(90), NOW));
                    return policy.ownsProbe(after, id);
                }));
            }
            int winners = 0;
            for (Future<Boolean> f : won) {
                winners += f.get(5, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertEquals(1, winners);
            assertEquals(1, store.breakerWrites());
        } finally {
            threads.shutdownNow();
        }
    }
}
