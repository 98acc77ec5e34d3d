package io.harnessrouter.host.onboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The catalogue from a loopback server: filtered, sorted, and empty (fast) on every failure. */
class ModelCatalogueTest {

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private URI serve(int status, String body, long delayMillis) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/models", exchange -> {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            } catch (IOException e) {
                // the client gave up
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/models");
    }

    @Test
    void keepsTheProvidersOurClisServeSortedWithoutTheirPrefix() throws Exception {
        URI url = serve(200, """
                {"data": [
                  {"id": "openai/gpt-5.4", "name": "GPT-5.4", "context_length": 400000},
                  {"id": "anthropic/claude-opus-4.7", "name": "Claude Opus 4.7", "context_length": 200000},
                  {"id": "mistralai/devstral", "name": "Devstral"},
                  {"id": "anthropic/claude-haiku-4.5", "name": "Claude Haiku 4.5"},
                  {"id": "google/"},
                  {"id": "no-slash"}
                ]}""", 0);

        List<ModelCatalogue.Entry> entries = ModelCatalogue.fetch(url, ModelCatalogue.TIMEOUT);

        assertEquals(List.of("claude-haiku-4.5", "claude-opus-4.7", "gpt-5.4"),
                entries.stream().map(ModelCatalogue.Entry::key).toList());
        assertEquals("claude-opus-4.7  (200k ctx)", entries.get(1).label());
        assertEquals("claude-haiku-4.5", entries.get(0).label());
    }

    @Test
    void aSlowCatalogueIsGivenUpOnWithinItsTimeout() throws Exception {
        URI url = serve(200, "{\"data\": [{\"id\": \"openai/gpt-5.4\"}]}", 5_000);

        long start = System.nanoTime();
        List<ModelCatalogue.Entry> entries = ModelCatalogue.fetch(url, Duration.ofMillis(500));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(List.of(), entries);
        assertTrue(millis < 2_000, "took " + millis + " ms");
    }

    @Test
    void anErrorStatusOrNoJsonOrNoServerIsAnEmptyList() throws Exception {
        assertEquals(List.of(), ModelCatalogue.fetch(serve(503, "{\"data\": [{\"id\": \"openai/x\"}]}", 0),
                ModelCatalogue.TIMEOUT));
        stop();
        assertEquals(List.of(), ModelCatalogue.fetch(serve(200, "<html>", 0), ModelCatalogue.TIMEOUT));
        stop();
        server = null;
        assertEquals(List.of(), ModelCatalogue.fetch(URI.create("http://127.0.0.1:1/api/v1/models"),
                ModelCatalogue.TIMEOUT));
    }

    @Test
    void theUrlCanBeReplacedFromTheEnvironment() {
        assertEquals(ModelCatalogue.DEFAULT_URL, ModelCatalogue.url(Map.of()));
        assertEquals(URI.create("http://127.0.0.1:8080/m"),
                ModelCatalogue.url(Map.of(ModelCatalogue.URL_ENV, " http://127.0.0.1:8080/m ")));
    }
}
