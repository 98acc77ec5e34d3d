package io.harnessrouter.api.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.harnessrouter.api.testkit.FakeClis;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing: a JVM running a dispatch (the fake claude in hang mode, which starts a
 * {@code sleep} grandchild) is killed with SIGKILL, and the whole tree must be gone soon after.
 */
class NoChildOutlivesAKilledJvmTest {

    /** What the issue allows. */
    private static final long LIMIT_MILLIS = 10_000;

    @TempDir
    Path dir;

    private final List<Long> toClean = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        toClean.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void theCliAndItsGrandchildDieSoonAfterTheJvmIsKilledWithSigkill() throws Exception {
        assumeTrue(GroupWatchdog.setsid().isPresent(), "needs util-linux setsid");
        Dispatch d = startDispatch(List.of());

        d.jvm.destroyForcibly();
        assertTrue(d.jvm.waitFor(10, TimeUnit.SECONDS));
        long killed = System.nanoTime();

        long millis = awaitGone(d.cli, d.grandchild);
        System.out.println("tree gone " + millis + " ms after SIGKILL of the JVM");
        assertTrue(millis < 2_000, "the tree took " + millis + " ms to die");
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed) < LIMIT_MILLIS);
    }

    @Test
    void theTreeDiesWhenTheServersWholeProcessGroupIsKilled() throws Exception {
        assumeTrue(GroupWatchdog.setsid().isPresent(), "needs util-linux setsid");
        // The server in a session of its own, as a host that kills the group would see it.
        Dispatch d = startDispatch(List.of(GroupWatchdog.setsid().get().toString()));

        Process kill = new ProcessBuilder("kill", "-s", "KILL", "--", "-" + d.jvm.pid()).start();
        assertEquals(0, kill.waitFor());
        assertTrue(d.jvm.waitFor(10, TimeUnit.SECONDS));

        long millis = awaitGone(d.cli, d.grandchild);
        System.out.println("tree gone " + millis + " ms after SIGKILL of the server's process group");
        assertTrue(millis < 2_000, "the tree took " + millis + " ms to die");
    }

    @Test
    void aDescendantThatLeftTheCliGroupForASessionOfItsOwnDiesToo() throws Exception {
        assumeTrue(GroupWatchdog.setsid().isPresent(), "needs util-linux setsid");
        // A CLI whose child escapes the process group (setsid): only the runner's mark in its
        // environment lets the watchdog find it once the JVM is gone.
        Path escaper = dir.resolve("escaper");
        Files.writeString(escaper, "#!/bin/sh\n" + GroupWatchdog.setsid().get() + " sleep 300 &\n"
                + "printf '%s\\n' \"$!\" > \"$FAKE_CLAUDE_PIDFILE\"\nwait\n");
        escaper.toFile().setExecutable(true);
        Dispatch d = startDispatch(List.of(), escaper);
        assertTrue(FakeClis.isRunning(d.grandchild()));
        // The pid file is written right after the fork; setsid may not have run yet.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long sid = sessionOf(d.grandchild());
        while (sid != d.grandchild() && System.nanoTime() < deadline) {
            Thread.sleep(10);
            sid = sessionOf(d.grandchild());
        }
        assertEquals(d.grandchild(), sid, "the grandchild runs in a session of its own");

        d.jvm.destroyForcibly();
        assertTrue(d.jvm.waitFor(10, TimeUnit.SECONDS));
        long millis = awaitGone(d.cli, d.grandchild);
        System.out.println("escaped grandchild gone " + millis + " ms after SIGKILL of the JVM");
        assertTrue(millis < 4_000, "the tree took " + millis + " ms to die");
    }

    private static long sessionOf(long pid) throws IOException {
        return Long.parseLong(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))
                .replaceFirst("^.*\\) \\S+ \\d+ \\d+ (\\d+).*$", "$1").trim());
    }

    private Dispatch startDispatch(List<String> prefix) throws IOException, InterruptedException {
        return startDispatch(prefix, FakeClis.install("claude", dir));
    }

    private Dispatch startDispatch(List<String> prefix, Path claude) throws IOException, InterruptedException {
        Path pidFile = dir.resolve("grandchild.pid");
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath(), DispatchingServerMain.class.getName(), claude.toString(),
                "FAKE_CLAUDE_MODE=hang", "FAKE_CLAUDE_PIDFILE=" + pidFile));
        Process jvm = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        toClean.add(jvm.pid());
        BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertTrue(line != null && line.startsWith("started "), "child JVM said: " + line);
        long cli = Long.parseLong(line.substring("started ".length()));
        toClean.add(cli);
        long grandchild = awaitPid(pidFile);
        toClean.add(grandchild);
        assertTrue(FakeClis.isRunning(cli) && FakeClis.isRunning(grandchild), "the dispatch is not running");
        return new Dispatch(jvm, cli, grandchild);
    }

    /** Milliseconds until neither pid runs; fails past the limit. */
    private static long awaitGone(long... pids) throws InterruptedException {
        long t0 = System.nanoTime();
        while (true) {
            boolean any = false;
            for (long pid : pids) {
                any |= FakeClis.isRunning(pid);
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            if (!any) {
                return millis;
            }
            assertFalse(millis > LIMIT_MILLIS, "still alive " + millis + " ms after the kill");
            Thread.sleep(10);
        }
    }

    private static long awaitPid(Path file) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                String text = Files.readString(file).strip();
                if (!text.isEmpty()) {
                    return Long.parseLong(text);
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the fake CLI wrote no pid to " + file);
    }

    /** router-api's classes and test classes: all the stand-in server needs. */
    private static String classPath() {
        return List.of(DefaultProcessRunner.class, DispatchingServerMain.class, FakeClis.class).stream()
                .map(c -> {
                    try {
                        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
                    } catch (java.net.URISyntaxException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .distinct().collect(Collectors.joining(java.io.File.pathSeparator));
    }

    private record Dispatch(Process jvm, long cli, long grandchild) {
    }
}
