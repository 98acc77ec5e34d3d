package io.harnessrouter.host.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decision history behind {@code harness-router why}: shared through the file, bounded, added to old files. */
class DecisionHistoryTest {
    private static final Instant T0 = Instant.parse("2026-12-01T21:00:00Z");

    @TempDir
    Path dir;

    static DecisionRecord decision(String requestId, Instant at) {
        return new DecisionRecord(at, requestId, "route", 77, "single", false, Optional.empty(),
                "model=opus tier=subscription svc=opus::claude_code quota=1.00 (2 candidates)", Duration.ofMillis(1500),
                "All 2 routes failed for model priority [opus]:\n- ...\nNext: run `harness-router doctor`.",
                List.of(new DecisionRecord.Step("", "fast", "", "skipped", "none",
                                "hints.model \"fast\" is not a configured model; ignored", Duration.ZERO),
                        new DecisionRecord.Step("opus::claude_code", "opus", "subscription", "failed", "auth",
                                "Not logged in", Duration.ofMillis(900)),
                        new DecisionRecord.Step("opus::codex", "opus", "subscription", "skipped", "none",
                                "circuit breaker open until 2026-12-01T21:30:00Z", Duration.ZERO)));
    }

    @Test
    void aDecisionWrittenByOneStoreIsReadWholeByAnotherNewestFirst() {
        Path file = dir.resolve("state.db");
        try (SqliteStateStore writer = SqliteStateStore.open(file); SqliteStateStore reader = SqliteStateStore.open(file)) {
            writer.recordDecision(decision("req-1", T0));
            writer.recordDecision(decision("req-2", T0.plusSeconds(1)));

            List<DecisionRecord> read = reader.recentDecisions(5);

            assertEquals(List.of(decision("req-2", T0.plusSeconds(1)), decision("req-1", T0)), read);
            assertTrue(read.get(0).steps().get(0).isNote());
        }
    }

    @Test
    void theHistoryKeepsTheNewestDecisionLimitRows() throws Exception {
        Path file = dir.resolve("state.db");
        int written = StateStore.DECISION_LIMIT + SqliteStateStore.TRIM_EVERY;
        try (SqliteStateStore store = SqliteStateStore.open(file)) {
            for (int i = 0; i < written; i++) {
                store.recordDecision(decision("req-" + i, T0.plusMillis(i)));
            }
            assertEquals("req-" + (written - 1), store.recentDecisions(1).get(0).requestId());
            assertEquals(StateStore.DECISION_LIMIT, store.recentDecisions(Integer.MAX_VALUE).size());
        }
        assertEquals(String.valueOf(StateStore.DECISION_LIMIT),
                StateFixtures.queryString(file, "SELECT count(*) FROM hr_decisions"));
    }

    @Test
    void aFileWithoutTheDecisionsTableGetsItOnOpen() throws Exception {
        Path file = dir.resolve("state.db");
        SqliteStateStore.open(file).close();
        StateFixtures.exec(file, "DROP TABLE hr_decisions");

        try (SqliteStateStore store = SqliteStateStore.open(file)) {
            store.recordDecision(decision("req-1", T0));
            assertEquals(1, store.recentDecisions(10).size());
        }
    }

    @Test
    void theMemoryStoreKeepsTheSameBoundedNewestFirstHistory() {
        MemoryStateStore store = new MemoryStateStore();
        for (int i = 0; i < StateStore.DECISION_LIMIT + 5; i++) {
            store.recordDecision(decision("req-" + i, T0.plusMillis(i)));
        }

        assertEquals(StateStore.DECISION_LIMIT, store.recentDecisions(Integer.MAX_VALUE).size());
        assertEquals(List.of("req-" + (StateStore.DECISION_LIMIT + 4), "req-" + (StateStore.DECISION_LIMIT + 3)),
                store.recentDecisions(2).stream().map(DecisionRecord::requestId).toList());
    }
}
