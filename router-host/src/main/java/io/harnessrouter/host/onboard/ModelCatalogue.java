package io.harnessrouter.host.onboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The OpenRouter model catalogue, for onboard's pick list: an unauthenticated GET of
 * {@code /api/v1/models}, kept to the providers our CLIs serve (Anthropic, OpenAI, Google). Any
 * failure (offline, slow, not JSON) is an empty list, and onboard falls back to free text without
 * a word: the catalogue is a convenience, never a requirement.
 */
public final class ModelCatalogue {

    /** Where the catalogue is; {@value #URL_ENV} replaces it (a mirror, or a loopback server in tests). */
    public static final URI DEFAULT_URL = URI.create("https://openrouter.ai/api/v1/models");
    /** The environment variable that replaces {@link #DEFAULT_URL}. */
    public static final String URL_ENV = "HARNESS_ROUTER_MODELS_URL";
    /** How long the whole request may take before onboard goes on without it. */
    public static final Duration TIMEOUT = Duration.ofSeconds(2);

    private static final Set<String> PROVIDERS = Set.of("anthropic", "openai", "google");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One model of the catalogue.
     *
     * @param key           the model key onboard writes: the id after its {@code provider/}
     * @param provider      {@code anthropic}, {@code openai} or {@code google}
     * @param name          the catalogue's display name
     * @param contextLength the context window in tokens, 0 when not given
     */
    public record Entry(String key, String provider, String name, long contextLength) {

        /** {@code claude-sonnet-4.5  (200k ctx)}. */
        public String label() {
            return key + (contextLength > 0 ? "  (" + contextLength / 1000 + "k ctx)" : "");
        }
    }

    private ModelCatalogue() {
    }

    /** The catalogue URL for this environment. */
    public static URI url(Map<String, String> env) {
        String override = env.get(URL_ENV);
        return override == null || override.isBlank() ? DEFAULT_URL : URI.create(override.strip());
    }

    /**
     * The catalogue at {@code url}, sorted by provider then key; empty on any failure. The whole
     * call, the HTTP client's start-up included, returns within {@code timeout}: a request still
     * running then is left to a daemon thread and its answer ignored.
     */
    public static List<Entry> fetch(URI url, Duration timeout) {
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "onboard-catalogue");
            t.setDaemon(true);
            return t;
        });
        try {
            return thread.submit(() -> get(url, timeout)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (ExecutionException | TimeoutException e) {
            return List.of();
        } finally {
            thread.shutdownNow();
        }
    }

    private static List<Entry> get(URI url, Duration timeout) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Accept", "application/json").GET().build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? parse(response.body()) : List.of();
    }

    /** The entries of a catalogue response body; empty when it is not one. */
    static List<Entry> parse(String body) {
        JsonNode data;
        try {
            data = JSON.readTree(body).path("data");
        } catch (Exception e) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        for (JsonNode row : data) {
            String id = row.path("id").asText("");
            int slash = id.indexOf('/');
            if (slash <= 0 || slash == id.length() - 1 || !PROVIDERS.contains(id.substring(0, slash))) {
                continue;
            }
            String key = id.substring(slash + 1);
            if (entries.stream().noneMatch(e -> e.key().equals(key))) {
                entries.add(new Entry(key, id.substring(0, slash), row.path("name").asText(key),
                        row.path("context_length").asLong(0)));
            }
        }
        entries.sort(Comparator.comparing(Entry::provider).thenComparing(Entry::key));
        return List.copyOf(entries);
    }
}
