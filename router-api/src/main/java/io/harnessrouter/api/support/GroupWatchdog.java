package io.harnessrouter.api.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small {@code sh} process that kills the process groups of a runner's children once the JVM
 * is gone, so no CLI outlives a server killed with SIGKILL.
 *
 * <p>How: every CLI runs in its own session through util-linux {@code setsid} (the JVM's child is
 * never a process-group leader, so {@code setsid} calls {@code setsid()} in place and execs the
 * CLI: pid = process group id). The watchdog is started the same way, in a session of its own, so
 * a signal to the server's process group does not reach it. Its stdin is a pipe whose write end
 * only this JVM holds (the JDK closes every other descriptor in its children). The runner writes
 * one line per event:
 *
 * <pre>
 * + PGID   a child started (its group is registered)
 * - PGID   the child ended: forget the group; if anything is left in it, SIGTERM it and SIGKILL
 *          what remains after the grace (in the background)
 * T PGID   SIGTERM the group now (an in-JVM kill: timeout, cancel, shutdown)
 * K PGID   SIGKILL the group now
 * </pre>
 *
 * <p>When the JVM dies, however it dies, the kernel closes the pipe; the watchdog reads EOF,
 * sends SIGTERM to every registered group, waits up to the grace (polling every 100 ms) and sends
 * SIGKILL to what is left, then exits. A normal shutdown closes the pipe with nothing registered
 * and the watchdog just exits.
 *
 * <p>Pid reuse: Linux does not hand out a number while a process group of that id has members,
 * so a signal to a registered group reaches our processes or nobody; a group is forgotten as soon
 * as its leader has been reaped.
 *
 * <p>Thread-safety: safe for concurrent use; each line is written whole under a lock.
 */
final class GroupWatchdog {

    /** The environment variable every child of this runner carries: {@code <name>=<marker>}. */
    static final String MARK_VARIABLE = "HARNESS_ROUTER_WATCHDOG";

    private static final String SCRIPT = String.join("\n",
            "grace=$1",
            "mark=$2",
            "g=' '",
            "loose=",
            "trap '' INT HUP",
            "alive() { kill -s 0 -- \"-$1\" 2>/dev/null; }",
            "reap() {",
            "  for p in \"$@\"; do kill -s TERM -- \"-$p\" 2>/dev/null; done",
            "  for p in $loose; do kill -s TERM \"$p\" 2>/dev/null; done",
            "  i=0",
            "  while [ \"$i\" -lt \"$grace\" ]; do",
            "    left=",
            "    for p in \"$@\"; do alive \"$p\" && left=\"$left $p\"; done",
            "    for p in $loose; do kill -s 0 \"$p\" 2>/dev/null && left=\"$left $p\"; done",
            "    [ -z \"$left\" ] && return 0",
            "    sleep 0.1 2>/dev/null || sleep 1",
            "    i=$((i + 1))",
            "  done",
            "  for p in \"$@\"; do kill -s KILL -- \"-$p\" 2>/dev/null; done",
            "  for p in $loose; do kill -s KILL \"$p\" 2>/dev/null; done",
            "}",
            "while read -r op p; do",
            "  case $p in ''|*[!0-9]*) continue ;; esac",
            "  case $op in",
            "    +) case $g in *\" $p \"*) ;; *) g=\"$g$p \" ;; esac ;;",
            "    -) case $g in *\" $p \"*) g=\"${g%% $p *} ${g#* $p }\" ;; esac",
            "       if alive \"$p\"; then reap \"$p\" & fi ;;",
            "    T) kill -s TERM -- \"-$p\" 2>/dev/null ;;",
            "    K) kill -s KILL -- \"-$p\" 2>/dev/null ;;",
            "    Q) exit 0 ;;",
            "  esac",
            "done",
            // The JVM is gone. Besides the registered groups, every process that carries this
            // runner's mark: a CLI spawned a moment before registration, or a descendant that left
            // its group (a new session) but kept the environment.
            "for f in $(grep -lxzs \"" + MARK_VARIABLE + "=$mark\" /proc/[0-9]*/environ); do",
            "  p=${f#/proc/}; p=${p%/environ}",
            "  case $g in *\" $p \"*) ;; *) loose=\"$loose $p\" ;; esac",
            "done",
            "[ \"$g\" = ' ' ] && [ -z \"$loose\" ] || reap $g",
            "");
    private static final List<Path> SETSID_PLACES = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));
    private static final Path SH = Path.of("/bin/sh");

    private final Process process;
    private final OutputStream pipe;
    private final String marker;
    private volatile boolean broken;

    private GroupWatchdog(Process process, String marker) {
        this.process = process;
        this.pipe = process.getOutputStream();
        this.marker = marker;
    }

    /** The value of {@link #MARK_VARIABLE} this watchdog looks for when the JVM is gone. */
    String marker() {
        return marker;
    }

    /**
     * The {@code setsid} binary: {@code /usr/bin/setsid}, {@code /bin/setsid}, else the first on
     * the JVM's {@code PATH}. Empty where there is none (macOS, minimal images).
     */
    static Optional<Path> setsid() {
        for (Path p : SETSID_PLACES) {
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Which.find("setsid", System.getenv("PATH"));
    }

    /**
     * Starts a watchdog in its own session, or says why it cannot.
     *
     * @param setsid the {@code setsid} binary
     * @param grace  how long the groups get between SIGTERM and SIGKILL
     */
    static GroupWatchdog start(Path setsid, Duration grace) throws IOException {
        if (!Files.isExecutable(SH)) {
            throw new IOException(SH + " is not executable");
        }
        long tenths = Math.max(1, grace.toMillis() / 100);
        String marker = java.util.UUID.randomUUID().toString();
        ProcessBuilder pb = new ProcessBuilder(setsid.toString(), "-w", SH.toString(), "-c", SCRIPT,
                "harness-router-watchdog", Long.toString(tenths), marker);
        Map<String, String> env = pb.environment();
        String path = env.get("PATH");
        env.clear();
        env.put("PATH", "/usr/bin:/bin" + (path == null || path.isEmpty() ? "" : ":" + path));
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        return new GroupWatchdog(pb.start(), marker);
    }

    /** False once a write failed or the watchdog exited; the runner then starts a new one. */
    boolean usable() {
        return !broken && process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    void register(long pgid) {
        send('+', pgid);
    }

    void unregister(long pgid) {
        send('-', pgid);
    }

    /** SIGTERM ({@code force} false) or SIGKILL to every process in the group. */
    void signal(long pgid, boolean force) {
        send(force ? 'K' : 'T', pgid);
    }

    /**
     * An orderly close (the runner has killed its children): the watchdog exits at once, without
     * the scan for marked processes it does when the JVM dies. The JVM's exit would otherwise
     * wait for the thread that reaps the watchdog process.
     */
    void close() {
        send('Q', 0);
        try {
            pipe.close();
        } catch (IOException e) {
            // Already gone.
        }
        try {
            process.waitFor(200, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(char op, long pgid) {
        byte[] line = (op + " " + pgid + "\n").getBytes(StandardCharsets.US_ASCII);
        synchronized (pipe) {
            try {
                pipe.write(line);
                pipe.flush();
            } catch (IOException e) {
                broken = true;
            }
        }
    }
}
