package io.harnessrouter.host.http;

import io.harnessrouter.host.config.HttpLimits;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The MCP sessions this server has open, for the limits the SDK does not enforce: how many may be
 * open at once ({@link HttpLimits#maxSessions()}), how many {@code tools/call}s each may have in
 * flight ({@link HttpLimits#maxCallsPerSession()}), and which have been idle — no request and no
 * open stream — for longer than {@link HttpLimits#idleSession()}.
 *
 * <p>Thread-safe: counts change under the table's lock.
 */
final class SessionTable {
    private final HttpLimits limits;
    private final LongSupplier nanoClock;
    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    /** Initializes admitted and not yet answered: they count against the session limit. */
    private int reserved;

    /** One open session. */
    static final class Entry {
        private final String id;
        private long lastSeen;
        private int streams;
        private int calls;
        private volatile String protocolVersion;

        private Entry(String id, long now) {
            this.id = id;
            this.lastSeen = now;
        }

        String id() {
            return id;
        }

        /** The {@code mcp-protocol-version} the client last sent, if any. */
        Optional<String> protocolVersion() {
            return Optional.ofNullable(protocolVersion);
        }

        void protocolVersion(String version) {
            if (version != null) {
                protocolVersion = version;
            }
        }
    }

    SessionTable(HttpLimits limits, LongSupplier nanoClock) {
        this.limits = limits;
        this.nanoClock = nanoClock;
    }

    HttpLimits limits() {
        return limits;
    }

    /** Admits one {@code initialize}, or says no when the table is full. */
    synchronized boolean reserve() {
        if (sessions.size() + reserved >= limits.maxSessions()) {
            return false;
        }
        reserved++;
        return true;
    }

    /** Ends a reservation: with the new session's id when the SDK created one, else empty. */
    synchronized void settle(Optional<String> created) {
        reserved--;
        created.ifPresent(id -> sessions.put(id, new Entry(id, nanoClock.getAsLong())));
    }

    Optional<Entry> get(String id) {
        return Optional.ofNullable(sessions.get(id));
    }

    synchronized void remove(String id) {
        sessions.remove(id);
    }

    int size() {
        return sessions.size();
    }

    /** A request of this session starts (a GET stream, a POST); it is not idle while it runs. */
    synchronized void open(Entry e) {
        e.streams++;
        e.lastSeen = nanoClock.getAsLong();
    }

    synchronized void close(Entry e) {
        e.streams--;
        e.lastSeen = nanoClock.getAsLong();
    }

    /** Starts one {@code tools/call}, or says no when the session has its limit in flight. */
    synchronized boolean startCall(Entry e) {
        if (e.calls >= limits.maxCallsPerSession()) {
            return false;
        }
        e.calls++;
        return true;
    }

    synchronized void endCall(Entry e) {
        e.calls--;
    }

    /** {@code tools/call}s in flight over every session. */
    synchronized int callsInFlight() {
        return sessions.values().stream().mapToInt(e -> e.calls).sum();
    }

    /** Removes and returns the sessions idle for longer than the limit. */
    synchronized List<Entry> expire() {
        long now = nanoClock.getAsLong();
        long idle = limits.idleSession().toNanos();
        List<Entry> gone = sessions.values().stream()
                .filter(e -> e.streams == 0 && e.calls == 0 && now - e.lastSeen > idle)
                .toList();
        gone.forEach(e -> sessions.remove(e.id, e));
        return gone;
    }
}
