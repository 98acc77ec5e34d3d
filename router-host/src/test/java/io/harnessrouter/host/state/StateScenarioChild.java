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
 * <p>Usage: {@code count <db> <sync> <index> <attempts>}, {@code probe <db> <sync> <index>},
 * {@code slots <db> <sync> <index> <rounds> <cap>}; and, without the barrier, {@code hold <db>
 * <sync> <index> <cap>} and {@code spawn <db> <sync> <index>}, which print {@code ready ...} and
 * then wait to be killed.
 */
public final class StateScenarioChild {

    static final String SHARED_ROUTE = "shared::route";
    static final String BREAKER_ROUTE = "probe::route";
    static final String CAPPED_ROUTE = "capped::route";
    static final String HELD_PREFIX = "held-";

    private StateScenarioChild() {
    }

    public static void main(String[] args) {
        try {
            Path db = Path.of(args[1]);
            Path sync = Path.of(args[2]);
            int index = Integer.parseInt(args[3]);
            switch (args[0]) {
                case "count" -> count(db, sync, index, Integer.parseInt(args[4]));
                case "probe" -> probe(db, sync, index);
                case "slots" -> slots(db, sync, index, Integer.parseInt(args[4]), Integer.parseInt(args[5]));
                case "hold" -> hold(db, Integer.parseInt(args[4]));
                case "spawn" -> spawn(db);
                default -> throw new IllegalArgumentException("unknown mode " + args[0]);
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

    /**
     * {@code rounds} times: takes a slot of the capped route (retrying every millisecond while it
     * is full), then, as a witness independent of SQLite, creates a marker file, counts the
     * markers of every process, holds for 3 ms, deletes the marker and releases. Prints the most
     * markers it saw and how often it found the route full.
     */
    private static void slots(Path db, Path sync, int index, int rounds, int cap) throws Exception {
        try (SqliteStateStore store = SqliteStateStore.open(db)) {
            awaitGo(sync, index);
            int max = 0;
            int full = 0;
            for (int round = 0; round < rounds; round++) {
                SlotClaim claim;
                while (!((claim = store.tryAcquireSlot(CAPPED_ROUTE, cap)) instanceof SlotClaim.Granted)) {
                    full++;
                    Thread.sleep(1);
                }
                Path marker = Files.createFile(sync.resolve(HELD_PREFIX + index + "-" + round));
                try (Stream<Path> files = Files.list(sync)) {
                    max = Math.max(max, (int) files.filter(f -> f.getFileName().toString().startsWith(HELD_PREFIX))
                            .count());
                }
                Thread.sleep(3);
                Files.delete(marker);
                store.releaseSlot(((SlotClaim.Granted) claim).lease());
            }
            System.out.println("max " + max + " full " + full);
        }
    }

    /** Takes {@code cap} slots of the capped route and waits to be killed. */
    private static void hold(Path db, int cap) throws Exception {
        SqliteStateStore store = SqliteStateStore.open(db);
        for (int i = 0; i < cap; i++) {
            if (!(store.tryAcquireSlot(CAPPED_ROUTE, cap) instanceof SlotClaim.Granted)) {
                throw new IllegalStateException("slot " + i + " not granted");
            }
        }
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(60_000);
    }

    /**
     * Starts a CLI stand-in the way the process runner does (its own process group, a child of
     * its own), records it in the ledger, prints its pid and waits to be killed.
     */
    private static void spawn(Path db) throws Exception {
        SqliteStateStore store = SqliteStateStore.open(db);
        ChildProcessLedger ledger = new ChildProcessLedger(store);
        Process cli = new ProcessBuilder("setsid", "sh", "-c", "sleep 60 & wait").start();
        ledger.started(cli.pid(), cli.toHandle().info().startInstant().orElseThrow(), cli.info().arguments()
                .map(java.util.List::of).orElse(java.util.List.of()));
        System.out.println("ready " + cli.pid());
        System.out.flush();
        Thread.sleep(60_000);
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
