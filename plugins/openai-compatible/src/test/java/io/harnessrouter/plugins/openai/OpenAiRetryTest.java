package io.harnessrouter.plugins.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.DispatchListener;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.RouteSpec;
import io.harnessrouter.plugins.openai.RawHttpServer.Action;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A request whose connection the server closes before any byte of the response (a pooled
 * keep-alive connection it had already closed) is sent once more on a new connection; a request
 * the server had begun to answer never is.
 */
class OpenAiRetryTest {

    private final RecordingLogger log = new RecordingLogger();
    private RawHttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private OpenAiDispatcher dispatcher(RouteSpec route) {
        return new OpenAiDispatcher(route, new OpenAiTestContext(log));
    }

    private DispatchResult dispatch(RouteSpec route) {
        return dispatcher(route).dispatch(Routes.request(route, "hi"), DispatchListener.NONE);
    }

    private String retryLine(RouteSpec route) {
        return "INFO Route " + route.id() + ": 127.0.0.1:" + server.port() + " closed the connection before any"
                + " response (HTTP/1.1 header parser received no bytes); retrying once on a new connection";
    }

    @Test
    void retriesOnceOnANewConnectionWhenTheServerClosesItBeforeAnswering() {
        server = RawHttpServer.start((request, connection, onConnection) ->
                request == 1 ? Action.CLOSE_WITHOUT_ANSWER : Action.ANSWER);
        RouteSpec route = Routes.route(server.baseUrl());

        DispatchResult result = dispatch(route);

        assertTrue(result.success(), result.error());
        assertEquals("answer 2", result.output());
        assertEquals(2, server.requests());
        assertEquals(2, server.connections());
        assertEquals(List.of(retryLine(route)), log.lines());
    }

    @Test
    void retriesAStaleKeepAliveConnectionOnANewConnectionNotOnAnotherPooledOne() throws Exception {
        // Two calls in flight leave two idle keep-alive connections in the client's pool; then the
        // server drops every request that arrives on a connection it had already used.
        CountDownLatch bothInFlight = new CountDownLatch(2);
        server = RawHttpServer.start((request, connection, onConnection) -> {
            if (onConnection > 1) {
                return Action.CLOSE_WITHOUT_ANSWER;
            }
            bothInFlight.countDown();
            bothInFlight.await(5, TimeUnit.SECONDS);
            return Action.ANSWER;
        });
        RouteSpec route = Routes.route(server.baseUrl());
        OpenAiDispatcher dispatcher = dispatcher(route);
        CompletableFuture<DispatchResult> one = CompletableFuture.supplyAsync(
                () -> dispatcher.dispatch(Routes.request(route, "one"), DispatchListener.NONE));
        DispatchResult two = dispatcher.dispatch(Routes.request(route, "two"), DispatchListener.NONE);
        assertTrue(one.get(10, TimeUnit.SECONDS).success() && two.success(), "both first calls were answered");
        assertEquals(2, server.connections());

        DispatchResult third = dispatcher.dispatch(Routes.request(route, "three"), DispatchListener.NONE);

        assertTrue(third.success(), third.error());
        assertEquals("answer 4", third.output());
        assertEquals(3, server.connections(), "the retry opened a connection of its own");
        assertEquals(List.of(retryLine(route)), log.lines());
    }

    @Test
    void failsCleanlyWhenTheNewConnectionIsClosedBeforeAnsweringToo() {
        server = RawHttpServer.start((request, connection, onConnection) -> Action.CLOSE_WITHOUT_ANSWER);
        RouteSpec route = Routes.route(server.baseUrl());

        DispatchResult result = dispatch(route);

        assertFalse(result.success());
        assertEquals(FailureKind.OTHER, result.failureKind());
        assertFalse(result.rateLimited());
        assertEquals("127.0.0.1:" + server.port() + " closed the connection before any response for route "
                + route.id() + ", also when retried once on a new connection: HTTP/1.1 header parser received no"
                + " bytes — check that the server is running and accepts requests at base_url", result.error());
        assertEquals(OptionalInt.empty(), result.exitCode());
        assertEquals(2, server.requests(), "sent twice, never more");
        assertEquals(2, server.connections());
        assertEquals(List.of(retryLine(route)), log.lines());
    }

    @Test
    void neverResendsARequestTheServerHadBegunToAnswer() {
        server = RawHttpServer.start((request, connection, onConnection) ->
                request == 1 ? Action.CLOSE_AFTER_PART_OF_THE_STATUS_LINE : Action.ANSWER);
        RouteSpec route = Routes.route(server.baseUrl());

        DispatchResult result = dispatch(route);

        assertEquals(FailureKind.OTHER, result.failureKind());
        String prefix = "Request to 127.0.0.1:" + server.port() + " for route " + route.id()
                + " failed: parsing HTTP/1.1 status line";
        assertTrue(result.error().startsWith(prefix), result.error());
        assertEquals(1, server.requests());
        assertEquals(List.of(), log.lines());
    }

    @Test
    void keepsTheRetryWithinTheAttemptsDeadline() {
        server = RawHttpServer.start((request, connection, onConnection) -> {
            if (request == 1) {
                return Action.CLOSE_WITHOUT_ANSWER;
            }
            Thread.sleep(5_000);
            return Action.ANSWER;
        });
        RouteSpec route = Routes.route(server.baseUrl());
        long start = System.nanoTime();

        DispatchResult result = dispatcher(route)
                .dispatch(Routes.request(route, "hi").withTimeout(Duration.ofMillis(500)), DispatchListener.NONE);

        assertEquals(FailureKind.TIMEOUT, result.failureKind());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3), "returned at the deadline");
        assertEquals(2, server.requests());
    }

    @Test
    void tellsAConnectionClosedBeforeAnyResponseFromOtherNetworkFailures() {
        assertTrue(NetworkErrors.closedBeforeAnyResponse(
                new IOException("HTTP/1.1 header parser received no bytes", new EOFException("EOF reached while reading"))));
        assertTrue(NetworkErrors.closedBeforeAnyResponse(
                new IOException("HTTP/1.1 header parser received no bytes", new SocketException("Connection reset"))));
        assertTrue(NetworkErrors.closedBeforeAnyResponse(new IOException("Broken pipe")));
        assertTrue(NetworkErrors.closedBeforeAnyResponse(new SocketException("Connection reset by peer")));

        assertFalse(NetworkErrors.closedBeforeAnyResponse(new IOException("parsing HTTP/1.1 header, receiving"
                + " [Content-], parser state [HEADER]", new EOFException("EOF reached while reading"))));
        assertFalse(NetworkErrors.closedBeforeAnyResponse(new ConnectException("Connection refused")));
        assertFalse(NetworkErrors.closedBeforeAnyResponse(new HttpConnectTimeoutException("HTTP connect timed out")));
        assertFalse(NetworkErrors.closedBeforeAnyResponse(new IOException("something else")));
        assertFalse(NetworkErrors.closedBeforeAnyResponse(
                new IOException("x", new javax.net.ssl.SSLHandshakeException("Remote host terminated the handshake"))));
    }
}
