package io.harnessrouter.host.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A process as the state file names it: its pid <em>and</em> its start instant, so a row is never
 * taken to mean an unrelated process that reused the pid. Start instants are the ones
 * {@link ProcessHandle.Info#startInstant()} reports, kept to the millisecond; every JVM on the
 * machine computes the same value for the same process.
 *
 * <p>Thread-safe. Liveness answers are cached briefly ({@link #ALIVE_CACHE_NANOS}): a process
 * seen alive is believed alive for that long, a process seen dead stays dead.
 *
 * @param pid   the process id
 * @param start when it started, to the millisecond; empty where the platform cannot tell
 */
public record ProcessIdentity(long pid, Optional<Instant> start) {

    /** How long a process seen alive is believed alive without asking the OS again. */
    static final long ALIVE_CACHE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final ProcessIdentity CURRENT = of(ProcessHandle.current());
    private static final ConcurrentHashMap<ProcessIdentity, Long> SEEN_ALIVE = new ConcurrentHashMap<>();
    private static final java.util.Set<ProcessIdentity> SEEN_DEAD = ConcurrentHashMap.newKeySet();

    public ProcessIdentity {
        start = Objects.requireNonNull(start, "start").map(ProcessIdentity::toMillis);
    }

    /** This JVM. */
    public static ProcessIdentity current() {
        return CURRENT;
    }

    /** The identity of a live handle (its start instant as the OS reports it now). */
    public static ProcessIdentity of(ProcessHandle handle) {
        return new ProcessIdentity(handle.pid(), handle.info().startInstant());
    }

    /** The start instant as stored: epoch milliseconds, or null when unknown. */
    Long startMillis() {
        return start.map(Instant::toEpochMilli).orElse(null);
    }

    static ProcessIdentity fromRow(long pid, long startMillis, boolean startWasNull) {
        return new ProcessIdentity(pid, startWasNull ? Optional.empty() : Optional.of(Instant.ofEpochMilli(startMillis)));
    }

    /**
     * Whether this process still runs: the pid exists, is not a zombie, and started when recorded.
     * When either start instant is unknown the pid alone decides, erring on the side of alive (a
     * lease or ledger row then waits for the pid to go).
     */
    public boolean isAlive() {
        return isAlive(false);
    }

    /** As {@link #isAlive()}; {@code fresh} asks the OS even when the process was seen alive just now. */
    public boolean isAlive(boolean fresh) {
        if (equals(CURRENT)) {
            return true;
        }
        if (SEEN_DEAD.contains(this)) {
            return false;
        }
        Long seen = SEEN_ALIVE.get(this);
        long now = System.nanoTime();
        if (!fresh && seen != null && now - seen < ALIVE_CACHE_NANOS) {
            return true;
        }
        Optional<ProcessHandle> handle = liveHandle();
        boolean alive = handle.isPresent() && (start.isEmpty() || startOf(handle.get()).map(start.get()::equals)
                .orElse(true));
        if (alive) {
            SEEN_ALIVE.put(this, now);
        } else {
            SEEN_ALIVE.remove(this);
            SEEN_DEAD.add(this);
        }
        return alive;
    }

    /**
     * The handle of this very process, or empty when it is gone, a zombie, its pid now belongs to
     * another process, or its start instant is unknown on either side (then it cannot be told
     * apart from a reused pid, so nobody may signal it). Never cached: used right before a kill.
     */
    public Optional<ProcessHandle> verifiedHandle() {
        if (start.isEmpty()) {
            return Optional.empty();
        }
        return liveHandle().filter(h -> startOf(h).map(start.get()::equals).orElse(false));
    }

    private Optional<ProcessHandle> liveHandle() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> !isZombie(pid));
    }

    private static Optional<Instant> startOf(ProcessHandle h) {
        return h.info().startInstant().map(ProcessIdentity::toMillis);
    }

    private static Instant toMillis(Instant i) {
        return Instant.ofEpochMilli(i.toEpochMilli());
    }

    /** Linux: a process that exited but was not yet reaped ("Z" in /proc/pid/stat) is dead. */
    static boolean isZombie(long pid) {
        return statField(pid, 0).map("Z"::equals).orElse(false);
    }

    /** Linux: the process group of {@code pid}, from /proc/pid/stat. */
    static Optional<Long> processGroup(long pid) {
        return statField(pid, 2).map(Long::parseLong);
    }

    /** Field {@code index} after the command name of /proc/pid/stat (0 = state, 1 = ppid, 2 = pgrp). */
    private static Optional<String> statField(long pid, int index) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return index < fields.length ? Optional.of(fields[index]) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
