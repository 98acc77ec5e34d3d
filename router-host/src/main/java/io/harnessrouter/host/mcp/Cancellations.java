package io.harnessrouter.host.mcp;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connects MCP {@code notifications/cancelled} to the thread running the cancelled call. The MCP
 * SDK has no cancellation support, so the line filter tags every {@code tools/call} with its
 * JSON-RPC id ({@link #META_KEY} in {@code _meta}), the tool registers its thread under that id
 * while it routes, and a cancellation interrupts that thread: the router stops walking and the
 * process runner kills the running CLI's whole process tree.
 *
 * <p>Thread-safe. A cancellation that arrives after the call ended does nothing: a registration
 * is closed under the same lock a cancellation takes, so a thread is never interrupted once it
 * has moved on to other work.
 */
final class Cancellations {
    /** Where the line filter puts the JSON-RPC id of a {@code tools/call}. */
    static final String META_KEY = "io.harnessrouter/requestId";

    /** Cancellations remembered for calls not yet registered; bounded, oldest forgotten first. */
    private static final int EARLY_LIMIT = 256;

    private final Map<String, Registration> running = new ConcurrentHashMap<>();
    /** Set by {@link #cancelAll()}: a call that registers afterwards is cancelled at once. */
    private boolean closed;
    private final Map<String, Boolean> early = new java.util.LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > EARLY_LIMIT;
        }
    };

    /**
     * Registers the current thread as running the request with this JSON-RPC id. A cancellation
     * that arrived before the call got here (the SDK hands calls to a worker asynchronously)
     * takes effect at once, and so does every registration after {@link #cancelAll()}.
     */
    Registration register(String requestId) {
        Registration r = new Registration(requestId, Thread.currentThread());
        synchronized (early) {
            running.put(requestId, r);
            if (early.remove(requestId) != null || closed) {
                r.cancel();
            }
        }
        return r;
    }

    /** Interrupts the thread running {@code requestId}, or remembers the cancellation for it. */
    void cancel(String requestId) {
        Registration r;
        synchronized (early) {
            r = running.get(requestId);
            if (r == null) {
                early.put(requestId, Boolean.TRUE);
                return;
            }
        }
        r.cancel();
    }

    /** Cancels every running call (shutdown): each thread is interrupted, its CLI tree killed. */
    void cancelAll() {
        List<Registration> all;
        synchronized (early) {
            closed = true;
            all = List.copyOf(running.values());
        }
        all.forEach(Registration::cancel);
    }

    /** One running call. Close it when the call ends, on the thread that registered it. */
    final class Registration implements AutoCloseable {
        private final String requestId;
        private final Thread thread;
        private boolean open = true;
        private boolean cancelled;

        private Registration(String requestId, Thread thread) {
            this.requestId = requestId;
            this.thread = thread;
        }

        private synchronized void cancel() {
            if (open && !cancelled) {
                cancelled = true;
                thread.interrupt();
            }
        }

        /** Whether the client cancelled the call. */
        synchronized boolean cancelled() {
            return cancelled;
        }

        /** Ends the registration and clears an interrupt it caused, so the pooled thread is clean. */
        @Override
        public synchronized void close() {
            open = false;
            running.remove(requestId, this);
            if (cancelled) {
                Thread.interrupted();
            }
        }
    }
}
