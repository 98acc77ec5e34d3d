package io.harnessrouter.host.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;

/**
 * Scenario: several server processes on one state file. Each test starts {@value #PROCESSES} JVMs
 * running {@link StateScenarioChild}, releases them together through a file barrier and checks the
 * shared result. About 3-6 s per test on 2 cores (JVM start dominates).
 */
@Tag("scenario")
class MultiProcessStateScenarioTest {

    private static final int PROCESSES = 8;
    private static final int ATTEMPTS = 500;
    private static final long TIMEOUT_SECONDS = 60;

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @Test
    void eightProcessesRecordingAtOnceLoseNoCountAndNeverSeeBusy() throws Exception {
        Path db = dir.resolve("state/state.db");
        Files.createDirectories(db.getParent());

        List<Child> children = run("count", db, String.valueOf(ATTEMPTS));

        try (SqliteStateStore store = SqliteStateStore.open(db)) {
            Map<String, RouteCounters> counters = store.counters();
            assertEquals(new RouteCounters(StateScenarioChild.SHARED_ROUTE, 8L * ATTEMPTS, 8L * 300, 8L * 200, 8L * 100),
                    counters.get(StateScenarioChild.SHARED_ROUTE));
            for (int i = 0; i < PROCESSES; i++) {
                String own = StateScenarioChild.ownRoute(i);
                assertEquals(new RouteCounters(own, 100, 60, 40, 20), counters.get(own));
            }
            assertEquals(PROCESSES + 1, counters.size());
            assertEquals(StateStore.HISTORY_LIMIT, store.recentAttempts(StateStore.HISTORY_LIMIT).size());
        }
        String expectedLibrary = Files.exists(Path.of("/proc/self/maps"))
                ? db.getParent().resolve(".native").resolve(SQLiteJDBCLoader.getVersion()).resolve("libsqlitejdbc.so")
                        .toString()
                : "unknown";
        for (Child c : children) {
            assertTrue(c.out().matches("window \\d+ \\d+\n" + Pattern.quote("native " + expectedLibrary) + "\n"),
                    "child " + c.index() + " printed " + c.out());
        }
        System.out.println("count scenario windows (start end ms): " + windows(children));
    }

    @Test
    void exactlyOneOfEightProcessesTakesTheHalfOpenProbe() throws Exception {
        Path db = dir.resolve("state.db");
        Instant past = Instant.now().minusSeconds(5);
        try (SqliteStateStore store = SqliteStateStore.open(db)) {
            store.updateBreaker(StateScenarioChild.BREAKER_ROUTE,
                    s -> StateFixtures.open(s.routeId(), past, past.minusSeconds(30)));
        }

        List<Child> children = run("probe", db);

        List<String> winners = new ArrayList<>();
        for (Child c : children) {
            assertTrue(c.out().equals("won\n") || c.out().equals("lost\n"), "child " + c.index() + ": " + c.out());
            if (c.out().equals("won\n")) {
                winners.add("child-" + c.index());
            }
        }
        assertEquals(1, winners.size(), "winners: " + winners);
        try (SqliteStateStore store = SqliteStateStore.open(db)) {
            BreakerState row = store.breaker(StateScenarioChild.BREAKER_ROUTE);
            assertEquals(BreakerState.Status.HALF_OPEN, row.status());
            assertEquals(Optional.of(winners.get(0)), row.probeOwner());
        }
    }

    @Test
    void eightProcessesNeverHoldMoreThanTheCapOfOneRoute() throws Exception {
        Path db = dir.resolve("state.db");
        SqliteStateStore.open(db).close();
        int cap = 3;

        List<Child> children = run("slots", db, "40", String.valueOf(cap));

        int most = 0;
        long full = 0;
        for (Child c : children) {
            Matcher m = Pattern.compile("max (\\d+) full (\\d+)\n").matcher(c.out());
            assertTrue(m.matches(), "child " + c.index() + " printed " + c.out());
            most = Math.max(most, Integer.parseInt(m.group(1)));
            full += Long.parseLong(m.group(2));
        }
        assertTrue(most <= cap, "up to " + most + " dispatches held at once, cap " + cap);
        assertEquals(cap, most, "the processes never contended for the route");
        assertTrue(full > 0, "no process ever found the route full");
        try (SqliteStateStore store = SqliteStateStore.open(db)) {
            assertEquals(Map.of(), store.slotsInUse());
        }
        System.out.println("slots scenario: " + full + " tries found the route full");
    }

    @Test
    void theSlotsOfAServerKilledWithSigkillAreReclaimed() throws Exception {
        Path db = dir.resolve("state.db");
        SqliteStateStore.open(db).close();
        Process holder = startAlone("hold", db, "2");
        awaitReadyLine(holder, "hold");
        try (SqliteStateStore store = SqliteStateStore.open(db)) {
            assertEquals(new SlotClaim.Full(2, 2), store.tryAcquireSlot(StateScenarioChild.CAPPED_ROUTE, 2));

            holder.destroyForcibly();
            assertTrue(holder.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS));

            assertInstanceOf(SlotClaim.Granted.class, store.tryAcquireSlot(StateScenarioChild.CAPPED_ROUTE, 2));
            assertInstanceOf(SlotClaim.Granted.class, store.tryAcquireSlot(StateScenarioChild.CAPPED_ROUTE, 2));
            assertEquals(Map.of(StateScenarioChild.CAPPED_ROUTE, 2), store.slotsInUse());
        }
    }

    @Test
    void theCliOfAServerKilledWithSigkillIsReapedByTheNextProcess() throws Exception {
        Path db = dir.resolve("state.db");
        Process server = startAlone("spawn", db);
        long cliPid = Long.parseLong(awaitReadyLine(server, "spawn").substring("ready ".length()));
        ProcessHandle cli = ProcessHandle.of(cliPid).orElseThrow();
        ProcessHandle cliChild = awaitChild(cli);

        server.destroyForcibly();
        assertTrue(server.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        Thread.sleep(200);
        assertTrue(cli.isAlive() && cliChild.isAlive(), "the CLI died with its server; nothing left to reap");

        try (SqliteStateStore store = SqliteStateStore.open(db)) {
            long start = System.nanoTime();
            assertEquals(1, new ChildProcessLedger(store).reapOrphans());
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(cli.onExit().completeOnTimeout(null, 5, TimeUnit.SECONDS).join() != null || !cli.isAlive());
            assertTrue(cliChild.onExit().completeOnTimeout(null, 5, TimeUnit.SECONDS).join() != null
                    || !cliChild.isAlive());
            assertEquals(List.of(), store.children());
            System.out.println("reaped the CLI tree of a SIGKILLed server in " + ms + " ms");
        } finally {
            cli.destroyForcibly();
            cliChild.destroyForcibly();
        }
    }

    private Process startAlone(String mode, Path db, String... extra) throws IOException {
        Path sync = Files.createDirectories(dir.resolve("sync-" + mode));
        Process p = start(mode, db, sync, 0, extra);
        started.add(p);
        return p;
    }

    /** The first line {@code p} prints ({@code ready ...}); read from its output file. */
    private String awaitReadyLine(Process p, String mode) throws Exception {
        Path out = dir.resolve("sync-" + mode).resolve("out-0");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            if (Files.exists(out) && Files.readString(out).endsWith("\n")) {
                return Files.readString(out).strip();
            }
            if (!p.isAlive()) {
                fail("child died: " + Files.readString(dir.resolve("sync-" + mode).resolve("err-0")));
            }
            Thread.sleep(10);
        }
        throw new AssertionError("child not ready within " + TIMEOUT_SECONDS + " s");
    }

    private static ProcessHandle awaitChild(ProcessHandle parent) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            Optional<ProcessHandle> child = parent.children().findFirst();
            if (child.isPresent()) {
                return child.get();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the CLI stand-in started no child");
    }

    @AfterEach
    void killStarted() {
        started.forEach(Process::destroyForcibly);
    }

    /** A finished child: its index, exit code and output. */
    private record Child(int index, int exit, String out, String err) {
    }

    private List<Child> run(String mode, Path db, String... extra) throws Exception {
        Path sync = Files.createDirectories(dir.resolve("sync"));
        List<Process> processes = new ArrayList<>();
        try {
            for (int i = 0; i < PROCESSES; i++) {
                processes.add(start(mode, db, sync, i, extra));
            }
            awaitReady(sync, processes);
            Files.createFile(sync.resolve("go"));
            List<Child> children = new ArrayList<>();
            for (int i = 0; i < PROCESSES; i++) {
                children.add(finish(processes.get(i), sync, i));
            }
            return children;
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
    }

    private static Process start(String mode, Path db, Path sync, int index, String... extra) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Xmx64m",
                "-cp", System.getProperty("java.class.path"),
                StateScenarioChild.class.getName(), mode, db.toString(), sync.toString(), String.valueOf(index)));
        cmd.addAll(List.of(extra));
        return new ProcessBuilder(cmd)
                .redirectOutput(sync.resolve("out-" + index).toFile())
                .redirectError(sync.resolve("err-" + index).toFile())
                .start();
    }

    private static void awaitReady(Path sync, List<Process> processes) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        for (int i = 0; i < processes.size(); i++) {
            while (!Files.exists(sync.resolve("ready-" + i))) {
                if (!processes.get(i).isAlive()) {
                    fail("child " + i + " died before the barrier: " + Files.readString(sync.resolve("err-" + i)));
                }
                if (System.nanoTime() > deadline) {
                    fail("child " + i + " not ready within " + TIMEOUT_SECONDS + " s");
                }
                Thread.sleep(5);
            }
        }
    }

    private static Child finish(Process p, Path sync, int index) throws Exception {
        assertTrue(p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "child " + index + " did not finish");
        String out = Files.readString(sync.resolve("out-" + index));
        String err = Files.readString(sync.resolve("err-" + index));
        assertFalse(err.contains("SQLITE_BUSY"), "child " + index + " saw SQLITE_BUSY:\n" + err);
        assertEquals(0, p.exitValue(), "child " + index + " failed:\n" + err);
        return new Child(index, p.exitValue(), out, err);
    }

    private static String windows(List<Child> children) {
        StringBuilder sb = new StringBuilder();
        for (Child c : children) {
            sb.append(c.out().lines().findFirst().orElse("").replace("window ", "")).append("; ");
        }
        return sb.toString();
    }
}
