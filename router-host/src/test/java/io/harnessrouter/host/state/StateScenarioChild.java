package io.harnessrouter.host.state;

import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.Tier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One process of {@link MultiProcessStateScenarioTest}. Loads the SQLite native library, says it
 * is ready ({@code <sync>/ready-<index>}), waits for {@code <sync>/go}, then works on the shared
 * file. Prints its results on stdout; on any failure prints the stack trace to stderr and exits 1.
 *
 * <p>Usage: {@code count <db> <sync> <index> <attempts>} or {@code probe <db> <sync> <index>}.
 */
public final class StateScenarioChild {

    static final String SHARED_ROUTE = "shared::route";
    static final String BREAKER_ROUTE = "probe::route";

    private StateScenarioChild() {
    }

    public static void main(String[] args) {
        try {
            Path db = Path.of(args[1]);
            Path sync = Path.of(args[2]);
            int index = Integer.parseInt(args[3]);
            if (args[0].equals("count")) {
                count(db, sync, index, Integer.parseInt(args[4]));
            } else {
                probe(db, sync, index);
            }
            System.out.flush();
            System.exit(0);
        } catch (Throwable t) {
            t.printStackTrace(System.err);
            System.err.flush();
            System.exit(1);
        }
    }

    /**
     * Records {@code attempts} attempts on the shared route (every 5th a rate limit, every 5th + 1 a
     * plain failure) and one on its own route for every 5th. Opens the file only after the barrier,
     * so every process also races to create the schema.
     */
    private static void count(Path db, Path sync, int index, int attempts) throws Exception {
        SqliteNative.prepare(db.getParent());
        org.sqlite.SQLiteJDBCLoader.initialize();
        awaitGo(sync, index);
        long start = System.currentTimeMillis();
        try (SqliteStateStore store = SqliteStateStore.open(db)) {
            for (int i = 0; i < attempts; i++) {
                store.recordAttempt(attempt(SHARED_ROUTE, i));
                if (i % 5 == 0) {
                    store.recordAttempt(attempt(ownRoute(index), i / 5));
                }
            }
            System.out.println("window " + start + " " + System.currentTimeMillis());
            System.out.println("native " + nativeLibrary());
        }
    }

    /** Tries once to take the half-open probe of an open breaker whose cool-down has passed. */
    private static void probe(Path db, Path sync, int index) throws Exception {
        try (SqliteStateStore store = SqliteStateStore.open(db)) {
            awaitGo(sync, index);
            String me = "child-" + index;
            BreakerState after = store.updateBreaker(BREAKER_ROUTE, s -> takeProbe(s, me, Instant.now()));
            System.out.println(after.probeOwner().equals(Optional.of(me)) ? "won" : "lost");
        }
    }

    static BreakerState takeProbe(BreakerState s, String owner, Instant now) {
        boolean due = s.status() == BreakerState.Status.OPEN && s.openUntil().map(now::isAfter).orElse(false);
        if (!due) {
            return s;
        }
        return new BreakerState(s.routeId(), BreakerState.Status.HALF_OPEN, s.consecutiveFailures(), s.openCount(),
                s.openUntil(), Optional.of(owner), Optional.of(now.plusSeconds(60)), s.lastError(), now);
    }

    static String ownRoute(int index) {
        return "p" + index + "::route";
    }

    static AttemptRecord attempt(String route, int i) {
        boolean ok = i % 5 > 1;
        FailureKind kind = ok ? FailureKind.NONE : i % 5 == 0 ? FailureKind.RATE_LIMITED : FailureKind.OTHER;
        return new AttemptRecord(Instant.now(), "req-" + i, route, "m", Tier.SUBSCRIPTION, ok, kind,
                ok ? "" : "failed " + i, Duration.ofMillis(i));
    }

    private static void awaitGo(Path sync, int index) throws IOException, InterruptedException {
        Files.createFile(sync.resolve("ready-" + index));
        Path go = sync.resolve("go");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.exists(go)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no go signal within 60 s");
            }
            Thread.sleep(1);
        }
    }

    /** Where this process mapped the SQLite library from (Linux), else "unknown". */
    private static String nativeLibrary() throws IOException {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return "unknown";
        }
        try (Stream<String> lines = Files.lines(maps)) {
            return lines.filter(l -> l.contains("sqlitejdbc")).map(l -> l.substring(l.indexOf('/')))
                    .distinct().collect(Collectors.joining(","));
        }
    }
}
