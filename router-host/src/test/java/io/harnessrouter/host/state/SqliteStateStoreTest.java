package io.harnessrouter.host.state;

import static io.harnessrouter.host.state.StateFixtures.T0;
import static io.harnessrouter.host.state.StateFixtures.failure;
import static io.harnessrouter.host.state.StateFixtures.open;
import static io.harnessrouter.host.state.StateFixtures.queryString;
import static io.harnessrouter.host.state.StateFixtures.raw;
import static io.harnessrouter.host.state.StateFixtures.success;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.QuotaObservation;
import io.harnessrouter.api.Tier;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class SqliteStateStoreTest {

    private static final String ROUTE = "opus::claude_code";

    @TempDir
    Path dir;

    private Path file;
    private SqliteStateStore store;

    @BeforeEach
    void openStore() {
        file = dir.resolve("state.db");
        store = SqliteStateStore.open(file);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void countsEveryAttemptAdditivelyWithRateLimitsSeparately() {
        store.recordAttempt(success(ROUTE, T0));
        store.recordAttempt(failure(ROUTE, FailureKind.OTHER, T0));
        store.recordAttempt(failure(ROUTE, FailureKind.RATE_LIMITED, T0));
        store.recordAttempt(failure(ROUTE, FailureKind.QUOTA_EXHAUSTED, T0));
        store.recordAttempt(success("gpt::codex", T0));

        assertEquals(Map.of(
                ROUTE, new RouteCounters(ROUTE, 4, 1, 3, 2),
                "gpt::codex", new RouteCounters("gpt::codex", 1, 1, 0, 0)), store.counters());
    }

    @Test
    void countersArePersistedAcrossReopen() {
        store.recordAttempt(success(ROUTE, T0));
        store.close();

        store = SqliteStateStore.open(file);
        store.recordAttempt(failure(ROUTE, FailureKind.TIMEOUT, T0));

        assertEquals(Map.of(ROUTE, new RouteCounters(ROUTE, 2, 1, 1, 0)), store.counters());
    }

    @Test
    void countersAreEmptyForANewFile() {
        assertEquals(Map.of(), store.counters());
    }

    @Test
    void recentAttemptsReturnEveryFieldNewestFirst() {
        AttemptRecord older = failure(ROUTE, FailureKind.RATE_LIMITED, T0);
        AttemptRecord newer = new AttemptRecord(T0.plusSeconds(5), "req-9", "gpt::codex", "gpt", Tier.SUBSCRIPTION,
                true, FailureKind.NONE, "", Duration.ofSeconds(3));
        AttemptRecord sameTimeLater = success(ROUTE, T0.plusSeconds(5));
        store.recordAttempt(older);
        store.recordAttempt(newer);
        store.recordAttempt(sameTimeLater);

        assertEquals(List.of(sameTimeLater, newer, older), store.recentAttempts(10));
        assertEquals(List.of(sameTimeLater), store.recentAttempts(1));
        assertEquals(List.of(), store.recentAttempts(0));
    }

    @Test
    void historyKeepsTheNewestThousandAttempts() throws Exception {
        for (int i = 1; i <= 1200; i++) {
            store.recordAttempt(success(ROUTE, T0.plusMillis(i)));
        }

        List<AttemptRecord> recent = store.recentAttempts(5000);
        assertEquals(StateStore.HISTORY_LIMIT, recent.size());
        assertEquals(T0.plusMillis(1200), recent.get(0).at());
        assertEquals(T0.plusMillis(201), recent.get(999).at());
        assertEquals("1000", queryString(file, "SELECT count(*) FROM hr_attempts"));
        assertEquals(new RouteCounters(ROUTE, 1200, 1200, 0, 0), store.counters().get(ROUTE));
    }

    @Test
    void historyNeverGrowsPastTheLimitPlusOneTrimInterval() throws Exception {
        for (int i = 1; i <= 1099; i++) {
            store.recordAttempt(success(ROUTE, T0.plusMillis(i)));
        }

        assertEquals("1099", queryString(file, "SELECT count(*) FROM hr_attempts"));
        assertEquals(StateStore.HISTORY_LIMIT, store.recentAttempts(Integer.MAX_VALUE).size());
    }

    @Test
    void recordAttemptIsAllOrNothingAndItsErrorNamesTheFileAndTheNextStep() throws Exception {
        store.recordAttempt(success(ROUTE, T0));
        StateFixtures.exec(file, "DROP TABLE hr_attempts");

        StateException e = assertThrows(StateException.class, () -> store.recordAttempt(success(ROUTE, T0)));

        assertEquals("Could not record an attempt of opus::claude_code in state database " + file
                + ": [SQLITE_ERROR] SQL error or missing database (no such table: hr_attempts)."
                + " If this persists, move " + file + " aside to start fresh (counters and breakers reset).",
                e.getMessage());
        assertEquals(new RouteCounters(ROUTE, 1, 1, 0, 0), store.counters().get(ROUTE));
    }

    @Test
    void breakerOfAnUnknownRouteIsClosedAndZeroed() {
        assertEquals(BreakerState.closed(ROUTE), store.breaker(ROUTE));
        assertEquals(Map.of(), store.breakers());
    }

    @Test
    void updateBreakerWritesTheTransitionResultAndReadsItBack() {
        BreakerState opened = open(ROUTE, T0.plusSeconds(60), T0);
        BreakerState halfOpen = new BreakerState(ROUTE, BreakerState.Status.HALF_OPEN, 5, 2,
                Optional.of(T0.plusSeconds(60)), Optional.of("req-7"), Optional.of(T0.plusSeconds(90)),
                "HTTP 500", T0.plusSeconds(61));

        assertEquals(opened, store.updateBreaker(ROUTE, s -> opened));
        assertEquals(halfOpen, store.updateBreaker(ROUTE, s -> {
            assertEquals(opened, s);
            return halfOpen;
        }));

        assertEquals(halfOpen, store.breaker(ROUTE));
        assertEquals(Map.of(ROUTE, halfOpen), store.breakers());
    }

    @Test
    void updateBreakerReturnsTheStateAsStoredInMilliseconds() {
        Instant precise = T0.plusNanos(1_234_567);
        BreakerState written = store.updateBreaker(ROUTE, s -> open(ROUTE, precise, precise));

        assertEquals(open(ROUTE, T0.plusMillis(1), T0.plusMillis(1)), written);
        assertEquals(written, store.breaker(ROUTE));
    }

    @Test
    void updateBreakerThatChangesNothingWritesNothing() throws Exception {
        store.updateBreaker(ROUTE, s -> open(ROUTE, T0.plusSeconds(60), T0));
        try (Connection observer = raw(file)) {
            long before = dataVersion(observer);

            BreakerState result = store.updateBreaker(ROUTE, s -> s);

            assertEquals(before, dataVersion(observer));
            assertEquals(T0, result.updatedAt());
            assertEquals(T0, store.breaker(ROUTE).updatedAt());
            store.updateBreaker(ROUTE, s -> open(ROUTE, T0.plusSeconds(60), T0.plusSeconds(1)));
            assertTrue(dataVersion(observer) != before, "a real change must be visible to other connections");
        }
    }

    @Test
    void updateBreakerOfAnUnknownRouteThatStaysClosedCreatesNoRow() {
        BreakerState result = store.updateBreaker(ROUTE, s -> s);

        assertEquals(BreakerState.closed(ROUTE), result);
        assertEquals(Map.of(), store.breakers());
    }

    @Test
    void updateBreakerRefusesAnotherRoutesStateAndWritesNothing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.updateBreaker(ROUTE, s -> open("other::route", T0, T0)));

        assertEquals("The breaker transition for opus::claude_code returned the state of other::route",
                e.getMessage());
        assertEquals(Map.of(), store.breakers());
    }

    @Test
    void updateBreakerRollsBackWhenTheTransitionThrowsAndTheStoreStaysUsable() {
        IllegalStateException boom = new IllegalStateException("policy bug");

        assertSame(boom, assertThrows(IllegalStateException.class, () -> store.updateBreaker(ROUTE, s -> {
            throw boom;
        })));

        store.recordAttempt(success(ROUTE, T0));
        BreakerState opened = open(ROUTE, T0, T0);
        assertEquals(opened, store.updateBreaker(ROUTE, s -> opened));
        assertEquals(1, store.counters().get(ROUTE).calls());
    }

    @Test
    void quotaRoundTripsEveryFieldAndTheLatestReplacesTheOlder() {
        QuotaObservation full = new QuotaObservation(OptionalLong.of(40), OptionalLong.of(100), OptionalLong.of(60),
                Optional.of(T0.plusSeconds(3600)), QuotaObservation.Kind.OK, "headers", T0);
        QuotaObservation bare = new QuotaObservation(OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty(), Optional.empty(), QuotaObservation.Kind.QUOTA_EXHAUSTED, "", T0.plusSeconds(1));

        store.saveQuota(ROUTE, full);
        assertEquals(Optional.of(full), store.quota(ROUTE));
        store.saveQuota(ROUTE, bare);
        store.saveQuota("gpt::codex", full);

        assertEquals(Optional.of(bare), store.quota(ROUTE));
        assertEquals(Map.of(ROUTE, bare, "gpt::codex", full), store.quotas());
        assertEquals(Optional.empty(), store.quota("nobody::here"));
    }

    @Test
    void valuesWrittenByANewerBuildReadAsTheCatchAllInsteadOfFailing() throws Exception {
        StateFixtures.exec(file,
                "INSERT INTO hr_attempts(at_ms, request_id, route_id, model, tier, success, kind, error, duration_ms)"
                        + " VALUES(0, 'r', 'a::b', 'a', 'future_tier', 0, 'future_kind', 'e', 1)",
                "INSERT INTO hr_quota(route_id, kind, source, observed_at_ms) VALUES('a::b', 'future', 's', 0)",
                "INSERT INTO hr_breakers(route_id, status, consecutive_failures, open_count, updated_at_ms)"
                        + " VALUES('a::b', 'future', 0, 0, 0)");

        AttemptRecord a = store.recentAttempts(1).get(0);
        assertEquals(FailureKind.OTHER, a.kind());
        assertEquals(Tier.METERED, a.tier());
        assertEquals(QuotaObservation.Kind.OTHER, store.quota("a::b").orElseThrow().kind());
        assertEquals(BreakerState.Status.CLOSED, store.breaker("a::b").status());
    }

    @Test
    void concurrentThreadsShareOneStoreWithoutLosingUpdates() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 250; i++) {
                        store.recordAttempt(success(ROUTE, T0));
                        store.breakers();
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(new RouteCounters(ROUTE, 1000, 1000, 0, 0), store.counters().get(ROUTE));
    }

    @Test
    void everyCallOnAClosedStoreThrowsAStateException() {
        store.close();
        store.close();
        String expected = "The state database " + file + " is closed. This is a bug in the caller:"
                + " open a new store with SqliteStateStore.open.";

        List<Executable> calls = List.of(
                () -> store.recordAttempt(success(ROUTE, T0)),
                store::counters,
                () -> store.breaker(ROUTE),
                store::breakers,
                () -> store.updateBreaker(ROUTE, s -> s),
                () -> store.saveQuota(ROUTE, new QuotaObservation(null, null, null, null,
                        QuotaObservation.Kind.OK, "", T0)),
                () -> store.quota(ROUTE),
                store::quotas,
                () -> store.recentAttempts(1));
        for (Executable call : calls) {
            assertEquals(expected, assertThrows(StateException.class, call).getMessage());
        }
    }

    private static long dataVersion(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA data_version")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
