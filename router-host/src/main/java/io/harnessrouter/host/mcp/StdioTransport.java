package io.harnessrouter.host.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Our own stdio transport for the MCP SDK's server session: newline-delimited JSON-RPC on the
 * process's stdin and stdout. The SDK keeps the protocol (initialize, tools, resources,
 * progress); this class owns the bytes, because the SDK's {@code StdioServerTransportProvider}
 * drops responses when two threads answer at once (its unicast sink fails the loser with
 * {@code FAIL_NON_SERIALIZED}: modelcontextprotocol/java-sdk #304, #686) and stops reading on
 * some malformed lines.
 *
 * <ul>
 *   <li><b>Reading</b>: one thread reads lines of up to {@value #MAX_LINE_BYTES} bytes, classifies
 *       each ({@link InboundLine}) and answers a bad one itself; a line past the cap is skipped to
 *       its end and answered with -32600. Requests run on a pool thread each (the SDK server is
 *       built with immediate execution, so a handler runs on that thread); notifications and
 *       responses are handled on the reader thread, in order.</li>
 *   <li><b>Writing</b>: every outgoing message is serialised on the sender's thread and queued;
 *       one writer thread writes the queue in order and flushes when it runs dry. Nothing is ever
 *       dropped for concurrency. A message whose line would exceed {@value #MAX_OUT_BYTES} bytes
 *       is replaced by a JSON-RPC error for the same id (-32603) that says so.</li>
 *   <li><b>Bookkeeping</b>: ids of requests without a response yet, so a duplicate id in flight is
 *       refused, cancellation ({@code notifications/cancelled}, which the SDK ignores) reaches the
 *       call's thread through {@link Cancellations}, and shutdown knows what is left.</li>
 *   <li><b>Shutdown</b> ({@link #shutdown}): at stdin EOF or on a signal, every running call is
 *       cancelled (its CLI tree is killed and the attempt recorded as cancelled), their answers are
 *       written for a bounded time, requests still unanswered then get a JSON-RPC error, and the
 *       output is flushed.</li>
 * </ul>
 *
 * <p>Thread-safety: {@link #sendMessage}-side methods are called from any thread.
 */
final class StdioTransport implements McpServerTransportProvider {
    private static final Logger LOG = LoggerFactory.getLogger(StdioTransport.class);
    /** Longest accepted request line: the schema's 1 MB prompt plus 256 files, escaped, fit easily. */
    static final int MAX_LINE_BYTES = 16 * 1024 * 1024;
    /** Longest response line written; documented in docs/architecture.md. */
    static final int MAX_OUT_BYTES = 32 * 1024 * 1024;
    private static final int INTERNAL_ERROR = -32603;
    private static final byte[] POISON = new byte[0];
    /** Requests read in one burst before their workers start; bounds the hold-back. */
    private static final int MAX_BURST = 64;

    private final InputStream in;
    private final OutputStream out;
    private final ObjectMapper mapper;
    private final McpJsonMapper json;
    private final Cancellations cancellations;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final java.util.concurrent.LinkedBlockingQueue<Outgoing> outbox = new java.util.concurrent.LinkedBlockingQueue<>();
    private final ExecutorService workers;
    private final CountDownLatch inputEnded = new CountDownLatch(1);
    private final CountDownLatch writerDone = new CountDownLatch(1);
    private final AtomicBoolean shuttingDown = new AtomicBoolean();
    private volatile boolean outputBroken;
    private final java.util.function.UnaryOperator<Runnable> handOff;
    /** Makes a read blocked on the input return (see ExitLatency); nothing for test streams. */
    private final Runnable inputWaker;
    private McpServerSession session;

    /** One line to write; {@code answers} is the request it responds to, or null. */
    private record Outgoing(byte[] line, Pending answers) {
    }

    /** A request read and not yet answered; {@code answered} is set when its one response is queued. */
    private record Pending(String key, Object id, AtomicBoolean answered) {
    }

    /**
     * @param inputWaker makes the reader's blocked read return at shutdown, so no thread sits
     *                in a native read when the JVM exits (HotSpot waits up to 300 ms for those)
     * @param handOff runs each request's task; {@code Runnable::run} wrappers let a test hold a
     *                call back before its worker picks it up. Null: straight to the pool.
     */
    StdioTransport(InputStream in, OutputStream out, ObjectMapper mapper, McpJsonMapper json,
            Cancellations cancellations, java.util.function.UnaryOperator<Runnable> handOff, Runnable inputWaker) {
        this.inputWaker = inputWaker == null ? () -> { } : inputWaker;
        this.handOff = handOff == null ? r -> r : handOff;
        this.in = in;
        this.out = out;
        this.mapper = mapper.copy().enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.json = json;
        this.cancellations = cancellations;
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "mcp-call-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void setSessionFactory(McpServerSession.Factory factory) {
        this.session = factory.create(new SessionTransport());
        daemon("mcp-stdout", this::writeLoop).start();
        daemon("mcp-stdin", this::readLoop).start();
    }

    /** Requests read that have no response yet. */
    int inFlight() {
        return pending.size();
    }

    /** Blocks until stdin reached EOF (or could not be read any more). */
    void awaitInputEnd() throws InterruptedException {
        inputEnded.await();
    }

    /**
     * Cancels every running call, gives their answers up to {@code bound} to be written, answers
     * what is still pending with a JSON-RPC error, and flushes. Idempotent; later sends are dropped.
     */
    void shutdown(String why, Duration bound) {
        if (!shuttingDown.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + bound.toNanos();
        if (inputEnded.getCount() > 0) {
            inputWaker.run();
        }
        if (!pending.isEmpty()) {
            LOG.info("{}: cancelling {} request(s) in flight", why, pending.size());
            cancellations.cancelAll();
        }
        synchronized (pending) {
            long left;
            while (!pending.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
                try {
                    pending.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        for (Map.Entry<String, Pending> e : Map.copyOf(pending).entrySet()) {
            enqueue(errorLine(e.getValue().id(), INTERNAL_ERROR, "harness-router is shutting down (" + why
                    + "); the request was not completed"), e.getKey());
        }
        outbox.add(new Outgoing(POISON, null));
        try {
            writerDone.await(Math.max(50, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdown();
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        return session == null ? Mono.error(new IllegalStateException("no session yet"))
                : session.sendNotification(method, params);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(() -> shutdown("closed", Duration.ofMillis(200)));
    }

    // ---- reading ---------------------------------------------------------------------------

    /**
     * Reads and classifies lines. Requests that arrived together (already buffered) are started
     * only after the whole burst was read, so a cancellation sent right behind its call is seen
     * before the call's worker starts and no CLI is spawned for it.
     */
    private void readLoop() {
        LineReader reader = new LineReader(in, MAX_LINE_BYTES);
        List<Runnable> burst = new java.util.ArrayList<>();
        try {
            while (true) {
                LineReader.Line line = reader.next();
                if (line == null) {
                    break;
                }
                if (line.tooLong()) {
                    reject(null, InboundLine.INVALID_REQUEST, "Invalid Request: the line is longer than "
                            + MAX_LINE_BYTES + " bytes (" + line.length() + " read); it was skipped");
                } else {
                    accept(InboundLine.classify(line.bytes(), line.length(), mapper), burst);
                }
                if (burst.size() >= MAX_BURST || !reader.hasBufferedLine()) {
                    burst.forEach(Runnable::run);
                    burst.clear();
                }
                if (shuttingDown.get()) {
                    break; // woken by shutdown (a signal): stop reading
                }
            }
            burst.forEach(Runnable::run);
        } catch (IOException e) {
            LOG.warn("stdin could not be read any more: {}", e.toString());
        } catch (RuntimeException | Error e) {
            LOG.error("the stdin reader failed; no more requests are read", e);
        } finally {
            inputEnded.countDown();
        }
    }

    private void accept(InboundLine line, List<Runnable> burst) {
        if (line instanceof InboundLine.Request r) {
            request(r, burst);
        } else if (line instanceof InboundLine.Notification n) {
            notification(n);
        } else if (line instanceof InboundLine.Response r) {
            handleInline(mapper.convertValue(r.message(), McpSchema.JSONRPCResponse.class));
        } else if (line instanceof InboundLine.Reject r) {
            reject(r.id(), r.code(), r.message());
        } else if (line instanceof InboundLine.Drop d) {
            LOG.warn("Dropped a malformed notification: {}", d.reason());
        }
    }

    private void request(InboundLine.Request r, List<Runnable> burst) {
        String key = key(r.id());
        if (shuttingDown.get()) {
            enqueue(errorLine(r.id(), INTERNAL_ERROR, "harness-router is shutting down"), null);
            return;
        }
        Pending fresh = new Pending(key, r.id(), new AtomicBoolean());
        // An id may be used again once its request was answered, even before that answer is flushed.
        if (pending.compute(key, (k, old) -> old == null || old.answered().get() ? fresh : old) != fresh) {
            reject(null, InboundLine.INVALID_REQUEST, "Invalid Request: id " + key
                    + " is already used by a request in flight; every request needs its own id");
            return;
        }
        Object params = paramsFor(r);
        var message = new McpSchema.JSONRPCRequest(McpSchema.JSONRPC_VERSION, r.method(), r.id(), params);
        burst.add(() -> start(r, key, message));
    }

    private void start(InboundLine.Request r, String key, McpSchema.JSONRPCRequest message) {
        try {
            workers.execute(handOff.apply(() -> {
                try {
                    session.handle(message).block();
                    // The session answers inside handle(); if it did not, the request still gets one.
                    respondIfPending(r.id(), INTERNAL_ERROR, "internal error: the MCP session gave no response");
                } catch (RuntimeException e) {
                    LOG.error("request {} ({}) failed in the MCP session", key, r.method(), e);
                    respondIfPending(r.id(), INTERNAL_ERROR, "internal error: " + e.getMessage());
                }
            }));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            respondIfPending(r.id(), INTERNAL_ERROR, "harness-router is shutting down");
        }
    }

    /** The request's params for the SDK; a {@code tools/call} gets its JSON-RPC id in {@code _meta}. */
    private Object paramsFor(InboundLine.Request r) {
        JsonNode params = r.params();
        if ("tools/call".equals(r.method()) && params instanceof ObjectNode obj) {
            JsonNode meta = obj.get("_meta");
            ObjectNode metaObj = meta instanceof ObjectNode o ? o : obj.putObject("_meta");
            metaObj.put(Cancellations.META_KEY, key(r.id()));
        }
        return params == null || params.isNull() ? null : mapper.convertValue(params, Object.class);
    }

    private void notification(InboundLine.Notification n) {
        if ("notifications/cancelled".equals(n.method())) {
            JsonNode id = n.params() == null ? null : n.params().get("requestId");
            if (id != null && (id.isTextual() || id.isIntegralNumber())) {
                LOG.info("request {} cancelled by the client{}", id.asText(),
                        n.params().hasNonNull("reason") ? ": " + n.params().get("reason").asText() : "");
                cancellations.cancel(key(id.isTextual() ? id.textValue() : (Object) id.asLong()));
            } else {
                LOG.warn("Dropped a notifications/cancelled without a usable requestId");
            }
            return;
        }
        Object params = n.params() == null || n.params().isNull() ? null : mapper.convertValue(n.params(), Object.class);
        handleInline(new McpSchema.JSONRPCNotification(McpSchema.JSONRPC_VERSION, n.method(), params));
    }

    private void handleInline(JSONRPCMessage message) {
        try {
            session.handle(message).subscribe(null, e -> LOG.warn("handling {} failed: {}", message, e.toString()));
        } catch (RuntimeException e) {
            LOG.warn("handling {} failed", message, e);
        }
    }

    private void reject(Object id, int code, String message) {
        LOG.warn("Rejected an inbound line ({}): {}", code, message);
        enqueue(errorLine(id, code, message), null);
    }

    private void respondIfPending(Object id, int code, String message) {
        enqueue(errorLine(id, code, message), key(id));
    }

    // ---- writing ---------------------------------------------------------------------------

    private void send(JSONRPCMessage message) {
        String answers = message instanceof McpSchema.JSONRPCResponse r && r.id() != null ? key(r.id()) : null;
        byte[] line;
        try {
            line = mapper.writeValueAsBytes(message);
        } catch (IOException | RuntimeException e) {
            LOG.error("could not serialise an outgoing {}", message.getClass().getSimpleName(), e);
            if (answers == null) {
                return;
            }
            line = errorLine(((McpSchema.JSONRPCResponse) message).id(), INTERNAL_ERROR,
                    "the response could not be serialised: " + e.getMessage());
        }
        if (line.length > MAX_OUT_BYTES - 1) {
            LOG.error("an outgoing message of {} bytes exceeds the {}-byte line cap", line.length, MAX_OUT_BYTES);
            if (answers == null) {
                return;
            }
            line = errorLine(((McpSchema.JSONRPCResponse) message).id(), INTERNAL_ERROR, "the response was "
                    + line.length + " bytes, more than harness-router's " + MAX_OUT_BYTES + "-byte cap for one message");
        }
        enqueue(line, answers);
    }

    /**
     * Queues one line. A response ({@code answers} set) is queued only for a request still
     * waiting for one, and only once: the real answer and a shutdown error never both go out.
     */
    private void enqueue(byte[] line, String answers) {
        Pending p = null;
        if (answers != null) {
            p = pending.get(answers);
            if (p == null || !p.answered().compareAndSet(false, true)) {
                LOG.debug("dropping a second response for request {}", answers);
                return;
            }
        }
        if (writerDone.getCount() == 0) {
            LOG.debug("dropping a message written after shutdown");
            return;
        }
        outbox.add(new Outgoing(line, p));
    }

    private void writeLoop() {
        List<Pending> answered = new java.util.ArrayList<>();
        try {
            while (true) {
                Outgoing next = outbox.take();
                if (next.line() == POISON) {
                    break;
                }
                write(next, answered);
                if (outbox.isEmpty()) {
                    flush(answered);
                }
            }
            // Messages queued behind the poison pill (answers racing the shutdown) still go out.
            for (Outgoing o; (o = outbox.poll()) != null; ) {
                if (o.line() != POISON) {
                    write(o, answered);
                }
            }
            flush(answered);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            writerDone.countDown();
        }
    }

    private void write(Outgoing o, List<Pending> answered) {
        if (!outputBroken) {
            try {
                out.write(o.line());
                out.write('\n');
            } catch (IOException e) {
                outputBroken = true;
                LOG.warn("stdout is closed; responses can no longer be delivered: {}", e.toString());
            }
        }
        if (o.answers() != null) {
            answered.add(o.answers());
        }
    }

    /** Flushes, then marks the responses written since the last flush as delivered. */
    private void flush(List<Pending> answered) {
        if (!outputBroken) {
            try {
                out.flush();
            } catch (IOException e) {
                outputBroken = true;
                LOG.warn("stdout is closed; responses can no longer be delivered: {}", e.toString());
            }
        }
        if (!answered.isEmpty()) {
            answered.forEach(p -> pending.remove(p.key(), p));
            answered.clear();
            synchronized (pending) {
                pending.notifyAll();
            }
        }
    }

    private byte[] errorLine(Object id, int code, String message) {
        ObjectNode err = mapper.createObjectNode();
        err.put("jsonrpc", "2.0");
        if (id instanceof Long l) {
            err.put("id", l);
        } else if (id != null) {
            err.put("id", id.toString());
        } else {
            err.putNull("id");
        }
        err.putObject("error").put("code", code).put("message", message);
        return err.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The pending-table key of an id: its JSON text, so 7 and "7" stay apart. */
    static String key(Object id) {
        return id instanceof String s ? "\"" + s + "\"" : String.valueOf(id);
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    /** The one session transport of this stdio connection. */
    private final class SessionTransport implements McpServerTransport {
        @Override
        public Mono<Void> sendMessage(JSONRPCMessage message) {
            return Mono.fromRunnable(() -> send(message));
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
            return json.convertValue(data, typeRef);
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.empty();
        }

        @Override
        public void close() {
        }
    }
}
