package io.harnessrouter.api.support;

import io.harnessrouter.api.support.ProcessOutcome.StartFailure;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standard {@link ProcessRunner}: spawns without a shell, stdin from {@code /dev/null}
 * unless {@link ProcessSpec#stdin()} is set, stdout and stderr read by pooled daemon threads,
 * captured up to the cap (head and tail) and streamed line by line, and the whole process tree
 * killed on timeout, on interruption of the calling thread and on {@link #close()}.
 *
 * <p>The child's environment is the runner's base environment (the JVM's own unless given to the
 * constructor) plus {@link ProcessSpec#env()}; a bare command is looked up on the {@code PATH} of
 * that merged environment, not the JVM's. A relative command path is resolved against the JVM's
 * working directory.
 *
 * <p><b>No child outlives the JVM.</b> Java 17 cannot ask for a parent-death signal, so where
 * util-linux {@code setsid} and {@code /bin/sh} exist (Linux) every child runs in a session and
 * process group of its own ({@code setsid -w <cli> ...}: the JVM's child calls {@code setsid()}
 * and execs the CLI, keeping its pid, so pid = process group id), and one watchdog per runner, a
 * tiny {@code sh} loop started on first use, holds the list of live groups. It reads them from a
 * pipe only this JVM can write to; when the JVM dies, even by SIGKILL, the pipe closes and the
 * watchdog sends SIGTERM, then SIGKILL after {@link ProcessSpec#DEFAULT_KILL_GRACE}, to every
 * group still registered (see {@code GroupWatchdog}). Timeouts, interrupts and {@link #killAll()}
 * signal the group as well as the tree. When a child exits by itself, whatever it left running
 * in its group is killed too (a dispatch's processes end with it); a grandchild that starts a
 * session of its own (a deliberate daemon, Node's {@code detached: true}) is out of reach. Where
 * {@code setsid} or {@code sh} is missing the runner logs that once and works as before: only the
 * tree it can see while the JVM lives is killed. Cost per call: one more {@code exec} (of
 * {@code setsid}) and two short writes to the pipe; see {@code docs/architecture.md}.
 *
 * <p>A {@link ChildProcessListener} given to the constructor hears of every child after it was
 * spawned and again when it is gone, so the host can record children outside its memory; a
 * listener that throws is logged and ignored.
 *
 * <p>Per call the runner creates no threads (reader threads come from a cached pool) and never
 * sleeps: it waits on the process and on the readers with deadlines. If a background grandchild
 * keeps stdout or stderr open after the child itself exited, the runner waits up to
 * {@link ProcessSpec#killGrace()} for the streams to end and then returns with what it read.
 *
 * <p>Before spawning, the runner refuses what {@code execve} would refuse, with the cause named
 * ({@link ProcessOutcome.StartFailure}): an argument longer than
 * {@link ProcessSpec#MAX_ARGUMENT_BYTES} on Linux, a NUL character in an argument or the
 * environment (naming the variable, never its value).
 *
 * <p>Thread-safety: safe for concurrent use. Sets nothing JVM-global.
 *
 * @since 0.1.0
 */
public final class DefaultProcessRunner implements ProcessRunner, AutoCloseable {

    private static final File DEV_NULL = new File("/dev/null");
    private static final Pattern ERRNO = Pattern.compile("error=(\\d+), (.*)$");
    /** What util-linux {@code setsid} prints when its exec of the CLI fails (exit 126 or 127). */
    private static final Pattern SETSID_EXEC_FAILED = Pattern.compile("setsid: [^\\n]*: ([^\\n]+)\\n?");
    private static final boolean LINUX = "Linux".equals(System.getProperty("os.name"));
    private static final int RESTARTS = 3;
    private static final AtomicInteger POOL_NUMBER = new AtomicInteger();
    private static final AtomicBoolean NO_GROUPS_LOGGED = new AtomicBoolean();
    private static final System.Logger LOG = System.getLogger(DefaultProcessRunner.class.getName());

    private final Map<String, String> baseEnvironment;
    private final ChildProcessListener listener;
    private final Optional<Path> setsid;
    private final ExecutorService io;
    private final Set<Running> running = ConcurrentHashMap.newKeySet();
    private final Object watchdogLock = new Object();
    private volatile GroupWatchdog watchdog;
    private int watchdogStarts;
    private final AtomicBoolean listenerFailureLogged = new AtomicBoolean();
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
        this(baseEnvironment, ChildProcessListener.NONE);
    }

    /**
     * Like {@link #DefaultProcessRunner(Map)}, and tells {@code listener} about every child it
     * starts and when that child is gone.
     */
    public DefaultProcessRunner(Map<String, String> baseEnvironment, ChildProcessListener listener) {
        this(baseEnvironment, listener, Setsid.BINARY);
    }

    /** For tests: {@code setsid} empty runs children in the JVM's process group, without watchdog. */
    DefaultProcessRunner(Map<String, String> baseEnvironment, ChildProcessListener listener, Optional<Path> setsid) {
        this.baseEnvironment = baseEnvironment == null ? null : Map.copyOf(baseEnvironment);
        this.listener = listener == null ? ChildProcessListener.NONE : listener;
        this.setsid = setsid;
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
        Optional<Refusal> refusal = checkStartable(spec);
        if (refusal.isPresent()) {
            return startFailure(program, refusal.get().kind, refusal.get().reason, started);
        }
        Optional<Path> binary = Which.find(program, spec.env().getOrDefault("PATH", basePath()));
        if (binary.isEmpty()) {
            String why = Which.whyNot(program);
            return startFailure(program, why.equals("Permission denied") ? StartFailure.NOT_EXECUTABLE
                    : StartFailure.NOT_FOUND, why, started);
        }
        List<String> argv = new ArrayList<>(spec.command());
        argv.set(0, binary.get().toString());
        GroupWatchdog groups = watchdog();
        Process process;
        try {
            process = builder(spec, groups == null ? argv : inOwnSession(argv), groups).start();
        } catch (IOException | RuntimeException e) {
            return startFailure(program, e, started);
        }
        Running run = new Running(process, groups != null);
        running.add(run);
        if (groups != null) {
            groups.register(run.pid);
        }
        Instant startInstant = notifyStarted(run, argv);
        try {
            if (closed) {
                run.killedByRunner = true;
                ProcessTree.kill(process, run, spec.killGrace().toNanos());
            }
            return setsidExecFailure(run, program, await(run, spec, started), started);
        } finally {
            running.remove(run);
            run.endGroup();
            notifyEnded(run, startInstant);
        }
    }

    /**
     * Kills the tree and process group of every child still running (SIGTERM to all of them,
     * one grace period, then SIGKILL). Their {@link #run} calls return with {@code cancelled}.
     * The runner stays usable.
     */
    public void killAll() {
        List<Running> victims = new ArrayList<>(running);
        List<List<ProcessHandle>> trees = new ArrayList<>();
        for (Running r : victims) {
            r.killedByRunner = true;
            trees.add(ProcessTree.terminate(r.process, r));
        }
        long deadline = System.nanoTime() + ProcessSpec.DEFAULT_KILL_GRACE.toNanos();
        for (int i = 0; i < victims.size(); i++) {
            ProcessTree.awaitExit(victims.get(i).process, trees.get(i), deadline);
        }
        for (int i = 0; i < victims.size(); i++) {
            ProcessTree.forceKill(victims.get(i).process, victims.get(i), trees.get(i));
        }
    }

    /**
     * Refuses new processes, kills every running tree ({@link #killAll()}), lets the watchdog
     * exit and stops the reader pool.
     */
    @Override
    public void close() {
        closed = true;
        killAll();
        synchronized (watchdogLock) {
            if (watchdog != null) {
                watchdog.close();
            }
        }
        io.shutdown();
    }

    /** The pid of this runner's watchdog, when one runs (for tests). */
    OptionalLong watchdogPid() {
        GroupWatchdog w = watchdog;
        return w != null && w.usable() ? OptionalLong.of(w.pid()) : OptionalLong.empty();
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
            if (process.waitFor(remaining(started + spec.timeout().toNanos()), TimeUnit.NANOSECONDS)) {
                run.endGroup();
            } else {
                timedOut = true;
                ProcessTree.kill(process, run, grace);
            }
        } catch (InterruptedException e) {
            interrupted = true;
            ProcessTree.kill(process, run, grace);
        }
        interrupted |= Thread.interrupted();
        interrupted |= !finish(outDone, out, grace) | !finish(errDone, err, grace);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        boolean cancelled = !timedOut && (interrupted || run.killedByRunner);
        int exit = process.isAlive() ? -1 : process.exitValue();
        StreamCollector.Capture o = out.capture();
        StreamCollector.Capture e = err.capture();
        return new ProcessOutcome(exit, o.text(), e.text(), o.size().truncated(), e.size().truncated(),
                timedOut, cancelled, Optional.empty(), Duration.ofNanos(System.nanoTime() - started),
                Optional.empty(), o.size(), e.size());
    }

    /**
     * {@code setsid} could start but its exec of the CLI failed (a script whose interpreter is
     * missing, say): the CLI never ran, so this is a start failure like the JVM's own exec
     * failing, not an exit code.
     */
    private static ProcessOutcome setsidExecFailure(Running run, String program, ProcessOutcome o, long started) {
        if (!run.grouped || (o.exitCode() != 126 && o.exitCode() != 127) || !o.stdout().isEmpty()
                || o.timedOut() || o.cancelled()) {
            return o;
        }
        Matcher m = SETSID_EXEC_FAILED.matcher(o.stderr());
        if (!m.matches()) {
            return o;
        }
        StartFailure kind = o.exitCode() == 127 ? StartFailure.NOT_FOUND : errnoKind(m.group(1));
        return startFailure(program, kind, m.group(1), started);
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

    private List<String> inOwnSession(List<String> argv) {
        List<String> wrapped = new ArrayList<>(argv.size() + 2);
        wrapped.add(setsid.orElseThrow().toString());
        wrapped.add("-w");
        wrapped.addAll(argv);
        return wrapped;
    }

    /**
     * @param groups the watchdog, when children run in groups of their own: each child carries its
     *               mark in the environment, so the watchdog finds it even when the JVM died before
     *               the group was registered, and finds descendants that left the group
     */
    private ProcessBuilder builder(ProcessSpec spec, List<String> argv, GroupWatchdog groups) {
        ProcessBuilder pb = new ProcessBuilder(argv);
        if (baseEnvironment != null || !spec.env().isEmpty() || groups != null) {
            Map<String, String> env = pb.environment();
            if (baseEnvironment != null) {
                env.clear();
                env.putAll(baseEnvironment);
            }
            env.putAll(spec.env());
            if (groups != null) {
                env.put(GroupWatchdog.MARK_VARIABLE, groups.marker());
            }
        }
        spec.workingDir().ifPresent(dir -> pb.directory(dir.toFile()));
        pb.redirectInput(spec.stdin().isPresent() ? ProcessBuilder.Redirect.PIPE
                : ProcessBuilder.Redirect.from(DEV_NULL));
        return pb;
    }

    /**
     * The running watchdog, started on first use (and again if it died, a few times); null when
     * children run without process groups.
     */
    private GroupWatchdog watchdog() {
        GroupWatchdog w = watchdog;
        if (w != null && w.usable()) {
            return w;
        }
        synchronized (watchdogLock) {
            w = watchdog;
            if (w != null && w.usable()) {
                return w;
            }
            if (setsid.isEmpty() || closed || watchdogStarts >= RESTARTS) {
                noGroups(setsid.isEmpty() ? "no setsid binary (util-linux) was found"
                        : "its watchdog could not be kept running");
                return null;
            }
            watchdogStarts++;
            try {
                w = GroupWatchdog.start(setsid.get(), ProcessSpec.DEFAULT_KILL_GRACE);
            } catch (IOException e) {
                noGroups("the watchdog could not start: " + e.getMessage());
                return null;
            }
            for (Running r : running) {
                if (r.grouped) {
                    w.register(r.pid);
                }
            }
            watchdog = w;
            return w;
        }
    }

    private static void noGroups(String why) {
        if (NO_GROUPS_LOGGED.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "child processes run without process groups, so a CLI may outlive"
                    + " this server if it is killed with SIGKILL: " + why);
        }
    }

    private Instant notifyStarted(Running run, List<String> argv) {
        if (listener == ChildProcessListener.NONE) {
            return null;
        }
        Instant startInstant = run.process.toHandle().info().startInstant().orElse(null);
        try {
            listener.started(run.pid, startInstant, List.copyOf(argv));
        } catch (RuntimeException e) {
            listenerFailed(e);
        }
        return startInstant;
    }

    private void notifyEnded(Running run, Instant startInstant) {
        if (listener == ChildProcessListener.NONE) {
            return;
        }
        try {
            listener.ended(run.pid, startInstant);
        } catch (RuntimeException e) {
            listenerFailed(e);
        }
    }

    private void listenerFailed(RuntimeException e) {
        if (listenerFailureLogged.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "the child process listener failed (ignored; logged once): " + e, e);
        }
    }

    private Optional<Refusal> checkStartable(ProcessSpec spec) {
        if (closed) {
            return Refusal.of(StartFailure.RUNNER_CLOSED, "the process runner is shut down");
        }
        if (spec.workingDir().isPresent() && !Files.isDirectory(spec.workingDir().get())) {
            return Refusal.of(StartFailure.WORKING_DIRECTORY,
                    "working directory " + spec.workingDir().get() + " is not a directory");
        }
        List<String> argv = spec.command();
        for (int i = 0; i < argv.size(); i++) {
            String arg = argv.get(i);
            if (arg.indexOf('\0') >= 0) {
                return Refusal.of(StartFailure.INVALID_ARGUMENT, "argument " + i
                        + " contains a NUL character, which no program argument can hold");
            }
            if (LINUX && arg.length() > ProcessSpec.MAX_ARGUMENT_BYTES / 3) {
                long bytes = Utf8.length(arg);
                if (bytes > ProcessSpec.MAX_ARGUMENT_BYTES) {
                    return Refusal.of(StartFailure.ARGUMENTS_TOO_LONG, "Argument list too long: argument " + i
                            + " is " + bytes + " bytes, more than the " + ProcessSpec.MAX_ARGUMENT_BYTES
                            + " Linux takes in one argument (MAX_ARG_STRLEN); a long prompt belongs on stdin");
                }
            }
        }
        if (baseEnvironment != null) {
            Optional<Refusal> bad = checkEnvironment(baseEnvironment);
            if (bad.isPresent()) {
                return bad;
            }
        }
        return checkEnvironment(spec.env());
    }

    /** Names a bad variable, never its value (a value may be a secret). */
    private static Optional<Refusal> checkEnvironment(Map<String, String> env) {
        for (Map.Entry<String, String> e : env.entrySet()) {
            String name = e.getKey();
            if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
                return Refusal.of(StartFailure.INVALID_ARGUMENT, "environment variable name '"
                        + name.replace('\0', '?') + "' is not valid (empty, or contains '=' or NUL)");
            }
            if (e.getValue().indexOf('\0') >= 0) {
                return Refusal.of(StartFailure.INVALID_ARGUMENT, "the value of environment variable " + name
                        + " contains a NUL character, which no environment value can hold");
            }
        }
        return Optional.empty();
    }

    private String basePath() {
        String path = baseEnvironment == null ? System.getenv("PATH") : baseEnvironment.get("PATH");
        return path == null ? "" : path;
    }

    /** The JDK's spawn failed: classify by errno; never echo a message that may quote the environment. */
    private static ProcessOutcome startFailure(String program, Exception e, long started) {
        String message = String.valueOf(e.getMessage());
        Matcher m = ERRNO.matcher(message);
        if (m.find()) {
            String text = m.group(2);
            StartFailure kind = errnoKind(Integer.parseInt(m.group(1)));
            if (kind == StartFailure.ARGUMENTS_TOO_LONG) {
                text += " (the arguments and the environment together are more than the system's ARG_MAX)";
            }
            return startFailure(program, kind, text, started);
        }
        if (message.contains("null character")) {
            return startFailure(program, StartFailure.INVALID_ARGUMENT, "an argument contains a NUL character", started);
        }
        String kind = e instanceof IllegalArgumentException ? "invalid environment" : e.getClass().getSimpleName();
        return startFailure(program, StartFailure.OTHER, kind, started);
    }

    private static StartFailure errnoKind(int errno) {
        switch (errno) {
            case 2: // ENOENT
            case 20: // ENOTDIR
                return StartFailure.NOT_FOUND;
            case 8: // ENOEXEC
            case 13: // EACCES
                return StartFailure.NOT_EXECUTABLE;
            case 7: // E2BIG
                return StartFailure.ARGUMENTS_TOO_LONG;
            default:
                return StartFailure.OTHER;
        }
    }

    private static StartFailure errnoKind(String strerror) {
        switch (strerror) {
            case "Permission denied":
            case "Exec format error":
                return StartFailure.NOT_EXECUTABLE;
            case "Argument list too long":
                return StartFailure.ARGUMENTS_TOO_LONG;
            default:
                return StartFailure.OTHER;
        }
    }

    private static ProcessOutcome startFailure(String program, StartFailure kind, String reason, long started) {
        return new ProcessOutcome(-1, "", "", false, false, false, false,
                Optional.of("cannot run '" + program + "': " + reason),
                Duration.ofNanos(System.nanoTime() - started), Optional.of(kind), null, null);
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    /** Why the runner will not even try to spawn. */
    private static final class Refusal {
        final StartFailure kind;
        final String reason;

        private Refusal(StartFailure kind, String reason) {
            this.kind = kind;
            this.reason = reason;
        }

        static Optional<Refusal> of(StartFailure kind, String reason) {
            return Optional.of(new Refusal(kind, reason));
        }
    }

    /** Where {@code setsid} is, looked up once per JVM. */
    private static final class Setsid {
        static final Optional<Path> BINARY = GroupWatchdog.setsid();
    }

    /**
     * One live child; {@code killedByRunner} marks a kill by {@link #killAll()}. When
     * {@code grouped}, the child leads its own process group, signalled through the watchdog.
     */
    private final class Running implements ProcessTree.Group {
        final Process process;
        final long pid;
        final boolean grouped;
        final AtomicBoolean groupEnded = new AtomicBoolean();
        volatile boolean killedByRunner;

        Running(Process process, boolean grouped) {
            this.process = process;
            this.pid = process.pid();
            this.grouped = grouped;
        }

        @Override
        public void signal(boolean force) {
            GroupWatchdog w = watchdog;
            if (grouped && w != null) {
                w.signal(pid, force);
            }
        }

        /** The child was reaped: the watchdog forgets the group and kills what is left in it. Once. */
        void endGroup() {
            GroupWatchdog w = watchdog;
            if (grouped && w != null && groupEnded.compareAndSet(false, true)) {
                w.unregister(pid);
            }
        }
    }
}
