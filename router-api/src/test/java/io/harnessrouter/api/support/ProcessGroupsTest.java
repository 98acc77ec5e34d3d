package io.harnessrouter.api.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.harnessrouter.api.testkit.FakeClis;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-JVM half of "no CLI outlives the server": process groups, the watchdog, the listener. */
class ProcessGroupsTest {

    /** Prints the shell's pid and process group id (field 5 of /proc/self/stat; the name has no spaces). */
    private static final String PRINT_PID_AND_GROUP = "echo $$; cut -d' ' -f5 /proc/$$/stat";

    @TempDir
    Path dir;

    private final List<Long> toClean = new CopyOnWriteArrayList<>();
    private DefaultProcessRunner runner;

    @BeforeEach
    void needsSetsid() {
        assumeTrue(GroupWatchdog.setsid().isPresent(), "needs util-linux setsid");
        runner = new DefaultProcessRunner();
    }

    @AfterEach
    void close() {
        if (runner != null) {
            runner.close();
        }
        toClean.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void runsEachChildAsTheLeaderOfAProcessGroupOfItsOwn() throws IOException {
        ProcessOutcome o = runner.run(spec(script("group", PRINT_PID_AND_GROUP)).build());

        String[] lines = o.stdout().split("\n");
        assertEquals(lines[0], lines[1], o.stdout());
        assertNotEquals(Long.toString(groupOf(ProcessHandle.current().pid())), lines[1]);
        assertTrue(runner.watchdogPid().isPresent());
    }

    @Test
    void runsChildrenInTheJvmsGroupAndStillKillsTheirTreeWithoutSetsid() throws IOException {
        try (DefaultProcessRunner plain = new DefaultProcessRunner(null, ChildProcessListener.NONE, Optional.empty())) {
            ProcessOutcome o = plain.run(spec(script("plain", PRINT_PID_AND_GROUP)).build());
            List<String> pid = new CopyOnWriteArrayList<>();
            ProcessOutcome t = plain.run(spec(script("hang", "sleep 300 & echo $!; sleep 300"))
                    .timeout(Duration.ofMillis(300)).stdoutLines(pid::add).build());

            assertEquals(Long.toString(groupOf(ProcessHandle.current().pid())), o.stdout().split("\n")[1]);
            assertTrue(t.timedOut());
            assertFalse(FakeClis.isRunning(Long.parseLong(pid.get(0))));
            assertEquals(OptionalLong.empty(), plain.watchdogPid());
        }
    }

    @Test
    void killsWhatTheChildLeftRunningInItsGroupWhenItExits() throws Exception {
        Path s = script("leaves", "sleep 300 >/dev/null 2>&1 & echo $!; exit 0");

        ProcessOutcome o = runner.run(spec(s).build());
        long orphan = Long.parseLong(o.stdout().strip());
        toClean.add(orphan);

        assertEquals(0, o.exitCode());
        assertGoneWithin(Duration.ofSeconds(1), orphan);
    }

    @Test
    void aTimeoutKillsTheGroupEvenWhatLeftTheTreeAndIgnoresSigterm() throws Exception {
        // The inner sh exits at once, so its sleep is re-parented away from the tree the JDK can
        // see; it ignores SIGTERM, so only the SIGKILL to the group ends it before the grace.
        Path s = script("escapes", "sh -c 'trap \"\" TERM; exec sleep 300 >/dev/null 2>&1 & echo $!'; exec sleep 300");
        List<String> pid = new CopyOnWriteArrayList<>();

        ProcessOutcome o = runner.run(spec(s).timeout(Duration.ofMillis(300)).killGrace(Duration.ofMillis(300))
                .stdoutLines(pid::add).build());
        long escaped = Long.parseLong(pid.get(0));
        toClean.add(escaped);

        assertTrue(o.timedOut());
        assertGoneWithin(Duration.ofMillis(500), escaped);
    }

    @Test
    void tellsTheListenerAboutEveryChildAndWhenItIsGone() throws IOException {
        List<String> events = new CopyOnWriteArrayList<>();
        List<Instant> instants = new CopyOnWriteArrayList<>();
        ChildProcessListener listener = new ChildProcessListener() {
            @Override
            public void started(long pid, Instant startInstant, List<String> command) {
                events.add("started " + pid + " " + command);
                instants.add(startInstant);
                instants.add(ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()).orElseThrow());
            }

            @Override
            public void ended(long pid, Instant startInstant) {
                events.add("ended " + pid + " " + FakeClis.isRunning(pid));
                instants.add(startInstant);
            }
        };
        Path s = script("me", "echo $$; sleep 0.2");
        try (DefaultProcessRunner listened = new DefaultProcessRunner(null, listener)) {
            String pid = listened.run(spec(s).build()).stdout().strip();

            assertEquals(List.of("started " + pid + " [" + s + ", a b]", "ended " + pid + " false"), events);
            assertEquals(instants.get(1), instants.get(0));
            assertEquals(instants.get(0), instants.get(2));
        }
    }

    @Test
    void ignoresAListenerThatThrows() throws IOException {
        ChildProcessListener broken = new ChildProcessListener() {
            @Override
            public void started(long pid, Instant startInstant, List<String> command) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void ended(long pid, Instant startInstant) {
                throw new IllegalStateException("listener bug");
            }
        };
        try (DefaultProcessRunner listened = new DefaultProcessRunner(null, broken)) {
            ProcessOutcome o = listened.run(spec(script("fine", "echo fine")).build());

            assertEquals("fine\n", o.stdout());
            assertTrue(o.exitedCleanly());
        }
    }

    @Test
    void startsANewWatchdogWhenTheOldOneWasKilled() throws Exception {
        runner.run(spec(script("first", "true")).build());
        long first = runner.watchdogPid().orElseThrow();
        ProcessHandle old = ProcessHandle.of(first).orElseThrow();
        old.destroyForcibly();
        old.onExit().get(5, TimeUnit.SECONDS);

        ProcessOutcome o = runner.run(spec(script("second", PRINT_PID_AND_GROUP)).build());

        assertTrue(o.exitedCleanly(), o.toString());
        long second = runner.watchdogPid().orElseThrow();
        assertNotEquals(first, second);
        String[] lines = o.stdout().split("\n");
        assertEquals(lines[0], lines[1]);
    }

    @Test
    void theWatchdogExitsWhenTheRunnerCloses() throws Exception {
        runner.run(spec(script("one", "true")).build());
        ProcessHandle watchdog = ProcessHandle.of(runner.watchdogPid().orElseThrow()).orElseThrow();

        runner.close();

        watchdog.onExit().get(5, TimeUnit.SECONDS);
        assertFalse(watchdog.isAlive());
    }

    @Test
    void reportsACliWhoseInterpreterIsMissingAsNotFoundAsWithoutSetsid() throws IOException {
        Path s = dir.resolve("bad-interpreter");
        Files.writeString(s, "#!/nonexistent/interpreter\n");
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (DefaultProcessRunner plain = new DefaultProcessRunner(null, ChildProcessListener.NONE, Optional.empty())) {
            ProcessOutcome grouped = runner.run(spec(s).build());
            ProcessOutcome ungrouped = plain.run(spec(s).build());

            assertEquals(Optional.of("cannot run '" + s + "': No such file or directory"), grouped.startError());
            assertEquals(Optional.of(ProcessOutcome.StartFailure.NOT_FOUND), grouped.startFailure());
            assertEquals(ungrouped.startError(), grouped.startError());
            assertEquals(ungrouped.startFailure(), grouped.startFailure());
        }
    }

    private static void assertGoneWithin(Duration limit, long pid) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (FakeClis.isRunning(pid) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertFalse(FakeClis.isRunning(pid), "pid " + pid + " still alive after " + limit.toMillis() + " ms");
    }

    private static long groupOf(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[2]);
    }

    private ProcessSpec.Builder spec(Path script) {
        return ProcessSpec.builder(List.of(script.toString(), "a b")).timeout(Duration.ofSeconds(30));
    }

    private Path script(String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }
}
