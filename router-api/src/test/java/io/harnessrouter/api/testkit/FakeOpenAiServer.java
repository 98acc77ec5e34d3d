package io.harnessrouter.api.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scripted OpenAI-compatible chat-completions server on {@code 127.0.0.1} (random port) for
 * tests and benchmarks. It answers {@code POST /v1/chat/completions} with {@link Reply replies}
 * chosen per request, and records every request it received (headers, body, model, stream flag)
 * so tests can assert what a dispatcher sent.
 *
 * <pre>{@code
 * try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
 *     server.enqueue(Reply.rateLimited(20));                    // the next request, whatever the model
 *     server.replyForModel("gpt-big", Reply.sse("Hel", "lo"));  // every request for this model
 *     String baseUrl = server.baseUrl();                        // http://127.0.0.1:<port>/v1
 *     ...
 *     assertEquals(Optional.of("Bearer sk-test"), server.lastRequest().authorization());
 * }
 * }</pre>
 *
 * <p>Which reply a request gets: the model's queue ({@link #enqueueForModel}), else the shared
 * queue ({@link #enqueue}), else the model's standing reply ({@link #replyForModel}), else the
 * default ({@link #defaultReply}, initially {@code Reply.ok("Hello from the fake server")}).
 * Other paths get a 404 and other methods a 405, without consuming any reply.
 *
 * <p>Thread-safety: all methods are safe to call while requests are being served; requests are
 * served concurrently (a slow reply does not hold up others).
 */
public final class FakeOpenAiServer implements AutoCloseable {

    /** The path the server answers. */
    public static final String CHAT_COMPLETIONS_PATH = "/v1/chat/completions";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Object lock = new Object();
    private final Deque<Reply> queue = new ArrayDeque<>();
    private final Map<String, Deque<Reply>> modelQueues = new HashMap<>();
    private final Map<String, Reply> modelReplies = new HashMap<>();
    private final List<ReceivedRequest> received = new ArrayList<>();
    private Reply defaultReply = Reply.ok("Hello from the fake server");
    private boolean rejectUpgrades;

    private FakeOpenAiServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts a server on {@code 127.0.0.1} and a free port. Close it when done. */
    public static FakeOpenAiServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "fake-openai-server");
                t.setDaemon(true);
                return t;
            });
            FakeOpenAiServer fake = new FakeOpenAiServer(http, executor);
            http.createContext("/", fake::handle);
            http.setExecutor(executor);
            http.start();
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake OpenAI server", e);
        }
    }

    /** The port the server listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The base URL a route's {@code base_url} should hold: {@code http://127.0.0.1:<port>/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    /** {@link #baseUrl()} as a URI. */
    public URI baseUri() {
        return URI.create(baseUrl());
    }

    /** Queues replies for the next requests, in order, whatever their model. */
    public FakeOpenAiServer enqueue(Reply... replies) {
        synchronized (lock) {
            queue.addAll(List.of(replies));
        }
        return this;
    }

    /** Queues replies for the next requests that ask for {@code model}, in order. */
    public FakeOpenAiServer enqueueForModel(String model, Reply... replies) {
        synchronized (lock) {
            modelQueues.computeIfAbsent(model, m -> new ArrayDeque<>()).addAll(List.of(replies));
        }
        return this;
    }

    /** Answers every request for {@code model} with {@code reply} once the queues are empty. */
    public FakeOpenAiServer replyForModel(String model, Reply reply) {
        synchronized (lock) {
            modelReplies.put(model, reply);
        }
        return this;
    }

    /** Answers every request nothing else was scripted for. */
    public FakeOpenAiServer defaultReply(Reply reply) {
        synchronized (lock) {
            defaultReply = reply;
        }
        return this;
    }

    /**
     * Answers every request that offers a protocol upgrade (an {@code Upgrade} or
     * {@code HTTP2-Settings} header, as the JDK client sends for {@code h2c} on {@code http://})
     * with a 404 {@code Upgrade not supported}, as some local servers and proxies do. Such
     * requests are not recorded and consume no reply.
     */
    public FakeOpenAiServer rejectUpgrades() {
        synchronized (lock) {
            rejectUpgrades = true;
        }
        return this;
    }

    /** Every chat-completions request received so far, oldest first. */
    public List<ReceivedRequest> requests() {
        synchronized (lock) {
            return List.copyOf(received);
        }
    }

    /** Requests received for {@code model}, oldest first. */
    public List<ReceivedRequest> requestsFor(String model) {
        return requests().stream().filter(r -> model.equals(r.model())).toList();
    }

    /** How many chat-completions requests arrived. */
    public int requestCount() {
        synchronized (lock) {
            return received.size();
        }
    }

    /** The latest request; fails when none arrived. */
    public ReceivedRequest lastRequest() {
        synchronized (lock) {
            if (received.isEmpty()) {
                throw new IllegalStateException("the fake OpenAI server has received no request");
            }
            return received.get(received.size() - 1);
        }
    }

    /** Waits until at least {@code count} requests arrived; false when {@code timeout} passed first. */
    public boolean awaitRequestCount(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (received.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    /** Forgets scripted replies and recorded requests; the default reply and upgrade handling are restored too. */
    public void reset() {
        synchronized (lock) {
            queue.clear();
            modelQueues.clear();
            modelReplies.clear();
            received.clear();
            rejectUpgrades = false;
            defaultReply = Reply.ok("Hello from the fake server");
        }
    }

    /** Stops the server at once; replies in progress are cut off. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            serve(exchange);
            exchange.close();
        } catch (DroppedConnection e) {
            throw e; // HttpServer closes the connection when a handler throws: the client sees a cut body
        } catch (IOException | RuntimeException e) {
            // The client went away (timeout, cancel) or the server is stopping; nothing to report.
            exchange.close();
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        byte[] bodyBytes = exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getPath();
        if (offersUpgrade(exchange)) {
            Reply.status(404, Reply.error("Upgrade not supported", "invalid_request_error", null)).send(exchange, null);
            return;
        }
        if (!CHAT_COMPLETIONS_PATH.equals(path)) {
            Reply.status(404, Reply.error("Unknown path " + path, "invalid_request_error", "unknown_url"))
                    .send(exchange, null);
            return;
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            Reply.status(405, Reply.error("Method not allowed", "invalid_request_error", null)).send(exchange, null);
            return;
        }
        ReceivedRequest request = ReceivedRequest.of(exchange.getRequestMethod(), path,
                lowerCased(exchange.getRequestHeaders()), new String(bodyBytes, StandardCharsets.UTF_8));
        Reply reply;
        synchronized (lock) {
            received.add(request);
            reply = choose(request.model());
            lock.notifyAll();
        }
        reply.send(exchange, request);
    }

    private boolean offersUpgrade(HttpExchange exchange) {
        synchronized (lock) {
            if (!rejectUpgrades) {
                return false;
            }
        }
        return exchange.getRequestHeaders().containsKey("Upgrade")
                || exchange.getRequestHeaders().containsKey("HTTP2-Settings");
    }

    /** Thrown by a reply that cuts its body short on purpose. */
    private static final class DroppedConnection extends IOException {
        private static final long serialVersionUID = 1L;

        DroppedConnection() {
            super("fake server dropped the connection on purpose");
        }
    }

    private Reply choose(String model) {
        Deque<Reply> forModel = modelQueues.get(model);
        if (forModel != null && !forModel.isEmpty()) {
            return forModel.poll();
        }
        if (!queue.isEmpty()) {
            return queue.poll();
        }
        return modelReplies.getOrDefault(model, defaultReply);
    }

    private static Map<String, String> lowerCased(Map<String, List<String>> headers) {
        Map<String, String> out = new TreeMap<>();
        headers.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), String.join(", ", v)));
        return out;
    }

    /**
     * One request the server received.
     *
     * @param method     the HTTP method
     * @param path       the request path, for example {@code /v1/chat/completions}
     * @param headers    request headers, names lower-cased
     * @param body       the raw request body
     * @param model      the body's {@code model} field, empty when absent
     * @param stream     the body's {@code stream} field
     * @param receivedAt when it arrived
     */
    public record ReceivedRequest(String method, String path, Map<String, String> headers, String body,
            String model, boolean stream, Instant receivedAt) {

        private static final Pattern MODEL = Pattern.compile("\"model\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
        private static final Pattern STREAM = Pattern.compile("\"stream\"\\s*:\\s*true");

        static ReceivedRequest of(String method, String path, Map<String, String> headers, String body) {
            Matcher m = MODEL.matcher(body);
            String model = m.find() ? m.group(1) : "";
            return new ReceivedRequest(method, path, Map.copyOf(headers), body, model,
                    STREAM.matcher(body).find(), Instant.now());
        }

        /** A header by name, any case. */
        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }

        /** The {@code Authorization} header as sent, for example {@code Bearer sk-test}. */
        public Optional<String> authorization() {
            return header("authorization");
        }

        /** The bearer token, when the request carried one. */
        public Optional<String> bearerToken() {
            return authorization().filter(a -> a.startsWith("Bearer ")).map(a -> a.substring("Bearer ".length()));
        }
    }

    /**
     * What the server answers to one request: status, headers, body, and how slowly. Immutable;
     * the {@code with...} methods return a changed copy. Token usage defaults to 10 prompt and 5
     * completion tokens.
     */
    public static final class Reply {

        private enum Mode { AUTO, JSON, SSE, RAW_SSE, STATUS, BROKEN }

        private static final String BEARER_PLACEHOLDER = "{{bearer}}";

        private final Mode mode;
        private final int status;
        private final String body;
        private final List<String> chunks;
        private final Map<String, String> headers;
        private final int promptTokens;
        private final int completionTokens;
        private final Duration delay;
        private final Duration chunkDelay;

        private Reply(Mode mode, int status, String body, List<String> chunks, Map<String, String> headers,
                int promptTokens, int completionTokens, Duration delay, Duration chunkDelay) {
            this.mode = mode;
            this.status = status;
            this.body = body;
            this.chunks = List.copyOf(chunks);
            this.headers = Map.copyOf(headers);
            this.promptTokens = promptTokens;
            this.completionTokens = completionTokens;
            this.delay = delay;
            this.chunkDelay = chunkDelay;
        }

        private static Reply of(Mode mode, int status, String body, List<String> chunks) {
            return new Reply(mode, status, body, chunks, Map.of(), 10, 5, Duration.ZERO, Duration.ZERO);
        }

        /**
         * A successful answer in the form the request asked for: SSE in up to three chunks plus a
         * usage frame when the body says {@code "stream": true}, one JSON completion otherwise.
         */
        public static Reply ok(String content) {
            return of(Mode.AUTO, 200, content, splitInThree(content));
        }

        /** A successful buffered JSON completion, even when the request asked for a stream. */
        public static Reply buffered(String content) {
            return of(Mode.JSON, 200, content, List.of(content));
        }

        /**
         * A successful SSE stream: a role frame, one {@code delta.content} frame per chunk, a
         * {@code finish_reason: stop} frame, a usage frame with empty {@code choices}, {@code [DONE]}.
         */
        public static Reply sse(String... contentChunks) {
            return of(Mode.SSE, 200, "", List.of(contentChunks));
        }

        /**
         * An SSE stream of exactly these {@code data:} payloads (raw JSON or anything else), for
         * malformed or unusual frames. No {@code [DONE]} is added.
         */
        public static Reply sseFrames(String... dataPayloads) {
            return of(Mode.RAW_SSE, 200, "", List.of(dataPayloads));
        }

        /**
         * A 200 SSE stream that carries no content: a role frame with empty content, a stop frame,
         * a usage frame and {@code [DONE]}.
         */
        public static Reply emptyStream() {
            return sse();
        }

        /**
         * Sends these SSE content chunks, then drops the connection mid-body (the declared content
         * length is never reached), so the client sees a read error.
         */
        public static Reply brokenStream(String... contentChunks) {
            return of(Mode.BROKEN, 200, "", List.of(contentChunks));
        }

        /**
         * HTTP 429 as OpenAI sends it: {@code retry-after: <seconds>}, request and token
         * {@code x-ratelimit-*} headers (requests 60 limit / 0 remaining / reset {@code 1s}; tokens
         * 150000 / 149000 / {@code 6m0s}) and a {@code rate_limit_exceeded} error body with the
         * message {@code Rate limit reached for requests}.
         */
        public static Reply rateLimited(int retryAfterSeconds) {
            return status(429, error("Rate limit reached for requests", "requests", "rate_limit_exceeded"))
                    .withHeader("retry-after", Integer.toString(retryAfterSeconds))
                    .withHeader("x-ratelimit-limit-requests", "60")
                    .withHeader("x-ratelimit-remaining-requests", "0")
                    .withHeader("x-ratelimit-reset-requests", "1s")
                    .withHeader("x-ratelimit-limit-tokens", "150000")
                    .withHeader("x-ratelimit-remaining-tokens", "149000")
                    .withHeader("x-ratelimit-reset-tokens", "6m0s");
        }

        /**
         * HTTP 429 for an account out of credit: error type and code {@code insufficient_quota},
         * message {@code You exceeded your current quota, please check your plan and billing details.}
         */
        public static Reply insufficientQuota() {
            return status(429, error("You exceeded your current quota, please check your plan and billing details.",
                    "insufficient_quota", "insufficient_quota"));
        }

        /**
         * HTTP 401 whose message quotes the bearer token it received, as some providers do:
         * {@code Incorrect API key provided: <token>.} Use it to prove a key never leaks into errors.
         */
        public static Reply unauthorized() {
            return status(401, error("Incorrect API key provided: " + BEARER_PLACEHOLDER + ".",
                    "invalid_request_error", "invalid_api_key"));
        }

        /** HTTP 500 with message {@code The server had an error while processing your request.} */
        public static Reply serverError() {
            return status(500, error("The server had an error while processing your request.", "server_error", null));
        }

        /**
         * HTTP 404 for an unknown model, with OpenAI's message
         * {@code The model `<model>` does not exist or you do not have access to it.}
         */
        public static Reply modelNotFound(String model) {
            return status(404, error("The model `" + model + "` does not exist or you do not have access to it.",
                    "invalid_request_error", "model_not_found"));
        }

        /** Any status with this body (JSON content type). {@code {{bearer}}} is replaced by the received token. */
        public static Reply status(int status, String body) {
            return of(Mode.STATUS, status, body, List.of());
        }

        /** An OpenAI-style error body {@code {"error":{"message","type","param","code"}}}. */
        public static String error(String message, String type, String code) {
            return "{\"error\":{\"message\":\"" + Json.escape(message) + "\",\"type\":" + Json.stringOrNull(type)
                    + ",\"param\":null,\"code\":" + Json.stringOrNull(code) + "}}";
        }

        /** Adds a response header. */
        public Reply withHeader(String name, String value) {
            Map<String, String> h = new TreeMap<>(headers);
            h.put(name, value);
            return new Reply(mode, status, body, chunks, h, promptTokens, completionTokens, delay, chunkDelay);
        }

        /** Sets the token usage reported in the usage frame or field. */
        public Reply withUsage(int prompt, int completion) {
            return new Reply(mode, status, body, chunks, headers, prompt, completion, delay, chunkDelay);
        }

        /** Waits this long before sending the status line: a slow server, for timeout tests. */
        public Reply delayedBy(Duration value) {
            return new Reply(mode, status, body, chunks, headers, promptTokens, completionTokens, value, chunkDelay);
        }

        /** Waits this long before every SSE frame after the headers: a stalling stream. */
        public Reply withChunkDelay(Duration value) {
            return new Reply(mode, status, body, chunks, headers, promptTokens, completionTokens, delay, value);
        }

        void send(HttpExchange exchange, ReceivedRequest request) throws IOException {
            pause(delay);
            String model = request == null ? "" : request.model();
            boolean sse = mode == Mode.SSE || mode == Mode.RAW_SSE || mode == Mode.BROKEN
                    || (mode == Mode.AUTO && request != null && request.stream());
            headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.getResponseHeaders().set("content-type", sse ? "text/event-stream" : "application/json");
            if (!sse) {
                String text = mode == Mode.STATUS ? body.replace(BEARER_PLACEHOLDER, bearer(request))
                        : completion(model, body);
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) {
                    exchange.getResponseBody().write(bytes);
                }
                return;
            }
            exchange.sendResponseHeaders(status, mode == Mode.BROKEN ? 1_000_000 : 0);
            for (String frame : frames(model)) {
                pause(chunkDelay);
                exchange.getResponseBody().write(("data: " + frame + "\n\n").getBytes(StandardCharsets.UTF_8));
                exchange.getResponseBody().flush();
            }
            if (mode == Mode.BROKEN) {
                throw new DroppedConnection(); // short of the declared length
            }
        }

        private List<String> frames(String model) {
            if (mode == Mode.RAW_SSE) {
                return chunks;
            }
            List<String> frames = new ArrayList<>();
            frames.add(chunk(model, "{\"role\":\"assistant\",\"content\":\"\"}", "null"));
            for (String c : chunks) {
                frames.add(chunk(model, "{\"content\":\"" + Json.escape(c) + "\"}", "null"));
            }
            if (mode == Mode.BROKEN) {
                return frames;
            }
            frames.add(chunk(model, "{}", "\"stop\""));
            frames.add("{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":\""
                    + Json.escape(model) + "\",\"choices\":[]," + usage() + "}");
            frames.add("[DONE]");
            return frames;
        }

        private static String chunk(String model, String delta, String finishReason) {
            return "{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":\""
                    + Json.escape(model) + "\",\"choices\":[{\"index\":0,\"delta\":" + delta
                    + ",\"finish_reason\":" + finishReason + "}]}";
        }

        private String completion(String model, String content) {
            return "{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion\",\"created\":0,\"model\":\""
                    + Json.escape(model) + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                    + "\"content\":\"" + Json.escape(content) + "\"},\"finish_reason\":\"stop\"}]," + usage() + "}";
        }

        private String usage() {
            return "\"usage\":{\"prompt_tokens\":" + promptTokens + ",\"completion_tokens\":" + completionTokens
                    + ",\"total_tokens\":" + (promptTokens + completionTokens) + "}";
        }

        private static String bearer(ReceivedRequest request) {
            return request == null ? "" : request.bearerToken().orElse("");
        }

        private static List<String> splitInThree(String content) {
            if (content.length() < 3) {
                return List.of(content);
            }
            int third = content.length() / 3;
            return List.of(content.substring(0, third), content.substring(third, 2 * third),
                    content.substring(2 * third));
        }

        private static void pause(Duration d) throws IOException {
            if (d.isZero()) {
                return;
            }
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("fake server stopped while delaying a reply", e);
            }
        }
    }

    /** Just enough JSON writing for the replies. */
    private static final class Json {
        private Json() {
        }

        static String stringOrNull(String s) {
            return s == null ? "null" : "\"" + escape(s) + "\"";
        }

        static String escape(String s) {
            StringBuilder sb = new StringBuilder(s.length() + 8);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            sb.append(String.format("\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            return sb.toString();
        }
    }
}
