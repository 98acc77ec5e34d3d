package io.harnessrouter.host.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.harnessrouter.host.quota.LearnedLimit;
import io.harnessrouter.host.quota.Usage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage counted per minute in the shared file: additive, exact under concurrency, pruned, read per span. */
class UsageStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-22T14:00:30Z");

    @TempDir
    Path dir;

    @Test
    void usageFromManyThreadsAndTwoConnectionsAddsUpExactly() throws Exception {
        Path file = dir.resolve("state.db");
        try (SqliteStateStore a = SqliteStateStore.open(file); SqliteStateStore b = SqliteStateStore.open(file)) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                SqliteStateStore s = i % 2 == 0 ? a : b;
                Instant at = T0.plusSeconds(i % 3 * 60);
                done.add(pool.submit(() -> s.addUsage("m::a", at, new Usage(1, 100, 10, 0.001, Optional.empty()))));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();

            Usage total = b.usage("m::a", T0.minus(Duration.ofHours(1)));
            assertEquals(200, total.requests());
            assertEquals(22_000, total.tokens());
            assertEquals(0.2, total.usd(), 1e-9);
            assertEquals(Optional.of(Instant.parse("2026-11-22T14:00:00Z")), total.oldest());
            assertEquals(3, a.usageRows(T0.minus(Duration.ofHours(1))).size());
        }
    }

    @Test
    void aSpanCountsItsFirstMinuteAndNothingBefore() {
        try (SqliteStateStore s = SqliteStateStore.open(dir.resolve("state.db"))) {
            s.addUsage("m::a", T0.minus(Duration.ofMinutes(10)), new Usage(5, 0, 0, 0, Optional.empty()));
            s.addUsage("m::a", T0, new Usage(1, 0, 0, 0, Optional.empty()));
            s.addUsage("m::a", T0, new Usage(-1, 7, 3, 0, Optional.empty()));   // a refused request taken back

            assertEquals(new Usage(0, 7, 3, 0, Optional.of(Instant.parse("2026-11-22T14:00:00Z"))),
                    s.usage("m::a", T0));
            assertEquals(5, s.usage("m::a", T0.minus(Duration.ofMinutes(10))).requests());
            assertEquals(Usage.NONE, s.usage("m::b", T0));
        }
    }

    @Test
    void usageOlderThanTheRetentionIsPruned() {
        try (SqliteStateStore s = SqliteStateStore.open(dir.resolve("state.db"))) {
            s.addUsage("m::a", T0.minus(Duration.ofDays(40)), new Usage(3, 0, 0, 0, Optional.empty()));
            s.addUsage("m::a", T0, new Usage(1, 0, 0, 0, Optional.empty()));

            assertEquals(1, s.usage("m::a", T0.minus(Duration.ofDays(60))).requests());
        }
    }

    @Test
    void aLearnedLimitIsSharedAndReplaced() {
        Path file = dir.resolve("state.db");
        try (SqliteStateStore a = SqliteStateStore.open(file); SqliteStateStore b = SqliteStateStore.open(file)) {
            a.saveLearnedLimit(new LearnedLimit("group:claude-max", 40, Duration.ofHours(5), T0));
            b.saveLearnedLimit(new LearnedLimit("group:claude-max", 44, Duration.ofHours(5), T0.plusSeconds(60)));

            assertEquals(44, a.learnedLimits().get("group:claude-max").requests());
            assertEquals(T0.plusSeconds(60), a.learnedLimits().get("group:claude-max").learnedAt());
        }
    }
}
