package io.harnessrouter.plugins.openai;

import io.harnessrouter.api.DispatchEvent;
import io.harnessrouter.api.DispatchListener;
import io.harnessrouter.api.DispatchRequest;
import io.harnessrouter.api.Harness;
import io.harnessrouter.api.RouteSpec;
import io.harnessrouter.api.Secret;
import io.harnessrouter.api.Tier;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds metered routes and requests for the tests, and records streamed events. */
final class Routes {

    static final String KEY = "sk-test-4f9c2a7e5b";
    static final String MODEL = "gpt-test";

    private Routes() {
    }

    static RouteSpec route(String baseUrl, String apiKey, Map<String, String> settings) {
        URI uri = URI.create(baseUrl);
        return RouteSpec.builder("gpt::" + uri.getHost() + ":" + uri.getPort(), "gpt", Harness.OPENAI_COMPATIBLE,
                Tier.METERED).cliModel(MODEL).baseUrl(uri).apiKey(apiKey == null ? null : Secret.of(apiKey))
                .timeout(Duration.ofSeconds(10)).settings(settings).build();
    }

    static RouteSpec route(String baseUrl) {
        return route(baseUrl, KEY, Map.of());
    }

    static RouteSpec buffered(String baseUrl) {
        return route(baseUrl, KEY, Map.of("stream", "false"));
    }

    static OpenAiDispatcher dispatcher(RouteSpec route) {
        return new OpenAiDispatcher(route, new OpenAiTestContext());
    }

    static DispatchRequest request(RouteSpec route, String prompt) {
        return DispatchRequest.of(prompt, route);
    }

    /** A thread-safe listener that keeps every event. */
    static final class Recorder implements DispatchListener {
        private final List<DispatchEvent> events = new ArrayList<>();

        @Override
        public synchronized void onEvent(DispatchEvent event) {
            events.add(event);
        }

        synchronized List<DispatchEvent> events() {
            return List.copyOf(events);
        }
    }
}
