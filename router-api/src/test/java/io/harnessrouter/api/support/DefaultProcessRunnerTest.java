package io.harnessrouter.api.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.support.ProcessOutcome.StartFailure;
import io.harnessrouter.api.testkit.FakeClis;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultProcessRunnerTest {

    @TempDir
    Path dir;

    private final DefaultProcessRunner runner = new DefaultProcessRunner();

    @AfterEach
    void closeRunner() {
        runner.close();
    }

    @Test
    void reportsExitCodeAndCapturesBothStreams() throws IOException {
        Path s = script("both", "echo out; echo err >&2; exit 3");

        ProcessOutcome o = runner.run(spec(s).build());

        assertEquals(3, o.exitCode());
        assertEquals("out\n", o.stdout());
        assertEquals("err\n", o.stderr());
        assertFalse(o.timedOut() || o.cancelled() || o.stdoutTruncated() || o.startError().isPresent());
        assertFalse(o.exitedCleanly());
    }

    @Test
    void streamsLinesInOrderWithoutLineBreaks() throws IOException {
        Path s = script("lines", "printf 'a\\nb\\r\\nh\\303\\251llo \\342\\234\\223\\n\\nlast'; printf 'e1\\ne2\\n' >&2");
        List<String> out = new CopyOnWriteArrayList<>();
        List<String> err = new CopyOnWriteArrayList<>();

        ProcessOutcome o = runner.run(spec(s).stdoutLines(out::add).stderrLines(err::add).build());

        assertEquals(List.of("a", "b", "héllo ✓", "", "last"), out);
        assertEquals(List.of("e1", "e2"), err);
        assertEquals("a\nb\r\nhéllo ✓\n\nlast", o.stdout());
        assertTrue(o.exitedCleanly());
    }

    @Test
    void ignoresALineConsumerThatThrows() throws IOException {
        Path s = script("throwing", "echo one; echo two");
        List<String> seen = new CopyOnWriteArrayList<>();

        ProcessOutcome o = runner.run(spec(s).stdoutLines(line -> {
            seen.add(line);
            throw new IllegalStateException("consumer bug");
        }).build());

        assertEquals(List.of("one", "two"), seen);
        assertEquals("one\ntwo\n", o.stdout());
    }

    @Test
    void deliversStdinTextAndClosesIt() throws IOException {
        Path s = script("cat", "cat");

        ProcessOutcome o = runner.run(spec(s).stdin("hello\nwörld").build());

        assertEquals("hello\nwörld", o.stdout());
        assertEquals(0, o.exitCode());
    }

    @Test
    void givesTheChildDevNullAsStdinByDefault() throws IOException {
        Path s = script("stdin", "readlink /proc/$$/fd/0; cat; echo done");

        ProcessOutcome o = runner.run(spec(s).timeout(Duration.ofSeconds(20)).build());

        assertEquals("/dev/null\ndone\n", o.stdout());
        assertFalse(o.timedOut());
    }

    @Test
    void addsSpecEnvironmentToTheInheritedOne() throws IOException {
        Path s = script("env", "echo \"$HR_TEST_VAR|${PATH:+has-path}\"");

        ProcessOutcome o = runner.run(spec(s).env(Map.of("HR_TEST_VAR", "from spec")).build());

        assertEquals("from spec|has-path\n", o.stdout());
    }

    @Test
    void startsFromTheBaseEnvironmentGivenToTheRunner() throws IOException {
        Path s = script("base-env", "echo \"$HR_BASE|$HR_SPEC\"");
        try (DefaultProcessRunner own = new DefaultProcessRunner(Map.of("HR_BASE", "base", "PATH", "/usr/bin:/bin"))) {
            ProcessOutcome o = own.run(spec(s).env(Map.of("HR_SPEC", "spec")).build());

            assertEquals("base|spec\n", o.stdout());
        }
    }

    @Test
    void looksUpABareCommandOnThePathOfTheMergedEnvironment() throws IOException {
        script("hr-fake-tool", "echo found me");
        try (DefaultProcessRunner own = new DefaultProcessRunner(Map.of("PATH", "/nonexistent"))) {
            ProcessOutcome missing = own.run(ProcessSpec.builder(List.of("hr-fake-tool")).build());
            ProcessOutcome found = own.run(ProcessSpec.builder(List.of("hr-fake-tool"))
                    .env(Map.of("PATH", "/nonexistent:" + dir)).build());

            assertEquals(Optional.of("cannot run 'hr-fake-tool': No such file or directory"), missing.startError());
            assertEquals("found me\n", found.stdout());
        }
    }

    @Test
    void runsInTheGivenWorkingDirectory() throws IOException {
        Path s = script("pwd", "pwd -P");
        Path work = Files.createDirectory(dir.resolve("work"));

        ProcessOutcome o = runner.run(spec(s).workingDir(work).build());

        assertEquals(work.toRealPath() + "\n", o.stdout());
    }

    @Test
    void reportsAMissingBinaryAsAStartErrorNotAnException() {
        ProcessOutcome o = runner.run(ProcessSpec.builder(List.of("harness-router-no-such-cli", "-p")).build());

        assertEquals(Optional.of("cannot run 'harness-router-no-such-cli': No such file or directory"), o.startError());
        assertEquals(-1, o.exitCode());
        assertFalse(o.exitedCleanly());
    }

    @Test
    void reportsANonExecutableFileAndAMissingWorkingDirectory() throws IOException {
        Path plain = Files.writeString(dir.resolve("plain"), "#!/bin/sh\n");
        Path s = script("fine", "true");

        ProcessOutcome notExec = runner.run(ProcessSpec.builder(List.of(plain.toString())).build());
        ProcessOutcome noDir = runner.run(spec(s).workingDir(dir.resolve("gone")).build());

        assertEquals(Optional.of("cannot run '" + plain + "': Permission denied"), notExec.startError());
        assertEquals(Optional.of("cannot run '" + s + "': working directory " + dir.resolve("gone")
                + " is not a directory"), noDir.startError());
    }

    @Test
    void saysWhatKindOfStartFailureEachOneIs() throws IOException {
        Path plain = Files.writeString(dir.resolve("plain-file"), "#!/bin/sh\n");
        Path s = script("kinds", "true");
        DefaultProcessRunner closed = new DefaultProcessRunner();
        closed.close();

        assertEquals(Optional.of(StartFailure.NOT_FOUND),
                runner.run(ProcessSpec.builder(List.of("harness-router-no-such-cli")).build()).startFailure());
        assertEquals(Optional.of(StartFailure.NOT_EXECUTABLE),
                runner.run(ProcessSpec.builder(List.of(plain.toString())).build()).startFailure());
        assertEquals(Optional.of(StartFailure.WORKING_DIRECTORY),
                runner.run(spec(s).workingDir(dir.resolve("gone")).build()).startFailure());
        assertEquals(Optional.of(StartFailure.RUNNER_CLOSED), closed.run(spec(s).build()).startFailure());
        assertEquals(Optional.empty(), runner.run(spec(s).build()).startFailure());
        assertTrue(StartFailure.NOT_FOUND.binaryMissing() && StartFailure.NOT_EXECUTABLE.binaryMissing());
        assertFalse(StartFailure.ARGUMENTS_TOO_LONG.binaryMissing() || StartFailure.INVALID_ARGUMENT.binaryMissing());
    }

    @Test
    void runsAnArgumentOfTheLongestLengthLinuxTakesAndRefusesOneByteMore() throws IOException {
        Path s = script("argsize", "printf %s \"$1\" | wc -c");
        String longest = "é".repeat((ProcessSpec.MAX_ARGUMENT_BYTES - 1) / 2) + "x";

        ProcessOutcome fits = runner.run(ProcessSpec.builder(List.of(s.toString(), longest)).build());
        ProcessOutcome tooLong = runner.run(ProcessSpec.builder(List.of(s.toString(), longest + "x")).build());

        assertEquals(ProcessSpec.MAX_ARGUMENT_BYTES + "\n", fits.stdout(), fits.toString());
        assertEquals(Optional.of(StartFailure.ARGUMENTS_TOO_LONG), tooLong.startFailure());
        assertEquals(Optional.of("cannot run '" + s + "': Argument list too long: argument 1 is 131072 bytes, more than"
                + " the 131071 Linux takes in one argument (MAX_ARG_STRLEN); a long prompt belongs on stdin"),
                tooLong.startError());
    }

    @Test
    void reportsASignalDeathAs128PlusTheSignal() throws IOException {
        Path s = script("suicide", "kill -9 $$");

        assertEquals(137, runner.run(spec(s).build()).exitCode());
    }

    @Test
    void timeoutKillsTheChildAndItsGrandchild() throws IOException {
        Path s = script("hang", "sleep 300 & echo $!; sleep 300");
        AtomicReference<String> pid = new AtomicReference<>();

        long t0 = System.nanoTime();
        ProcessOutcome o = runner.run(spec(s).timeout(Duration.ofMillis(500))
                .killGrace(Duration.ofSeconds(2)).stdoutLines(pid::set).build());

        assertTrue(o.timedOut());
        assertFalse(o.cancelled());
        assertEquals(128 + 15, o.exitCode());
        assertDead(Long.parseLong(pid.get()));
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "took too long");
    }

    @Test
    void killsATreeThatIgnoresSigtermWithSigkillAfterTheGrace() throws IOException {
        Path s = script("stubborn", "trap '' TERM; sleep 300 & echo $!; while :; do sleep 1; done");
        AtomicReference<String> pid = new AtomicReference<>();

        ProcessOutcome o = runner.run(spec(s).timeout(Duration.ofMillis(300))
                .killGrace(Duration.ofMillis(300)).stdoutLines(pid::set).build());

        assertTrue(o.timedOut());
        assertEquals(128 + 9, o.exitCode());
        assertDead(Long.parseLong(pid.get()));
    }

    @Test
    void interruptCancelsKillsTheTreeAndKeepsTheInterruptFlag() throws Exception {
        Path s = script("hang2", "sleep 300 & echo $!; sleep 300");
        AtomicReference<String> pid = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<ProcessOutcome> outcome = new AtomicReference<>();
        AtomicBoolean flagAfterRun = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            outcome.set(runner.run(spec(s).timeout(Duration.ofMinutes(1)).stdoutLines(line -> {
                pid.set(line);
                started.countDown();
            }).build()));
            flagAfterRun.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        assertTrue(started.await(10, TimeUnit.SECONDS));

        caller.interrupt();
        caller.join(10_000);

        assertFalse(caller.isAlive());
        assertTrue(outcome.get().cancelled());
        assertFalse(outcome.get().timedOut());
        assertTrue(flagAfterRun.get());
        assertDead(Long.parseLong(pid.get()));
    }

    @Test
    void closeKillsRunningTreesAndRefusesNewRuns() throws Exception {
        Path s = script("hang3", "sleep 300 & echo $!; sleep 300");
        AtomicReference<String> pid = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<ProcessOutcome> outcome = new AtomicReference<>();
        Thread caller = new Thread(() -> outcome.set(runner.run(spec(s).stdoutLines(line -> {
            pid.set(line);
            started.countDown();
        }).build())));
        caller.start();
        assertTrue(started.await(10, TimeUnit.SECONDS));

        runner.close();
        caller.join(10_000);

        assertTrue(outcome.get().cancelled());
        assertDead(Long.parseLong(pid.get()));
        assertEquals(Optional.of("cannot run '" + s + "': the process runner is shut down"),
                runner.run(spec(s).build()).startError());
    }

    @Test
    void returnsWhenABackgroundOrphanKeepsStdoutOpenAfterTheChildExited() throws IOException {
        Path s = script("daemonizes", "sleep 300 & echo $!; echo done; exit 0");
        List<String> lines = new CopyOnWriteArrayList<>();

        long t0 = System.nanoTime();
        ProcessOutcome o = runner.run(spec(s).killGrace(Duration.ofMillis(300)).stdoutLines(lines::add).build());
        long orphan = Long.parseLong(lines.get(0));
        ProcessHandle.of(orphan).ifPresent(ProcessHandle::destroyForcibly);

        assertEquals(0, o.exitCode());
        assertFalse(o.timedOut() || o.cancelled());
        assertEquals(orphan + "\ndone\n", o.stdout());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "took too long");
    }

    @Test
    void keepsTheHeadAndTheTailOfOutputBeyondTheCapWithANote() throws IOException {
        Path s = script("long", "printf 0123456789abcdef");

        ProcessOutcome o = runner.run(spec(s).maxCaptureBytes(10).build());

        assertEquals("01234\n[output truncated: 6 of 16 bytes omitted; kept the first 5 and the last 5]\nbcdef",
                o.stdout());
        assertTrue(o.stdoutTruncated());
        assertEquals(new ProcessOutcome.CaptureSize(10, 16), o.stdoutSize());
        assertFalse(o.stderrTruncated());
        assertEquals(new ProcessOutcome.CaptureSize(0, 0), o.stderrSize());
    }

    @Test
    void hundredMegabytesWithoutNewlinesStayWithinTheCap() throws IOException {
        Path s = script("huge", "head -c 104857600 /dev/zero | tr '\\0' 'x'");
        assertBoundedCapture(s);
    }

    @Test
    void hundredMegabytesOfShortLinesStayWithinTheCap() throws IOException {
        Path s = script("huge-lines", "yes 012345678901234567890123456789012345678901234567890123456789"
                + "012345678901234567890123456789012345678 | head -c 104857600");
        assertBoundedCapture(s);
    }

    @Test
    void whichFindsExecutablesOnlyAsTheRunnerWouldRunThem() throws IOException {
        Path tool = script("hr-which-tool", "true");
        Files.writeString(dir.resolve("hr-not-exec"), "x");
        Files.createDirectory(dir.resolve("hr-a-dir"));
        try (DefaultProcessRunner own = new DefaultProcessRunner(Map.of("PATH", "/nonexistent:" + dir))) {
            assertEquals(Optional.of(tool), own.which("hr-which-tool"));
            assertEquals(Optional.of(tool), own.which(tool.toString()));
            assertEquals(Optional.empty(), own.which("hr-not-exec"));
            assertEquals(Optional.empty(), own.which("hr-a-dir"));
            assertEquals(Optional.empty(), own.which("hr-missing"));
            assertEquals(Optional.empty(), own.which(dir.resolve("hr-missing").toString()));
            assertEquals(Optional.empty(), own.which(""));
        }
        Path relative = Path.of("").toAbsolutePath().relativize(tool);
        assertEquals(Optional.of(tool), runner.which(relative.toString()));
    }

    private void assertBoundedCapture(Path s) {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long before = rt.totalMemory() - rt.freeMemory();
        long[] streamed = {0, 0};
        int cap = ProcessSpec.DEFAULT_MAX_CAPTURE_BYTES;

        long t0 = System.nanoTime();
        ProcessOutcome o = runner.run(spec(s).timeout(Duration.ofMinutes(2)).stdoutLines(line -> {
            streamed[0] += line.length();
            streamed[1] = Math.max(streamed[1], line.length());
        }).build());
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
        System.gc();
        long growth = rt.totalMemory() - rt.freeMemory() - before;

        assertEquals(0, o.exitCode());
        assertTrue(o.stdoutTruncated());
        String note = "\n[output truncated: " + (104857600 - cap) + " of 104857600 bytes omitted; kept the first "
                + cap / 2 + " and the last " + cap / 2 + "]\n";
        assertEquals(cap / 2, o.stdout().indexOf(note), o.stdout().substring(cap / 2 - 10, cap / 2 + 200));
        assertEquals(cap + note.length(), o.stdout().length());
        assertEquals(new ProcessOutcome.CaptureSize(cap, 104857600), o.stdoutSize());
        assertTrue(streamed[1] <= StreamCollector.MAX_LINE_BYTES, "longest piece " + streamed[1]);
        assertTrue(streamed[0] > 100_000_000L, "streamed " + streamed[0]);
        assertTrue(growth < 64L * 1024 * 1024, "retained " + growth + " bytes");
        assertTrue(seconds < 60, "took " + seconds + " s");
    }

    private static void assertDead(long pid) {
        assertFalse(FakeClis.isRunning(pid), "pid " + pid + " still alive");
    }

    private ProcessSpec.Builder spec(Path script) {
        return ProcessSpec.builder(List.of(script.toString())).timeout(Duration.ofSeconds(30));
    }

    private Path script(String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }
}
