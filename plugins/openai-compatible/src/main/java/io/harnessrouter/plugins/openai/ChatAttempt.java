package io.harnessrouter.plugins.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessrouter.api.DispatchEvent;
import io.harnessrouter.api.DispatchListener;
import io.harnessrouter.api.DispatchRequest;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.QuotaObservation;
import io.harnessrouter.api.RouteSpec;
import io.harnessrouter.api.Secret;
import io.harnessrouter.api.support.RateLimitHeaders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One chat-completions request on one route, from sending to the {@link DispatchResult}. The body
 * is consumed asynchronously by the HTTP client while the dispatching thread waits on the
 * response future with the attempt's deadline, so both a timeout and an interrupt abort the
 * exchange at once, even mid-stream.
 *
 * <p>When the server closes the connection before any byte of the response (a pooled keep-alive
 * connection it had already closed: {@code header parser received no bytes}), the request was
 * never processed; it is sent once more, on a new connection, within the same deadline, and only
 * the second outcome counts. Used once, by one thread.
 */
final class ChatAttempt {

    private static final int MAX_SHAPE_CHARS = 300;

    /**
     * How much of a response is kept in memory.
     *
     * @param completionBodyBytes a buffered (JSON) completion larger than this fails with a clear
     *                            error, as it cannot be parsed
     * @param errorBodyBytes      how much of an error response body is read for its message
     * @param answerChars         a streamed answer longer than this keeps its first and last halves
     */
    record Limits(int completionBodyBytes, int errorBodyBytes, int answerChars) {
        /** 32 MiB, 64 KiB, 10 Mi characters (as the CLI routes' 10 MiB capture). */
        static final Limits DEFAULT = new Limits(32 * 1024 * 1024, 64 * 1024, 10 * 1024 * 1024);
    }

    private final RouteSpec route;
    private final OpenAiSettings settings;
    private final HttpClient client;
    private final Supplier<HttpClient> freshClient;
    private final System.Logger log;
    private final Clock clock;
    private final Limits limits;
    private final DispatchRequest request;
    private final DispatchListener listener;
    private final long startNanos = System.nanoTime();
    private volatile HttpResponse.ResponseInfo info;
    private volatile SseSubscriber sse;

    /** How one send ended. */
    private sealed interface Sent {
        /** With the attempt's result: an answer, an error response, a timeout, a network failure. */
        record Finished(DispatchResult result) implements Sent {
        }

        /** The server closed the connection before any byte of the response; nothing was processed. */
        record Unanswered(Throwable cause) implements Sent {
        }
    }

    /** What the body handler produced: an SSE stream or a (capped) byte body. */
    private record Body(SseSubscriber sse, CappedBody bytes) {
    }

    /**
     * @param client      the client to send with
     * @param freshClient makes a client with no pooled connections, for the one retry after the
     *                    server closed a connection before answering
     * @param log         where the retry is logged
     */
    ChatAttempt(RouteSpec route, OpenAiSettings settings, HttpClient client, Supplier<HttpClient> freshClient,
            System.Logger log, Clock clock, Limits limits, DispatchRequest request, DispatchListener listener) {
        this.route = route;
        this.settings = settings;
        this.client = client;
        this.freshClient = freshClient;
        this.log = log;
        this.clock = clock;
        this.limits = limits;
        this.request = request;
        this.listener = listener;
    }

    DispatchResult run() {
        if (Thread.currentThread().isInterrupted()) {
            return cancelled();
        }
        HttpRequest http = httpRequest();
        Sent first = send(client, http);
        if (first instanceof Sent.Finished done) {
            return done.result();
        }
        String why = NetworkErrors.reason(((Sent.Unanswered) first).cause());
        log.log(System.Logger.Level.INFO, redact("Route " + route.id() + ": " + host() + " closed the connection"
                + " before any response (" + why + "); retrying once on a new connection"));
        Sent second = send(freshClient.get(), http);
        if (second instanceof Sent.Finished done) {
            return done.result();
        }
        return finish(DispatchResult.failure(FailureKind.OTHER, redact(host() + " closed the connection before"
                + " any response for route " + route.id() + ", also when retried once on a new connection: "
                + NetworkErrors.reason(((Sent.Unanswered) second).cause())
                + " — check that the server is running and accepts requests at base_url")));
    }

    /**
     * Sends {@code http} through {@code via} and waits, within what is left of the attempt's
     * deadline, for the result; or reports that the connection closed before any response byte.
     */
    private Sent send(HttpClient via, HttpRequest http) {
        CompletableFuture<HttpResponse<Body>> future = via.sendAsync(http, this::bodyFor);
        try {
            long left = timeout().toNanos() - (System.nanoTime() - startNanos);
            return new Sent.Finished(fromResponse(future.get(Math.max(0, left), TimeUnit.NANOSECONDS)));
        } catch (InterruptedException e) {
            abort(future);
            Thread.currentThread().interrupt();
            return new Sent.Finished(cancelled());
        } catch (TimeoutException e) {
            abort(future);
            return new Sent.Finished(timedOut());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (info == null && NetworkErrors.closedBeforeAnyResponse(cause)) {
                return new Sent.Unanswered(cause);
            }
            return new Sent.Finished(fromException(cause));
        }
    }

    private HttpRequest httpRequest() {
        String user = PromptInliner.userContent(request.prompt(), request.files(), settings.maxFileBytes());
        String body = ChatJson.requestBody(request.model(), user, settings.stream());
        HttpRequest.Builder b = HttpRequest.newBuilder(settings.endpoint())
                .timeout(timeout().isZero() || timeout().isNegative() ? Duration.ofMillis(1) : timeout())
                .header("Content-Type", "application/json")
                .header("Accept", settings.stream() ? "text/event-stream" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        route.apiKey().filter(k -> !k.isEmpty()).ifPresent(k -> b.header("Authorization", "Bearer " + k.reveal()));
        settings.headers().forEach(b::header);
        plainHttpVersion(settings.endpoint()).ifPresent(b::version);
        return b.build();
    }

    /**
     * HTTP/1.1 for a plain {@code http://} endpoint, nothing (the client's HTTP/2 with ALPN
     * fallback) over TLS. On {@code http://} the JDK client set to HTTP/2 offers
     * {@code Upgrade: h2c} with {@code HTTP2-Settings}, which some local servers and proxies
     * (Ollama, LM Studio, llama.cpp, corporate proxies) answer with an error such as a 404.
     */
    static Optional<HttpClient.Version> plainHttpVersion(URI endpoint) {
        return "http".equalsIgnoreCase(endpoint.getScheme()) ? Optional.of(HttpClient.Version.HTTP_1_1)
                : Optional.empty();
    }

    private BodySubscriber<Body> bodyFor(HttpResponse.ResponseInfo responseInfo) {
        info = responseInfo;
        boolean ok = responseInfo.statusCode() / 100 == 2;
        if (ok && settings.stream() && !isJson(responseInfo.headers())) {
            SseSubscriber lines = new SseSubscriber(listener, limits.answerChars());
            sse = lines;
            return BodySubscribers.fromSubscriber(new SseLineReader(lines, limits.completionBodyBytes()),
                    r -> new Body(lines, null));
        }
        CappedBody bytes = new CappedBody(ok ? limits.completionBodyBytes() : limits.errorBodyBytes());
        return BodySubscribers.fromSubscriber(bytes, c -> new Body(null, c));
    }

    private DispatchResult fromResponse(HttpResponse<Body> response) {
        int status = response.statusCode();
        Body body = response.body();
        if (status / 100 != 2) {
            return fromHttpError(status, body.bytes() == null ? "" : body.bytes().text());
        }
        if (body.sse() != null) {
            return fromStream(body.sse());
        }
        return fromBuffered(body.bytes());
    }

    private DispatchResult fromHttpError(int status, String text) {
        HttpErrors.Failure f = HttpErrors.classify(route.id(), request.model(), status, text);
        DispatchResult.Builder b = DispatchResult.failure(f.kind(), redact(f.message()));
        if (f.kind().isCapacity()) {
            Instant now = clock.instant();
            Map<String, String> headers = headers();
            RateLimitHeaders.retryAfter(headers, now).ifPresent(b::retryAfter);
            QuotaObservation.Kind kind = f.kind() == FailureKind.RATE_LIMITED
                    ? QuotaObservation.Kind.RATE_LIMITED : QuotaObservation.Kind.QUOTA_EXHAUSTED;
            RateLimitHeaders.observe(headers, now, kind).flatMap(QuotaObservation::resetAt).ifPresent(b::resetAt);
        }
        return finish(b);
    }

    private DispatchResult fromStream(SseSubscriber stream) {
        String output = stream.output();
        Optional<JsonNode> error = stream.error();
        DispatchResult.Builder b;
        if (error.isPresent()) {
            b = streamError(error.get()).output(output);
        } else if (stream.lineTooLongBytes() > 0) {
            b = DispatchResult.failure(FailureKind.OTHER, "A line of the stream from " + host() + " for route "
                    + route.id() + " was larger than the " + limits.completionBodyBytes() + "-byte cap ("
                    + stream.lineTooLongBytes() + " bytes), so its frame was lost; the answer before it is kept")
                    .output(output);
        } else if (output.isEmpty()) {
            b = DispatchResult.failure(FailureKind.OTHER, "stream ended without any content");
        } else {
            b = DispatchResult.success(output);
        }
        stream.usage().ifPresent(b::tokenUsage);
        return finish(b);
    }

    private DispatchResult.Builder streamError(JsonNode frame) {
        String message = HttpErrors.providerMessage(Optional.of(frame), frame.toString());
        FailureKind kind = ChatJson.errorCodeIs(frame, "insufficient_quota") ? FailureKind.QUOTA_EXHAUSTED
                : ChatJson.errorCodeIs(frame, "rate_limit_exceeded") ? FailureKind.RATE_LIMITED : FailureKind.OTHER;
        return DispatchResult.failure(kind, redact("Stream error from " + route.id() + ": " + message));
    }

    private DispatchResult fromBuffered(CappedBody body) {
        if (body.truncated()) {
            return finish(DispatchResult.failure(FailureKind.OTHER, "The response from " + host() + " for route "
                    + route.id() + " was larger than the " + body.cap() + "-byte cap on a buffered completion ("
                    + body.seen() + " bytes arrived), so it could not be read; use stream: true (the default),"
                    + " which keeps the start and the end of a long answer"));
        }
        String text = body.text();
        Optional<JsonNode> json = ChatJson.parse(text);
        if (json.isPresent() && ChatJson.isError(json.get())) {
            return finish(streamError(json.get()));
        }
        Optional<String> content = json.flatMap(j -> ChatJson.choiceText(j, "message", "content"));
        DispatchResult.Builder b;
        if (content.isEmpty()) {
            String shape = text.length() > MAX_SHAPE_CHARS ? text.substring(0, MAX_SHAPE_CHARS) : text;
            b = DispatchResult.failure(FailureKind.OTHER, redact("Unexpected response shape: " + shape));
        } else if (content.get().isEmpty()) {
            b = DispatchResult.failure(FailureKind.OTHER, "response carried no content");
        } else {
            emit(content.get());
            b = DispatchResult.success(content.get());
        }
        json.flatMap(ChatJson::usage).ifPresent(b::tokenUsage);
        return finish(b);
    }

    private DispatchResult fromException(Throwable cause) {
        if (info != null) {
            SseSubscriber stream = sse;
            if (stream == null) {
                return finish(DispatchResult.failure(FailureKind.OTHER, redact("Response from " + host()
                        + " broke off for route " + route.id() + ": " + NetworkErrors.reason(cause))));
            }
            String partial = stream.output();
            DispatchResult.Builder b = DispatchResult.failure(FailureKind.OTHER, redact("Stream from " + host()
                    + " broke after " + stream.answerChars() + " characters for route " + route.id() + ": "
                    + NetworkErrors.reason(cause))).output(partial);
            stream.usage().ifPresent(b::tokenUsage);
            return finish(b);
        }
        return NetworkErrors.classify(cause, host(), route.id(), settings.connectTimeout())
                .map(f -> finish(DispatchResult.failure(f.kind(), redact(f.message()))))
                .orElseGet(this::timedOut);
    }

    private DispatchResult timedOut() {
        String partial = sse == null ? "" : sse.output();
        String raise = "raise the route's timeout_seconds (default "
                + OpenAiSettings.DEFAULT_ROUTE_TIMEOUT.toSeconds() + " for HTTP routes)";
        return finish(DispatchResult.failure(FailureKind.TIMEOUT, redact("Timed out after "
                + timeout().toMillis() + "ms waiting for " + host() + " (route " + route.id()
                + ") — " + raise + " if the model needs longer")).output(partial));
    }

    private DispatchResult cancelled() {
        String partial = sse == null ? "" : sse.output();
        return finish(DispatchResult.failure(FailureKind.CANCELLED, redact("Cancelled: the request to " + host()
                + " for route " + route.id() + " was aborted")).output(partial));
    }

    private void abort(CompletableFuture<?> future) {
        SseSubscriber stream = sse;
        if (stream != null) {
            stream.stop();
        }
        future.cancel(true);
    }

    private DispatchResult finish(DispatchResult.Builder b) {
        SseSubscriber stream = sse;
        if (stream != null) {
            stream.stop(); // no event may reach the listener after dispatch returned
        }
        HttpResponse.ResponseInfo ri = info;
        if (ri != null) {
            b.exitCode(ri.statusCode()).headers(headers());
        }
        return b.duration(Duration.ofNanos(System.nanoTime() - startNanos)).build();
    }

    private Map<String, String> headers() {
        HttpResponse.ResponseInfo ri = info;
        Map<String, String> out = new TreeMap<>();
        if (ri != null) {
            ri.headers().map().forEach((name, values) -> {
                if (!name.startsWith(":")) {
                    out.merge(name.toLowerCase(Locale.ROOT), String.join(", ", values), (a, c) -> a + ", " + c);
                }
            });
        }
        return out;
    }

    private void emit(String text) {
        try {
            listener.onEvent(new DispatchEvent.Text(text));
        } catch (RuntimeException e) {
            // A listener must not break the attempt.
        }
    }

    private String host() {
        URI uri = settings.endpoint();
        return uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    /** The attempt's deadline: the request's (the route's {@code timeout_seconds}, 120 s unless set). */
    private Duration timeout() {
        return request.timeout();
    }

    /** The text with the API key and every {@code header.} value of the route masked. */
    private String redact(String text) {
        String out = route.apiKey().map(k -> k.redact(text)).orElse(text);
        for (Map.Entry<String, String> s : route.settings().entrySet()) {
            if (s.getKey().startsWith(OpenAiSettings.HEADER_PREFIX)) {
                out = Secret.of(s.getValue()).redact(out);
            }
        }
        return out;
    }

    private static boolean isJson(HttpHeaders headers) {
        return headers.firstValue("content-type").map(v -> v.toLowerCase(Locale.ROOT).startsWith("application/json"))
                .orElse(false);
    }
}
