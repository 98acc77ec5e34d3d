package io.harnessrouter.plugins.openai;

import static io.harnessrouter.plugins.openai.Routes.KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.DispatchListener;
import io.harnessrouter.api.RouteSpec;
import io.harnessrouter.api.testkit.FakeOpenAiServer;
import io.harnessrouter.api.testkit.FakeOpenAiServer.ReceivedRequest;
import io.harnessrouter.api.testkit.FakeOpenAiServer.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the dispatcher sends: URL, headers and body. */
class OpenAiRequestTest {

    private static final String SYSTEM = "You are an expert software engineer. Write clear, working code and"
            + " explain it concisely.";

    private FakeOpenAiServer server;

    @BeforeEach
    void startServer() {
        server = FakeOpenAiServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void postsAStreamingRequestToChatCompletionsWithBearerAndSseAccept() {
        RouteSpec route = Routes.route(server.baseUrl());

        DispatchResult result = Routes.dispatcher(route).dispatch(Routes.request(route, "Write \"hi\""),
                DispatchListener.NONE);

        assertTrue(result.success(), result.error());
        ReceivedRequest sent = server.lastRequest();
        assertEquals("POST", sent.method());
        assertEquals("/v1/chat/completions", sent.path());
        assertEquals(Optional.of("application/json"), sent.header("content-type"));
        assertEquals(Optional.of("text/event-stream"), sent.header("accept"));
        assertEquals(Optional.of("Bearer " + KEY), sent.authorization());
        assertEquals("{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"system\",\"content\":\"" + SYSTEM + "\"},"
                + "{\"role\":\"user\",\"content\":\"Write \\\"hi\\\"\"}],\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true}}", sent.body());
    }

    @Test
    void postsABufferedRequestWhenTheRouteSaysStreamFalse() {
        RouteSpec route = Routes.buffered(server.baseUrl());

        Routes.dispatcher(route).dispatch(Routes.request(route, "hi"), DispatchListener.NONE);

        ReceivedRequest sent = server.lastRequest();
        assertEquals(Optional.of("application/json"), sent.header("accept"));
        assertEquals("{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"system\",\"content\":\"" + SYSTEM + "\"},"
                + "{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":false}", sent.body());
        assertEquals(false, sent.stream());
    }

    @Test
    void sendsNoAuthorizationHeaderWithoutAKey() {
        RouteSpec route = Routes.route(server.baseUrl(), null, Map.of());

        Routes.dispatcher(route).dispatch(Routes.request(route, "hi"), DispatchListener.NONE);

        assertEquals(Optional.empty(), server.lastRequest().authorization());
    }

    @Test
    void sendsNoAuthorizationHeaderWithAnEmptyKey() {
        RouteSpec route = Routes.route(server.baseUrl(), "", Map.of());

        Routes.dispatcher(route).dispatch(Routes.request(route, "hi"), DispatchListener.NONE);

        assertEquals(Optional.empty(), server.lastRequest().authorization());
    }

    @Test
    void stripsTrailingSlashesFromTheBaseUrl() {
        RouteSpec route = Routes.route(server.baseUrl() + "//");

        DispatchResult result = Routes.dispatcher(route).dispatch(Routes.request(route, "hi"), DispatchListener.NONE);

        assertTrue(result.success(), result.error());
        assertEquals("/v1/chat/completions", server.lastRequest().path());
    }

    @Test
    void sendsTheRequestModelWhichCarriesTheCliModelOverride() {
        RouteSpec route = Routes.route(server.baseUrl()).withCliModel("vendor/model-x");

        Routes.dispatcher(route).dispatch(Routes.request(route, "hi"), DispatchListener.NONE);

        assertEquals("vendor/model-x", server.lastRequest().model());
    }

    @Test
    void sendsNothingWhenTheThreadIsAlreadyInterrupted() {
        RouteSpec route = Routes.route(server.baseUrl());
        Thread.currentThread().interrupt();
        DispatchResult result;
        try {
            result = Routes.dispatcher(route).dispatch(Routes.request(route, "hi"), DispatchListener.NONE);
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt flag is kept");
        }
        assertEquals("Cancelled: the request to 127.0.0.1:" + server.port() + " for route " + route.id()
                + " was aborted", result.error());
        assertEquals(0, server.requestCount());
    }

    @Test
    void answersWithTheDefaultReplyOfTheFakeServer() {
        server.enqueue(Reply.buffered("scripted"));
        RouteSpec route = Routes.route(server.baseUrl());

        DispatchResult result = Routes.dispatcher(route).dispatch(Routes.request(route, "hi"), DispatchListener.NONE);

        assertEquals("scripted", result.output());
    }

    @Test
    void speaksHttp11OverPlainHttpSoAServerThatRefusesTheH2cUpgradeStillAnswers() {
        assertEquals(HttpClient.Version.HTTP_2, new OpenAiTestContext().httpClient().version(),
                "the client offers HTTP/2, as the host's does");
        server.rejectUpgrades();
        RouteSpec route = Routes.route(server.baseUrl());

        DispatchResult result = Routes.dispatcher(route).dispatch(Routes.request(route, "hi"), DispatchListener.NONE);

        assertTrue(result.success(), result.error());
        assertEquals("Hello from the fake server", result.output());
        assertEquals(Optional.empty(), server.lastRequest().header("upgrade"));
        assertEquals(Optional.empty(), server.lastRequest().header("http2-settings"));
    }

    @Test
    void leavesTheHttpVersionToTheClientOverTls() {
        assertEquals(Optional.of(HttpClient.Version.HTTP_1_1),
                ChatAttempt.plainHttpVersion(URI.create("HTTP://localhost:11434/v1/chat/completions")));
        assertEquals(Optional.empty(),
                ChatAttempt.plainHttpVersion(URI.create("https://api.openai.com/v1/chat/completions")));
    }
}
