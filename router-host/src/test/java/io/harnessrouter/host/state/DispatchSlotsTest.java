package io.harnessrouter.host.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The per-route dispatch slots of both stores: the same semantics in memory and in SQLite. */
class DispatchSlotsTest {

    private static final String ROUTE = "opus::claude_code";

    @TempDir
    static Path dir;

    private final List<Process> spawned = new ArrayList<>();

    @AfterEach
    void killSpawned() {
        spawned.forEach(Process::destroyForcibly);
    }

    static Stream<String> stores() {
        return Stream.of("memory", "sqlite");
    }

    private static StateStore store(String kind) {
        return kind.equals("memory") ? new MemoryStateStore()
                : SqliteStateStore.open(dir.resolve(System.nanoTime() + "/state.db"));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void grantsUpToTheCapThenSaysHowManyAreInUse(String kind) {
        try (StateStore store = store(kind)) {
            List<DispatchLease> held = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                held.add(assertInstanceOf(SlotClaim.Granted.class, store.tryAcquireSlot(ROUTE, 4)).lease());
            }

            assertEquals(new SlotClaim.Full(4, 4), store.tryAcquireSlot(ROUTE, 4));
            assertInstanceOf(SlotClaim.Granted.class, store.tryAcquireSlot("other::route", 4));
            assertEquals(Map.of(ROUTE, 4, "other::route", 1), store.slotsInUse());

            store.releaseSlot(held.get(2));
            store.releaseSlot(held.get(2));
            assertInstanceOf(SlotClaim.Granted.class, store.tryAcquireSlot(ROUTE, 4));
            assertEquals(new SlotClaim.Full(4, 4), store.tryAcquireSlot(ROUTE, 4));
            assertEquals(new SlotClaim.Full(4, 2), store.tryAcquireSlot(ROUTE, 2));
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void refusesACapBelowOne(String kind) {
        try (StateStore store = store(kind)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> store.tryAcquireSlot(ROUTE, 0));
            assertEquals("cap must be at least 1, was 0", e.getMessage());
        }
    }

    @Test
    void slotsOfAProcessThatIsGoneOrWhosePidWasReusedAreReclaimedAndALiveOnesAreNot() throws Exception {
        Path file = dir.resolve("reclaim/state.db");
        try (SqliteStateStore store = SqliteStateStore.open(file)) {
            ProcessIdentity me = ProcessIdentity.current();
            ProcessIdentity reused = new ProcessIdentity(me.pid(), me.start().map(s -> s.minusSeconds(3600)));
            ProcessIdentity exited = exitedProcess();
            ProcessIdentity live = ProcessIdentity.of(sleeper().toHandle());
            insertLease(file, reused);
            insertLease(file, exited);
            insertLease(file, live);

            assertEquals(new SlotClaim.Full(1, 1), store.tryAcquireSlot(ROUTE, 1));
            assertEquals("1", StateFixtures.queryString(file, "SELECT count(*) FROM hr_leases"));
            assertInstanceOf(SlotClaim.Granted.class, store.tryAcquireSlot(ROUTE, 2));
            assertEquals(Map.of(ROUTE, 2), store.slotsInUse());
        }
    }

    private Process sleeper() throws Exception {
        Process p = new ProcessBuilder("sleep", "60").start();
        spawned.add(p);
        return p;
    }

    /** A process that ran and exited: its identity now names nobody. */
    static ProcessIdentity exitedProcess() throws Exception {
        Process p = new ProcessBuilder("sleep", "0.2").start();
        ProcessIdentity id = ProcessIdentity.of(p.toHandle());
        p.waitFor();
        return id;
    }

    private static void insertLease(Path file, ProcessIdentity owner) throws Exception {
        StateFixtures.exec(file, "INSERT INTO hr_leases(route_id, owner_pid, owner_start_ms, acquired_at_ms) VALUES('"
                + ROUTE + "', " + owner.pid() + ", " + owner.startMillis() + ", " + Instant.now().toEpochMilli() + ")");
    }
}
