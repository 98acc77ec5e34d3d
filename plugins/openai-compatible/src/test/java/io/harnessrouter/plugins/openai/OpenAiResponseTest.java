package io.harnessrouter.plugins.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.DispatchEvent;
import io.harnessrouter.api.DispatchListener;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.RouteSpec;
import io.harnessrouter.api.TokenUsage;
import io.harnessrouter.api.testkit.FakeOpenAiServer;
import io.harnessrouter.api.testkit.FakeOpenAiServer.Reply;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How successful and malformed responses, streamed or buffered, become results and events. */
class OpenAiResponseTest {

    private FakeOpenAiServer server;
    private RouteSpec route;
    private final Routes.Recorder recorder = new Routes.Recorder();

    @BeforeEach
    void startServer() {
        server = FakeOpenAiServer.start();
        route = Routes.route(server.baseUrl());
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private DispatchResult dispatch(RouteSpec r) {
        return Routes.dispatcher(r).dispatch(Routes.request(r, "hi"), recorder);
    }

    @Test
    void streamsEveryContentDeltaAsATextEventInOrder() {
        server.enqueue(Reply.sse("Hel", "lo, ", "world").withUsage(42, 7));

        DispatchResult result = dispatch(route);

        assertTrue(result.success(), result.error());
        assertEquals("Hello, world", result.output());
        assertEquals(List.of(new DispatchEvent.Text("Hel"), new DispatchEvent.Text("lo, "),
                new DispatchEvent.Text("world")), recorder.events());
        assertEquals(Optional.of(new TokenUsage(42, 7)), result.tokenUsage());
        assertEquals(OptionalInt.of(200), result.exitCode());
        assertEquals(FailureKind.NONE, result.failureKind());
        assertEquals("", result.error());
    }

    @Test
    void carriesAllResponseHeadersOfASuccessLowerCased() {
        server.enqueue(Reply.sse("ok").withHeader("X-RateLimit-Remaining-Requests", "59")
                .withHeader("X-RateLimit-Limit-Requests", "60"));

        DispatchResult result = dispatch(route);

        assertEquals("59", result.headers().get("x-ratelimit-remaining-requests"));
        assertEquals("60", result.headers().get("x-ratelimit-limit-requests"));
        assertEquals("text/event-stream", result.headers().get("content-type"));
    }

    @Test
    void failsAStreamThatEndsWithoutAnyContent() {
        server.enqueue(Reply.emptyStream().withUsage(12, 0));

        DispatchResult result = dispatch(route);

        assertFalse(result.success());
        assertEquals(FailureKind.OTHER, result.failureKind());
        assertEquals("stream ended without any content", result.error());
        assertEquals(Optional.of(new TokenUsage(12, 0)), result.tokenUsage());
        assertEquals(List.of(), recorder.events());
    }

    @Test
    void skipsUnparsableFramesAndCommentsAndStopsAtDone() {
        server.enqueue(Reply.sseFrames("{not json", "{\"choices\":[{\"delta\":{\"content\":\"A\"}}]}",
                "{\"choices\":[]}", "{\"choices\":[{\"delta\":{\"content\":\"B\"}}]}", "[DONE]",
                "{\"choices\":[{\"delta\":{\"content\":\"after done\"}}]}"));

        DispatchResult result = dispatch(route);

        assertEquals("AB", result.output());
        assertTrue(result.success());
    }

    @Test
    void acceptsAStreamThatEndsWithoutDone() {
        server.enqueue(Reply.sseFrames("{\"choices\":[{\"delta\":{\"content\":\"no done\"}}]}",
                "{\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}"));

        DispatchResult result = dispatch(route);

        assertTrue(result.success(), result.error());
        assertEquals("no done", result.output());
        assertEquals(Optional.of(new TokenUsage(3, 2)), result.tokenUsage());
    }

    @Test
    void forwardsReasoningDeltasAsThinkingButNotAsOutput() {
        server.enqueue(Reply.sseFrames("{\"choices\":[{\"delta\":{\"reasoning_content\":\"hmm\"}}]}",
                "{\"choices\":[{\"delta\":{\"content\":\"answer\"}}]}", "[DONE]"));

        DispatchResult result = dispatch(route);

        assertEquals("answer", result.output());
        assertEquals(List.of(new DispatchEvent.Thinking("hmm"), new DispatchEvent.Text("answer")), recorder.events());
    }

    @Test
    void failsOnAnErrorFrameAndKeepsThePartialOutput() {
        server.enqueue(Reply.sseFrames("{\"choices\":[{\"delta\":{\"content\":\"part\"}}]}",
                "{\"error\":{\"message\":\"upstream overloaded\",\"code\":502}}"));

        DispatchResult result = dispatch(route);

        assertFalse(result.success());
        assertEquals(FailureKind.OTHER, result.failureKind());
        assertEquals("Stream error from " + route.id() + ": upstream overloaded", result.error());
        assertEquals("part", result.output());
    }

    @Test
    void keepsThePartialOutputWhenTheStreamBreaks() {
        server.enqueue(Reply.brokenStream("par", "tial"));

        DispatchResult result = dispatch(route);

        assertFalse(result.success());
        assertEquals(FailureKind.OTHER, result.failureKind());
        assertEquals("partial", result.output());
        assertTrue(result.error().startsWith("Stream from 127.0.0.1:" + server.port() + " broke after 7 characters"
                + " for route " + route.id() + ": "), result.error());
        assertEquals(OptionalInt.of(200), result.exitCode());
        assertEquals(List.of(new DispatchEvent.Text("par"), new DispatchEvent.Text("tial")), recorder.events());
    }

    @Test
    void readsABufferedCompletion() {
        server.enqueue(Reply.ok("buffered answer").withUsage(5, 2));

        DispatchResult result = dispatch(Routes.buffered(server.baseUrl()));

        assertTrue(result.success(), result.error());
        assertEquals("buffered answer", result.output());
        assertEquals(Optional.of(new TokenUsage(5, 2)), result.tokenUsage());
        assertEquals(List.of(new DispatchEvent.Text("buffered answer")), recorder.events());
        assertEquals("application/json", result.headers().get("content-type"));
    }

    @Test
    void readsAJsonCompletionEvenWhenAStreamWasRequested() {
        server.enqueue(Reply.buffered("server ignored stream"));

        DispatchResult result = dispatch(route);

        assertEquals("server ignored stream", result.output());
    }

    @Test
    void failsABufferedResponseOfUnexpectedShapeQuotingItsStart() {
        String body = "{\"choices\":[{\"text\":\"" + "x".repeat(400) + "\"}]}";
        server.enqueue(Reply.status(200, body));

        DispatchResult result = dispatch(Routes.buffered(server.baseUrl()));

        assertFalse(result.success());
        assertEquals("Unexpected response shape: " + body.substring(0, 300), result.error());
    }

    @Test
    void failsABufferedResponseThatIsNotJson() {
        server.enqueue(Reply.status(200, "<html>proxy login</html>"));

        DispatchResult result = dispatch(Routes.buffered(server.baseUrl()));

        assertEquals("Unexpected response shape: <html>proxy login</html>", result.error());
    }

    @Test
    void failsABufferedResponseWithEmptyContent() {
        server.enqueue(Reply.buffered(""));

        DispatchResult result = dispatch(Routes.buffered(server.baseUrl()));

        assertFalse(result.success());
        assertEquals("response carried no content", result.error());
    }

    @Test
    void survivesAListenerThatThrows() {
        server.enqueue(Reply.sse("a", "b"));
        DispatchListener bad = event -> {
            throw new IllegalStateException("listener bug");
        };

        DispatchResult result = Routes.dispatcher(route).dispatch(Routes.request(route, "hi"), bad);

        assertEquals("ab", result.output());
    }

    @Test
    void choosesRepliesPerModel() {
        server.replyForModel("other-model", Reply.buffered("other"));
        server.replyForModel(Routes.MODEL, Reply.buffered("mine"));

        assertEquals("mine", dispatch(route).output());
        assertEquals("other", dispatch(route.withCliModel("other-model")).output());
        assertEquals(1, server.requestsFor("other-model").size());
    }
}
