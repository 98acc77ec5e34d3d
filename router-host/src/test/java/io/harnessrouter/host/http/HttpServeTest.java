package io.harnessrouter.host.http;

import static io.harnessrouter.host.http.HttpFixture.INIT;
import static io.harnessrouter.host.http.HttpFixture.response;
import static io.harnessrouter.host.http.HttpFixture.toolCall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessrouter.host.config.HttpLimits;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} over a real socket with java.net.http: auth, Host/Origin checks, the session lifecycle. */
@Timeout(60)
class HttpServeTest {
    @TempDir
    Path home;
    private HttpFixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    private HttpFixture start(boolean auth) throws Exception {
        f = new HttpFixture(home).start(auth, HttpLimits.DEFAULTS);
        return f;
    }

    @Test
    void refusesARequestWithoutTheTokenWith401AndABearerChallenge() throws Exception {
        start(true);

        HttpResponse<String> r = f.send(f.post(INIT));

        assertEquals(401, r.statusCode());
        assertEquals("Bearer realm=\"harness-router\"", r.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertEquals("unauthorized\n", r.body());
        assertEquals(401, f.send(f.post(INIT, "Authorization", "Bearer " + f.token() + "x")).statusCode());
    }

    @Test
    void acceptsTheTokenWith200AndASession() throws Exception {
        start(true);

        HttpResponse<String> r = f.send(f.post(INIT, "Authorization", "bearer  " + f.token()));

        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("mcp-session-id").isPresent());
        assertEquals("harness-router", HttpFixture.JSON.readTree(r.body()).at("/result/serverInfo/name").asText());
    }

    @Test
    void aLoopbackClientNeedsNoTokenWhenAuthIsNotRequired() throws Exception {
        start(false);

        assertEquals(200, f.send(f.post(INIT)).statusCode());
    }

    @Test
    void refusesAForeignOriginWith403() throws Exception {
        start(false);

        HttpResponse<String> r = f.send(f.post(INIT, "Origin", "http://evil.example"));

        assertEquals(403, r.statusCode());
        assertEquals("forbidden: Origin \"http://evil.example\" is not this server's\n", r.body());
        assertEquals(403, f.send(f.post(INIT, "Origin", "null")).statusCode());
        assertEquals(403, f.send(f.post(INIT, "Origin", "http://localhost:1")).statusCode(), "another port is another origin");
        assertEquals(200, f.send(f.post(INIT, "Origin", "http://localhost:" + f.server.port())).statusCode());
    }

    @Test
    void refusesARebindingHostWith421() throws Exception {
        start(false);
        // java.net.http will not send a Host header of our choosing, so this one is written by hand.
        String request = "POST /mcp HTTP/1.1\r\nHost: evil.example:" + f.server.port() + "\r\nContent-Type: application/json\r\n"
                + "Accept: application/json, text/event-stream\r\nContent-Length: " + INIT.length()
                + "\r\nConnection: close\r\n\r\n" + INIT;

        String answer = RawSocket.exchange(f.server.port(), request);

        assertTrue(answer.startsWith("HTTP/1.1 421 "), answer);
        assertTrue(answer.contains("misdirected request: Host \"evil.example:" + f.server.port() + "\" is not this server"),
                answer);
    }

    @Test
    void answersOtherPaths404BeforeAskingForTheToken() throws Exception {
        start(true);

        HttpResponse<String> r = f.send(HttpRequest.newBuilder(URI.create(f.url() + "/other")).GET());

        assertEquals(404, r.statusCode());
        assertEquals("not found\n", r.body());
    }

    @Test
    void aSessionLivesFromInitializeThroughACallToDeleteAndIsThen404() throws Exception {
        start(true);
        String auth = "Bearer " + f.token();
        String session = f.initialize("Authorization", auth);

        HttpResponse<String> call = f.send(f.post(toolCall(7, "say hi"), "Authorization", auth, "mcp-session-id", session));
        JsonNode answer = response(call.body());

        assertEquals(200, call.statusCode());
        assertEquals(7, answer.get("id").asInt());
        assertFalse(answer.at("/result/isError").asBoolean(), answer.toString());
        assertTrue(answer.at("/result/content/0/text").asText().contains("ok from claude"), answer.toString());

        HttpResponse<String> delete = f.send(HttpRequest.newBuilder(URI.create(f.url() + "/mcp"))
                .header("Authorization", auth).header("mcp-session-id", session).DELETE());
        assertEquals(200, delete.statusCode(), delete.body());
        assertEquals(0, f.server.openSessions());

        HttpResponse<String> after = f.send(f.post(toolCall(8, "again"), "Authorization", auth, "mcp-session-id", session));
        assertEquals(404, after.statusCode());
        assertTrue(after.body().contains("session " + session + " is not open"), after.body());
    }
}
