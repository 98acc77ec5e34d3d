package io.harnessrouter.plugins.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.DispatchEvent;
import io.harnessrouter.api.DispatchListener;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.RouteSpec;
import io.harnessrouter.api.testkit.FakeOpenAiServer;
import io.harnessrouter.api.testkit.FakeOpenAiServer.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Answers and bodies beyond the response limits: memory stays bounded and the user is told. */
class OpenAiLargeResponseTest {

    private FakeOpenAiServer server;

    @BeforeEach
    void startServer() {
        server = FakeOpenAiServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private static OpenAiDispatcher dispatcher(RouteSpec route, ChatAttempt.Limits limits) {
        return new OpenAiDispatcher(route, new OpenAiTestContext(), limits);
    }

    @Test
    void failsABufferedCompletionLargerThanTheCapSayingTheCapAndTheSize() {
        String body = "{\"choices\":[{\"message\":{\"content\":\"" + "x".repeat(5000) + "\"}}]}";
        server.enqueue(Reply.status(200, body));
        RouteSpec route = Routes.buffered(server.baseUrl());

        DispatchResult result = dispatcher(route, new ChatAttempt.Limits(1000, 64 * 1024, 1000))
                .dispatch(Routes.request(route, "hi"), DispatchListener.NONE);

        assertFalse(result.success());
        assertEquals(FailureKind.OTHER, result.failureKind());
        assertEquals("The response from 127.0.0.1:" + server.port() + " for route " + route.id() + " was larger than"
                + " the 1000-byte cap on a buffered completion (" + body.getBytes(StandardCharsets.UTF_8).length
                + " bytes arrived), so it could not be read; use stream: true (the default), which keeps the start"
                + " and the end of a long answer", result.error());
        assertEquals(OptionalInt.of(200), result.exitCode());
    }

    @Test
    void readsABufferedCompletionOfExactlyTheCap() {
        String body = "{\"choices\":[{\"message\":{\"content\":\"" + "x".repeat(5000) + "\"}}]}";
        server.enqueue(Reply.status(200, body));
        RouteSpec route = Routes.buffered(server.baseUrl());

        DispatchResult result = dispatcher(route, new ChatAttempt.Limits(body.length(), 64 * 1024, 1000))
                .dispatch(Routes.request(route, "hi"), DispatchListener.NONE);

        assertTrue(result.success(), result.error());
        assertEquals("x".repeat(5000), result.output());
    }

    @Test
    void keepsTheHeadAndTailOfAStreamedAnswerBeyondTheCapAndForwardsEveryDelta() {
        server.enqueue(Reply.sse("abcdefgh", "ijklmnop", "qrstuvwxyz"));
        RouteSpec route = Routes.route(server.baseUrl());
        Routes.Recorder recorder = new Routes.Recorder();

        DispatchResult result = dispatcher(route, new ChatAttempt.Limits(1000, 1000, 10))
                .dispatch(Routes.request(route, "hi"), recorder);

        assertTrue(result.success(), result.error());
        assertEquals("abcde\n\n[harness-router: answer truncated — 16 of 26 characters dropped; kept the first 5 and"
                + " the last 5]\n\nvwxyz", result.output());
        assertEquals(List.of(new DispatchEvent.Text("abcdefgh"), new DispatchEvent.Text("ijklmnop"),
                new DispatchEvent.Text("qrstuvwxyz")), recorder.events());
    }

    @Test
    void countsEveryCharacterOfABrokenStreamBeyondTheCap() {
        server.enqueue(Reply.brokenStream("abcdefgh", "ijklmnop"));
        RouteSpec route = Routes.route(server.baseUrl());

        DispatchResult result = dispatcher(route, new ChatAttempt.Limits(1000, 1000, 4))
                .dispatch(Routes.request(route, "hi"), DispatchListener.NONE);

        assertFalse(result.success());
        assertTrue(result.error().startsWith("Stream from 127.0.0.1:" + server.port() + " broke after 16 characters"),
                result.error());
        assertEquals("ab\n\n[harness-router: answer truncated — 12 of 16 characters dropped; kept the first 2 and"
                + " the last 2]\n\nop", result.output());
    }

    @Test
    void keepsTheStartAndTheConclusionOfAStreamedAnswerLongerThanTenMebichars() {
        List<String> chunks = new ArrayList<>();
        chunks.add("BEGIN ");
        String delta = "y".repeat(16 * 1024);
        for (int i = 0; i < 12 * 64; i++) {
            chunks.add(delta);
        }
        chunks.add(" THE END");
        server.enqueue(Reply.sse(chunks.toArray(String[]::new)));
        RouteSpec route = Routes.route(server.baseUrl());

        DispatchResult result = Routes.dispatcher(route).dispatch(Routes.request(route, "hi"), DispatchListener.NONE);

        assertTrue(result.success(), result.error());
        long total = 12L * 1024 * 1024 + 14;
        String half = Integer.toString(5 * 1024 * 1024);
        assertTrue(result.output().startsWith("BEGIN yyy"), "the start survives");
        assertTrue(result.output().endsWith("yyy THE END"), "the conclusion survives");
        assertTrue(result.output().contains("\n\n[harness-router: answer truncated — " + (total - 10L * 1024 * 1024)
                + " of " + total + " characters dropped; kept the first " + half + " and the last " + half + "]\n\n"),
                result.output().substring(5 * 1024 * 1024 - 20, 5 * 1024 * 1024 + 200));
        assertTrue(result.output().length() < 10 * 1024 * 1024 + 200, "bounded");
    }

    @Test
    void readsAnAnswerThatArrivesAsOneHugeFrame() {
        // The JDK's line subscriber needed about 8 s for one 4 MiB line, quadratic in its length.
        String answer = "z".repeat(6 * 1024 * 1024);
        server.enqueue(Reply.sse(answer));
        RouteSpec route = Routes.route(server.baseUrl());

        DispatchResult result = Routes.dispatcher(route).dispatch(Routes.request(route, "hi"), DispatchListener.NONE);

        assertTrue(result.success(), result.error());
        assertEquals(answer.length(), result.output().length());
    }

    @Test
    void failsAStreamWithALineLargerThanTheCapKeepingTheAnswerBeforeIt() {
        String big = "{\"choices\":[{\"delta\":{\"content\":\"" + "x".repeat(5000) + "\"}}]}";
        server.enqueue(Reply.sseFrames("{\"choices\":[{\"delta\":{\"content\":\"early\"}}]}", big, "[DONE]"));
        RouteSpec route = Routes.route(server.baseUrl());

        DispatchResult result = dispatcher(route, new ChatAttempt.Limits(1000, 1000, 10_000))
                .dispatch(Routes.request(route, "hi"), DispatchListener.NONE);

        assertFalse(result.success());
        assertEquals("A line of the stream from 127.0.0.1:" + server.port() + " for route " + route.id() + " was"
                + " larger than the 1000-byte cap (" + ("data: " + big).length() + " bytes), so its frame was lost;"
                + " the answer before it is kept", result.error());
        assertEquals("early", result.output());
    }
}
