package io.harnessrouter.plugins.openai;

import static io.harnessrouter.plugins.openai.Routes.KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.DispatchListener;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.QuotaObservation;
import io.harnessrouter.api.RouteSpec;
import io.harnessrouter.api.testkit.FakeOpenAiServer;
import io.harnessrouter.api.testkit.FakeOpenAiServer.Reply;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How HTTP errors, network failures, timeouts and cancellation become results. */
class OpenAiErrorTest {

    private FakeOpenAiServer server;
    private RouteSpec route;

    @BeforeEach
    void startServer() {
        server = FakeOpenAiServer.start();
        route = Routes.route(server.baseUrl());
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private DispatchResult dispatch(Reply reply) {
        server.enqueue(reply);
        DispatchResult result = Routes.dispatcher(route).dispatch(Routes.request(route, "hi"), DispatchListener.NONE);
        assertFalse(result.error().contains(KEY), "the key leaked into: " + result.error());
        return result;
    }

    @Test
    void mapsA429ToRateLimitedWithRetryAfterAndAllHeaders() {
        DispatchResult result = dispatch(Reply.rateLimited(20));

        assertFalse(result.success());
        assertEquals(FailureKind.RATE_LIMITED, result.failureKind());
        assertTrue(result.rateLimited());
        assertEquals("Rate limited by " + route.id() + ": Rate limit reached for requests", result.error());
        assertEquals(Optional.of(Duration.ofSeconds(20)), result.retryAfter());
        assertEquals(Optional.of(OpenAiTestContext.NOW.plusSeconds(20)), result.resetAt());
        assertEquals(OptionalInt.of(429), result.exitCode());
        assertEquals("20", result.headers().get("retry-after"));
        assertEquals("0", result.headers().get("x-ratelimit-remaining-requests"));
        assertEquals("6m0s", result.headers().get("x-ratelimit-reset-tokens"));
    }

    @Test
    void readsTheRetryDelayFromOpenAiResetDurationsWhenRetryAfterIsMissing() {
        DispatchResult result = dispatch(Reply.status(429, Reply.error("Slow down", "tokens", "rate_limit_exceeded"))
                .withHeader("x-ratelimit-remaining-tokens", "0").withHeader("x-ratelimit-reset-tokens", "6m0s")
                .withHeader("x-ratelimit-remaining-requests", "10").withHeader("x-ratelimit-reset-requests", "2s"));

        assertEquals(Optional.of(Duration.ofMinutes(6)), result.retryAfter());
    }

    @Test
    void feedsRateLimitHeadersIntoTheQuotaParser() {
        DispatchResult result = dispatch(Reply.rateLimited(20));

        QuotaObservation obs = new OpenAiQuotaParser().parse(result, OpenAiTestContext.NOW).orElseThrow();

        assertEquals(QuotaObservation.Kind.RATE_LIMITED, obs.kind());
        assertEquals(OptionalLong.of(0), obs.remaining());
        assertEquals(OptionalLong.of(60), obs.limit());
        assertEquals(Optional.of(OpenAiTestContext.NOW.plusSeconds(20)), obs.resetAt());
        assertEquals("headers", obs.source());
    }

    @Test
    void mapsA429WithInsufficientQuotaToQuotaExhausted() {
        DispatchResult result = dispatch(Reply.insufficientQuota());

        assertEquals(FailureKind.QUOTA_EXHAUSTED, result.failureKind());
        assertEquals("Quota exhausted for " + route.id() + ": You exceeded your current quota, please check your"
                + " plan and billing details.", result.error());
        assertEquals(Optional.empty(), result.retryAfter());
        assertEquals(QuotaObservation.Kind.QUOTA_EXHAUSTED,
                new OpenAiQuotaParser().parse(result, OpenAiTestContext.NOW).orElseThrow().kind());
    }

    @Test
    void mapsA401ToAuthWithoutEchoingTheKey() {
        DispatchResult result = dispatch(Reply.unauthorized());

        assertEquals(FailureKind.AUTH, result.failureKind());
        assertEquals("HTTP 401: Incorrect API key provided: ******. — check the api_key of route " + route.id(),
                result.error());
        assertEquals(OptionalInt.of(401), result.exitCode());
        assertEquals(QuotaObservation.Kind.AUTH,
                new OpenAiQuotaParser().parse(result, OpenAiTestContext.NOW).orElseThrow().kind());
    }

    @Test
    void mapsA403ToForbiddenNotAuth() {
        DispatchResult result = dispatch(Reply.status(403, Reply.error("Project not allowed", "forbidden", null)));

        assertEquals(FailureKind.FORBIDDEN, result.failureKind());
        assertEquals("HTTP 403: Project not allowed — the api_key of route " + route.id()
                + " is not allowed this model or endpoint (its project, plan or organisation policy)", result.error());
    }

    @Test
    void mapsA404ForAnUnknownModelToModelRejected() {
        DispatchResult result = dispatch(Reply.modelNotFound("gpt-test"));

        assertEquals(FailureKind.MODEL_REJECTED, result.failureKind());
        assertEquals("HTTP 404: The model `gpt-test` does not exist or you do not have access to it. — route "
                + route.id() + " sent model \"gpt-test\"; check the model key or its cli_model_override",
                result.error());
    }

    @Test
    void recognisesOllamaStyleModelNotFoundMessages() {
        DispatchResult result = dispatch(Reply.status(404, "{\"error\":\"model \\\"llama9\\\" not found, try pulling it first\"}"));

        assertEquals(FailureKind.MODEL_REJECTED, result.failureKind());
    }

    @Test
    void mapsAnyOther404ToOtherWithABaseUrlHint() {
        DispatchResult result = dispatch(Reply.status(404, "Not Found"));

        assertEquals(FailureKind.OTHER, result.failureKind());
        assertEquals("HTTP 404: Not Found — check the base_url of route " + route.id() + " (it usually ends in /v1)",
                result.error());
    }

    @Test
    void mapsAWrongBaseUrlPathToA404WithTheHint() {
        route = Routes.route("http://127.0.0.1:" + server.port());
        DispatchResult result = Routes.dispatcher(route).dispatch(Routes.request(route, "hi"), DispatchListener.NONE);

        assertEquals("HTTP 404: Unknown path /chat/completions — check the base_url of route " + route.id()
                + " (it usually ends in /v1)", result.error());
    }

    @Test
    void mapsA500ToUnavailable() {
        DispatchResult result = dispatch(Reply.serverError());

        assertEquals(FailureKind.UNAVAILABLE, result.failureKind());
        assertEquals("HTTP 500: The server had an error while processing your request.", result.error());
        assertEquals(Optional.empty(), result.retryAfter());
        assertEquals(Optional.empty(), new OpenAiQuotaParser().parse(result, OpenAiTestContext.NOW));
    }

    @ParameterizedTest
    @ValueSource(ints = {502, 503, 529})
    void mapsOverloadStatusesToUnavailable(int status) {
        DispatchResult result = dispatch(Reply.status(status, "{\"error\":{\"message\":\"Overloaded\"}}"));

        assertEquals(FailureKind.UNAVAILABLE, result.failureKind());
        assertEquals("HTTP " + status + ": Overloaded", result.error());
    }

    @Test
    void mapsOther4xxToOther() {
        DispatchResult result = dispatch(Reply.status(400, Reply.error("messages is required", "invalid_request_error",
                null)));

        assertEquals(FailureKind.OTHER, result.failureKind());
        assertEquals("HTTP 400: messages is required", result.error());
    }

    @Test
    void quotesTheFirst200CharactersOfANonJsonBody() {
        String body = "<html>" + "y".repeat(300) + "</html>";
        DispatchResult result = dispatch(Reply.status(502, body));

        assertEquals("HTTP 502: " + body.substring(0, 200), result.error());
    }

    @Test
    void saysEmptyBodyWhenTheErrorHasNone() {
        DispatchResult result = dispatch(Reply.status(500, ""));

        assertEquals("HTTP 500: (empty body)", result.error());
    }

    @Test
    void redactsTheKeyFromAnyProviderMessage() {
        DispatchResult result = dispatch(Reply.status(400, Reply.error("bad key " + KEY + " in header", "x", null)));

        assertEquals("HTTP 400: bad key ****** in header", result.error());
    }

    @Test
    void reportsARefusedConnectionNamingTheHost() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        RouteSpec dead = Routes.route("http://127.0.0.1:" + port + "/v1");

        DispatchResult result = Routes.dispatcher(dead).dispatch(Routes.request(dead, "hi"), DispatchListener.NONE);

        assertEquals(FailureKind.OTHER, result.failureKind());
        assertEquals("Could not connect to 127.0.0.1:" + port + " for route " + dead.id()
                + ": connection refused — check base_url and that the server is running", result.error());
        assertEquals(OptionalInt.empty(), result.exitCode());
        assertEquals(java.util.Map.of(), result.headers());
    }

    @Test
    void timesOutASlowServerAtTheRequestTimeout() {
        server.enqueue(Reply.ok("late").delayedBy(Duration.ofSeconds(5)));
        long start = System.nanoTime();

        DispatchResult result = Routes.dispatcher(route)
                .dispatch(Routes.request(route, "hi").withTimeout(Duration.ofMillis(300)), DispatchListener.NONE);

        assertEquals(FailureKind.TIMEOUT, result.failureKind());
        assertEquals("Timed out after 300ms waiting for 127.0.0.1:" + server.port() + " (route " + route.id()
                + ") — raise the route's timeout_seconds (default 120 for HTTP routes) if the model needs longer", result.error());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3), "returned promptly");
    }

    @Test
    void timesOutAStallingStreamAndKeepsWhatArrived() {
        server.enqueue(Reply.sse("early", "late").withChunkDelay(Duration.ofMillis(400)));

        DispatchResult result = Routes.dispatcher(route)
                .dispatch(Routes.request(route, "hi").withTimeout(Duration.ofMillis(1000)), DispatchListener.NONE);

        assertEquals(FailureKind.TIMEOUT, result.failureKind());
        assertEquals("early", result.output());
        assertEquals(OptionalInt.of(200), result.exitCode());
    }

    @Test
    void abortsPromptlyWhenTheDispatchingThreadIsInterrupted() throws Exception {
        server.enqueue(Reply.sse("first", "never").withChunkDelay(Duration.ofMillis(300)));
        Routes.Recorder recorder = new Routes.Recorder();
        RouteSpec slow = route.withTimeout(Duration.ofSeconds(30));
        AtomicReference<DispatchResult> result = new AtomicReference<>();
        AtomicBoolean flagKept = new AtomicBoolean();
        Thread worker = new Thread(() -> {
            result.set(Routes.dispatcher(slow).dispatch(Routes.request(slow, "hi"), recorder));
            flagKept.set(Thread.currentThread().isInterrupted());
        });
        worker.start();
        while (recorder.events().isEmpty()) {
            Thread.sleep(10);
        }
        long start = System.nanoTime();
        worker.interrupt();
        worker.join(5000);

        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "aborted promptly");
        assertEquals(FailureKind.CANCELLED, result.get().failureKind());
        assertEquals("Cancelled: the request to 127.0.0.1:" + server.port() + " for route " + route.id()
                + " was aborted", result.get().error());
        assertEquals("first", result.get().output());
        assertTrue(flagKept.get(), "the interrupt flag is set again");
        Thread.sleep(400);
        assertEquals(1, recorder.events().size(), "no event after dispatch returned");
    }

    @Test
    void abortsPromptlyWhenInterruptedBeforeTheServerAnswers() throws Exception {
        server.enqueue(Reply.ok("late").delayedBy(Duration.ofSeconds(10)));
        RouteSpec slow = route.withTimeout(Duration.ofSeconds(30));
        AtomicReference<DispatchResult> result = new AtomicReference<>();
        Thread worker = new Thread(() -> result.set(Routes.dispatcher(slow).dispatch(Routes.request(slow, "hi"),
                DispatchListener.NONE)));
        worker.start();
        assertTrue(server.awaitRequestCount(1, Duration.ofSeconds(5)));
        long start = System.nanoTime();
        worker.interrupt();
        worker.join(5000);

        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "aborted promptly");
        assertEquals(FailureKind.CANCELLED, result.get().failureKind());
        assertEquals(OptionalInt.empty(), result.get().exitCode());
    }

    @Test
    void reportsABufferedResponseThatBreaksOff() {
        route = Routes.buffered(server.baseUrl());
        DispatchResult result = dispatch(Reply.brokenStream("cut"));

        assertEquals(FailureKind.OTHER, result.failureKind());
        assertTrue(result.error().startsWith("Response from 127.0.0.1:" + server.port() + " broke off for route "
                + route.id() + ": "), result.error());
        assertEquals(OptionalInt.of(200), result.exitCode());
    }
}
