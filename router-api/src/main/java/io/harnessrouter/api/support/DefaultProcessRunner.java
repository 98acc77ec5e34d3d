package io.harnessrouter.api.support;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standard {@link ProcessRunner}: spawns without a shell, stdin from {@code /dev/null}
 * unless {@link ProcessSpec#stdin()} is set, stdout and stderr read by pooled daemon threads,
 * captured up to the cap and streamed line by line, and the whole process tree killed on
 * timeout, on interruption of the calling thread and on {@link #close()}.
 *
 * <p>The child's environment is the runner's base environment (the JVM's own unless given to the
 * constructor) plus {@link ProcessSpec#env()}; a bare command is looked up on the {@code PATH} of
 * that merged environment, not the JVM's. A relative command path is resolved against the JVM's
 * working directory.
 *
 * <p>Per call the runner creates no threads (reader threads come from a cached pool) and never
 * sleeps: it waits on the process and on the readers with deadlines. If a background grandchild
 * keeps stdout or stderr open after the child itself exited, the runner waits up to
 * {@link ProcessSpec#killGrace()} for the streams to end and then returns with what it read; such
 * an orphan is outside the tree the runner can see and is left alone.
 *
 * <p>Thread-safety: safe for concurrent use. Sets nothing JVM-global.
 *
 * @since 0.1.0
 */
public final class DefaultProcessRunner implements ProcessRunner, AutoCloseable {

    private static final File DEV_NULL = new File("/dev/null");
    private static final Pattern ERRNO_TEXT = Pattern.compile("error=\\d+, (.*)$");
    private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

    private final Map<String, String> baseEnvironment;
    private final ExecutorService io;
    private final Set<Running> running = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** A runner whose children inherit the JVM's environment. */
    public DefaultProcessRunner() {
        this(null);
    }

    /**
     * A runner whose children start from {@code baseEnvironment} instead of the JVM's environment
     * (the host passes its own view of the environment; tests pass one with a fake CLI on
     * {@code PATH}). {@code null} means the JVM's environment.
     */
    public DefaultProcessRunner(Map<String, String> baseEnvironment) {
        this.baseEnvironment = baseEnvironment == null ? null : Map.copyOf(baseEnvironment);
        int pool = POOL_NUMBER.incrementAndGet();
        AtomicInteger thread = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "harness-router-io-" + pool + "-" + thread.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.io = Executors.newCachedThreadPool(factory);
    }

    @Override
    public Optional<Path> which(String command) {
        return Which.find(command, basePath());
    }

    @Override
    public ProcessOutcome run(ProcessSpec spec) {
        long started = System.nanoTime();
        String program = spec.command().get(0);
        Optional<String> problem = checkStartable(spec);
        if (problem.isPresent()) {
            return startFailure(program, problem.get(), started);
        }
        Optional<Path> binary = Which.find(program, spec.env().getOrDefault("PATH", basePath()));
        if (binary.isEmpty()) {
            return startFailure(program, Which.whyNot(program), started);
        }
        Process process;
        try {
            process = builder(spec, binary.get()).start();
        } catch (IOException | RuntimeException e) {
            return startFailure(program, reason(e), started);
        }
        Running run = new Running(process);
        running.add(run);
        try {
            if (closed) {
                run.killedByRunner = true;
                ProcessTree.kill(process, spec.killGrace().toNanos());
            }
            return await(run, spec, started);
        } finally {
            running.remove(run);
        }
    }

    /**
     * Kills the tree of every child still running (SIGTERM to all of them, one grace period,
     * then SIGKILL). Their {@link #run} calls return with {@code cancelled}. The runner stays
     * usable.
     */
    public void killAll() {
        List<Running> victims = new ArrayList<>(running);
        List<List<ProcessHandle>> trees = new ArrayList<>();
        for (Running r : victims) {
            r.killedByRunner = true;
            trees.add(ProcessTree.terminate(r.process));
        }
        long deadline = System.nanoTime() + ProcessSpec.DEFAULT_KILL_GRACE.toNanos();
        for (int i = 0; i < victims.size(); i++) {
            ProcessTree.awaitExit(victims.get(i).process, trees.get(i), deadline);
        }
        for (int i = 0; i < victims.size(); i++) {
            ProcessTree.forceKill(victims.get(i).process, trees.get(i));
        }
    }

    /** Refuses new processes, kills every running tree ({@link #killAll()}) and stops the reader pool. */
    @Override
    public void close() {
        closed = true;
        killAll();
        io.shutdown();
    }

    private ProcessOutcome await(Running run, ProcessSpec spec, long started) {
        Process process = run.process;
        StreamCollector out = new StreamCollector(process.getInputStream(), spec.maxCaptureBytes(), spec.stdoutLines());
        StreamCollector err = new StreamCollector(process.getErrorStream(), spec.maxCaptureBytes(), spec.stderrLines());
        Future<?> outDone = io.submit(out);
        Future<?> errDone = io.submit(err);
        spec.stdin().ifPresent(text -> io.submit(() -> writeStdin(process, text)));
        long grace = spec.killGrace().toNanos();
        boolean timedOut = false;
        boolean interrupted = false;
        try {
            if (!process.waitFor(remaining(started + spec.timeout().toNanos()), TimeUnit.NANOSECONDS)) {
                timedOut = true;
                ProcessTree.kill(process, grace);
            }
        } catch (InterruptedException e) {
            interrupted = true;
            ProcessTree.kill(process, grace);
        }
        interrupted |= Thread.interrupted();
        interrupted |= !finish(outDone, out, grace) | !finish(errDone, err, grace);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        boolean cancelled = !timedOut && (interrupted || run.killedByRunner);
        int exit = process.isAlive() ? -1 : process.exitValue();
        return new ProcessOutcome(exit, out.text(), err.text(), out.truncated(), err.truncated(),
                timedOut, cancelled, Optional.empty(), Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * Waits up to {@code grace} for a reader to reach the end of its stream; gives up (and stops
     * its line callbacks) when an orphan keeps the stream open. False when interrupted.
     */
    private static boolean finish(Future<?> done, StreamCollector collector, long grace) {
        try {
            done.get(grace, TimeUnit.NANOSECONDS);
            return true;
        } catch (InterruptedException e) {
            collector.abandon();
            return false;
        } catch (TimeoutException | ExecutionException e) {
            collector.abandon();
            return true;
        }
    }

    private static void writeStdin(Process process, String text) {
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The child exited or closed its stdin early; its exit code tells the story.
        }
    }

    private ProcessBuilder builder(ProcessSpec spec, Path binary) {
        List<String> argv = new ArrayList<>(spec.command());
        argv.set(0, binary.toString());
        ProcessBuilder pb = new ProcessBuilder(argv);
        if (baseEnvironment != null || !spec.env().isEmpty()) {
            Map<String, String> env = pb.environment();
            if (baseEnvironment != null) {
                env.clear();
                env.putAll(baseEnvironment);
            }
            env.putAll(spec.env());
        }
        spec.workingDir().ifPresent(dir -> pb.directory(dir.toFile()));
        pb.redirectInput(spec.stdin().isPresent() ? ProcessBuilder.Redirect.PIPE
                : ProcessBuilder.Redirect.from(DEV_NULL));
        return pb;
    }

    private Optional<String> checkStartable(ProcessSpec spec) {
        if (closed) {
            return Optional.of("the process runner is shut down");
        }
        if (spec.workingDir().isPresent() && !Files.isDirectory(spec.workingDir().get())) {
            return Optional.of("working directory " + spec.workingDir().get() + " is not a directory");
        }
        return Optional.empty();
    }

    private String basePath() {
        String path = baseEnvironment == null ? System.getenv("PATH") : baseEnvironment.get("PATH");
        return path == null ? "" : path;
    }

    private static String reason(Exception e) {
        String message = String.valueOf(e.getMessage());
        Matcher m = ERRNO_TEXT.matcher(message);
        return m.find() ? m.group(1) : message;
    }

    private static ProcessOutcome startFailure(String program, String reason, long started) {
        return new ProcessOutcome(-1, "", "", false, false, false, false,
                Optional.of("cannot run '" + program + "': " + reason),
                Duration.ofNanos(System.nanoTime() - started));
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    /** One live child; {@code killedByRunner} marks a kill by {@link #killAll()}. */
    private static final class Running {
        final Process process;
        volatile boolean killedByRunner;

        Running(Process process) {
            this.process = process;
        }
    }
}
