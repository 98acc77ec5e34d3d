package io.harnessrouter.host.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harnessrouter.api.testkit.FakeClis;
import io.harnessrouter.host.config.HttpLimits;
import io.harnessrouter.host.doctor.DoctorTestPlugin;
import io.harnessrouter.host.runtime.RouterRuntime;
import io.harnessrouter.host.runtime.RuntimeOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real {@code serve} in process: {@link RouterRuntime} over a temp home with the test kit's fake
 * {@code claude} on PATH and a claude_code test plugin, behind {@link HttpMcpServer} on a free
 * loopback port; plus a raw HTTP/1.1 client that speaks MCP Streamable HTTP.
 */
final class HttpFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
            + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";

    final Path home;
    final Map<String, String> env = new HashMap<>();
    final TokenFile tokenFile;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    RouterRuntime runtime;
    HttpMcpServer server;

    HttpFixture(Path home) throws IOException {
        this.home = home;
        Path bin = Files.createDirectories(home.resolve("bin"));
        FakeClis.install("claude", bin);
        env.put("HOME", home.toString());
        env.put("PATH", bin + ":/usr/bin:/bin");
        tokenFile = new TokenFile(home.resolve(".harness-router/auth.token"));
        Files.writeString(home.resolve("config.yaml"), """
                priority: [opus]
                models:
                  opus:
                    subscription:
                      - harness: claude_code
                routing:
                  failure_threshold: 1
                """);
    }

    HttpFixture start(boolean authRequired, HttpLimits limits) throws Exception {
        Path plugins = DoctorTestPlugin.pluginsDir(home);
        runtime = new RouterRuntime(new RuntimeOptions(Optional.of(home.resolve("config.yaml")),
                Optional.of(home.resolve("state.db")), Optional.of(plugins), env, home, "1.2.3", Clock.systemUTC()));
        runtime.start().get();
        if (authRequired) {
            tokenFile.rotate();
        }
        server = new HttpMcpServer(runtime, "1.2.3",
                new HttpMcpServer.Options("127.0.0.1", 0, authRequired, tokenFile, limits), home);
        server.start();
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    String token() {
        return tokenFile.read().orElseThrow();
    }

    HttpRequest.Builder post(String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + "/mcp"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Initializes a session (with these extra headers) and returns its id. */
    String initialize(String... headers) throws Exception {
        HttpResponse<String> r = send(post(INIT, headers));
        if (r.statusCode() != 200) {
            throw new AssertionError("initialize: " + r.statusCode() + " " + r.body());
        }
        String session = r.headers().firstValue("mcp-session-id").orElseThrow();
        List<String> h = new ArrayList<>(List.of(headers));
        h.addAll(List.of("mcp-session-id", session));
        HttpResponse<String> ack = send(post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                h.toArray(String[]::new)));
        if (ack.statusCode() != 202) {
            throw new AssertionError("initialized: " + ack.statusCode() + " " + ack.body());
        }
        return session;
    }

    static String toolCall(int id, String prompt) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"code\","
                + "\"arguments\":{\"prompt\":\"" + prompt + "\"}}}";
    }

    /** The JSON-RPC messages of an SSE body ({@code data:} lines), in order. */
    static List<JsonNode> events(String sse) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data:")) {
                out.add(JSON.readTree(line.substring(5).strip()));
            }
        }
        return out;
    }

    /** The one response (a message with an id and a result or error) among an SSE body's events. */
    static JsonNode response(String sse) throws IOException {
        return events(sse).stream().filter(e -> e.has("id") && (e.has("result") || e.has("error"))).findFirst()
                .orElseThrow(() -> new AssertionError("no response in " + sse));
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdown("test over", Duration.ofSeconds(3));
        }
        if (runtime != null) {
            runtime.close();
        }
    }
}
