package io.harnessrouter.dist.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback stand-in for the model APIs the real CLIs call, so a conformance test sees the real
 * CLI's own output, errors and exit codes for a known HTTP answer. One server speaks all four
 * wire formats, told apart by the path:
 * <ul>
 *   <li>Anthropic Messages, {@code POST …/v1/messages} (claude, streaming SSE when the body asks
 *       for {@code stream}, as claude does);</li>
 *   <li>OpenAI Responses, {@code POST …/responses} (codex, SSE);</li>
 *   <li>OpenAI Chat Completions, {@code POST …/chat/completions} (opencode's openai-compatible
 *       provider, copilot BYOK; SSE when {@code stream} is true);</li>
 *   <li>Gemini, {@code POST …/models/<m>:generateContent} and {@code :streamGenerateContent}
 *       ({@code alt=sse}).</li>
 * </ul>
 * The first path segment picks the behaviour ({@link Behaviour}), as in the study of the real
 * CLIs ({@code /ok}, {@code /r429}, {@code /quota}, {@code /auth401}): a CLI whose base URL is
 * {@code http://127.0.0.1:<port>/r429} is rate limited on every call. Error bodies follow each
 * provider's documented shape. Every request is recorded ({@link #requests()}) so a test can
 * check what the CLI sent. Anything else (claude's {@code HEAD /api/hello}, a WebSocket attempt)
 * is recorded and answered 404, except a {@code HEAD}, which gets 200.
 *
 * <p>Thread-safe; binds 127.0.0.1 on a free port.
 */
final class ModelApiMock implements AutoCloseable {

    /** What the mock answers, chosen by the first path segment. */
    enum Behaviour {
        OK("ok"), RATE_LIMITED("r429"), QUOTA_EXHAUSTED("quota"), AUTH_FAILED("auth401");

        final String prefix;

        Behaviour(String prefix) {
            this.prefix = prefix;
        }

        static Optional<Behaviour> ofPrefix(String segment) {
            for (Behaviour b : values()) {
                if (b.prefix.equals(segment)) {
                    return Optional.of(b);
                }
            }
            return Optional.empty();
        }
    }

    /** The wire format of a recorded request. */
    enum Api { ANTHROPIC_MESSAGES, OPENAI_RESPONSES, OPENAI_CHAT, GEMINI, OTHER }

    /** One request as it arrived: header names lower case, the body as text. */
    record Request(String method, String path, String query, Api api, Map<String, String> headers, String body) {

        /** The model the request names: the body's {@code model}, or Gemini's path segment. */
        Optional<String> model() {
            if (api == Api.GEMINI) {
                int start = path.indexOf("/models/");
                int end = path.indexOf(':', start);
                return start < 0 || end < 0 ? Optional.empty() : Optional.of(path.substring(start + 8, end));
            }
            try {
                JsonNode model = JSON.readTree(body.isEmpty() ? "{}" : body).path("model");
                return model.isTextual() ? Optional.of(model.asText()) : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
        }
    }

    /** The text every successful answer carries, per wire format, so a test can tell them apart. */
    static String answer(Api api) {
        return "Conformance answer from the mock " + api.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ".";
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    ModelApiMock() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 32);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** The base URL that makes the mock behave as {@code behaviour}, without a trailing slash. */
    URI base(Behaviour behaviour) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + behaviour.prefix);
    }

    /** Every request so far, oldest first. */
    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The model API requests so far (not {@code HEAD /api/hello} and the like), oldest first. */
    List<Request> modelRequests() {
        return requests.stream().filter(r -> r.api() != Api.OTHER).toList();
    }

    void clear() {
        requests.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String query = Optional.ofNullable(exchange.getRequestURI().getQuery()).orElse("");
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) ->
                    headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            String method = exchange.getRequestMethod();
            Api api = "POST".equals(method) ? apiOf(path) : Api.OTHER;
            requests.add(new Request(method, path, query, api, headers, body));

            String[] segments = path.split("/", 3);
            Optional<Behaviour> behaviour = segments.length > 1 ? Behaviour.ofPrefix(segments[1]) : Optional.empty();
            if ("HEAD".equals(method)) {
                exchange.sendResponseHeaders(200, -1);
            } else if (api == Api.OTHER || behaviour.isEmpty()) {
                sendJson(exchange, 404, "{\"error\":{\"message\":\"the mock has no endpoint " + method + " " + path
                        + "\",\"type\":\"not_found_error\"}}", Map.of());
            } else if (behaviour.get() == Behaviour.OK) {
                answer(exchange, api, body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body), path, query);
            } else {
                fail(exchange, api, behaviour.get());
            }
        }
    }

    private static Api apiOf(String path) {
        if (path.endsWith("/v1/messages")) {
            return Api.ANTHROPIC_MESSAGES;
        }
        if (path.endsWith("/responses")) {
            return Api.OPENAI_RESPONSES;
        }
        if (path.endsWith("/chat/completions")) {
            return Api.OPENAI_CHAT;
        }
        if (path.contains("/models/") && (path.endsWith(":generateContent") || path.endsWith(":streamGenerateContent"))) {
            return Api.GEMINI;
        }
        return Api.OTHER;
    }

    private void answer(HttpExchange exchange, Api api, JsonNode body, String path, String query) throws IOException {
        String model = body.path("model").asText("mock-model");
        String text = answer(api);
        switch (api) {
            case ANTHROPIC_MESSAGES -> {
                if (body.path("stream").asBoolean(false)) {
                    sendSse(exchange, AnthropicWire.stream(model, text));
                } else {
                    sendJson(exchange, 200, AnthropicWire.message(model, text).toString(), Map.of());
                }
            }
            case OPENAI_RESPONSES -> sendSse(exchange, OpenAiWire.responseStream(model, text));
            case OPENAI_CHAT -> {
                if (body.path("stream").asBoolean(false)) {
                    sendSse(exchange, OpenAiWire.chatStream(model, text,
                            body.path("stream_options").path("include_usage").asBoolean(false)));
                } else {
                    sendJson(exchange, 200, OpenAiWire.chatCompletion(model, text).toString(), Map.of());
                }
            }
            case GEMINI -> {
                ObjectNode response = GeminiWire.response(path, text);
                if (path.endsWith(":streamGenerateContent")) {
                    sendSse(exchange, List.of(GeminiWire.sse(response)));
                } else {
                    sendJson(exchange, 200, response.toString(), Map.of());
                }
            }
            case OTHER -> throw new IllegalStateException("not a model API: " + path + "?" + query);
        }
    }

    private static void fail(HttpExchange exchange, Api api, Behaviour behaviour) throws IOException {
        WireError error = switch (api) {
            case ANTHROPIC_MESSAGES -> AnthropicWire.error(behaviour);
            case OPENAI_RESPONSES, OPENAI_CHAT -> OpenAiWire.error(behaviour);
            case GEMINI -> GeminiWire.error(behaviour);
            case OTHER -> throw new IllegalStateException("not a model API");
        };
        sendJson(exchange, error.status(), error.body(), error.headers());
    }

    /** An HTTP error answer: status, JSON body and extra headers. */
    record WireError(int status, String body, Map<String, String> headers) {
    }

    private static void sendJson(HttpExchange exchange, int status, String json, Map<String, String> headers)
            throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("content-type", "application/json");
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** Writes already formatted SSE events ({@code event:}/{@code data:} lines, blank-line ended). */
    private static void sendSse(HttpExchange exchange, List<String> events) throws IOException {
        exchange.getResponseHeaders().set("content-type", "text/event-stream");
        exchange.getResponseHeaders().set("cache-control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        for (String event : events) {
            out.write(event.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    static ObjectMapper json() {
        return JSON;
    }
}
