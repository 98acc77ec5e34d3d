package io.harnessrouter.host.doctor.testplugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harnessrouter.api.Availability;
import io.harnessrouter.api.DispatchListener;
import io.harnessrouter.api.DispatchRequest;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.Dispatcher;
import io.harnessrouter.api.DoctorProbe;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.Harness;
import io.harnessrouter.api.HarnessContext;
import io.harnessrouter.api.ProbeReport;
import io.harnessrouter.api.QuotaHeaderParser;
import io.harnessrouter.api.RouteSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small stand-in for the OpenAI-compatible plugin: one buffered chat-completions request per
 * dispatch. On an HTTP error it puts the response body into the error unfiltered, on purpose: the
 * doctor must mask a key a provider echoes back even when a plugin forgets to.
 */
public final class FakeApiHarness implements Harness {

    @Override
    public String id() {
        return OPENAI_COMPATIBLE;
    }

    @Override
    public String displayName() {
        return "OpenAI-compatible API (test double)";
    }

    @Override
    public Optional<String> defaultCommand() {
        return Optional.empty();
    }

    @Override
    public Dispatcher dispatcher(RouteSpec route, HarnessContext context) {
        return new ApiDispatcher(route, context);
    }

    @Override
    public DoctorProbe doctorProbe(HarnessContext context) {
        return (command, timeout) -> new ProbeReport(OPENAI_COMPATIBLE, true, Optional.empty(), Optional.empty(),
                ProbeReport.AuthState.UNKNOWN, "HTTP harness: each route is checked with a live probe", List.of());
    }

    @Override
    public QuotaHeaderParser quotaHeaderParser() {
        return QuotaHeaderParser.NONE;
    }

    private record ApiDispatcher(RouteSpec route, HarnessContext context) implements Dispatcher {
        private static final ObjectMapper JSON = new ObjectMapper();

        @Override
        public Availability availability() {
            return route.baseUrl().isPresent() ? Availability.ok() : Availability.unavailable("no base_url");
        }

        @Override
        public DispatchResult dispatch(DispatchRequest request, DispatchListener listener) {
            try {
                String body = JSON.writeValueAsString(Map.of("model", request.model(), "stream", false,
                        "messages", List.of(Map.of("role", "user", "content", request.prompt()))));
                HttpRequest http = HttpRequest.newBuilder(URI.create(route.baseUrl().orElseThrow() + "/chat/completions"))
                        .header("authorization", "Bearer " + route.apiKey().map(k -> k.reveal()).orElse(""))
                        .header("content-type", "application/json")
                        .timeout(request.timeout())
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                HttpResponse<String> response = context.httpClient().send(http, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    return DispatchResult.failure(FailureKind.OTHER, "HTTP " + response.statusCode() + ": "
                            + response.body()).build();
                }
                JsonNode answer = JSON.readTree(response.body()).at("/choices/0/message/content");
                return DispatchResult.success(answer.asText()).build();
            } catch (IOException e) {
                return DispatchResult.failure(FailureKind.UNAVAILABLE, e.toString()).build();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return DispatchResult.failure(FailureKind.CANCELLED, "interrupted").build();
            }
        }
    }
}
