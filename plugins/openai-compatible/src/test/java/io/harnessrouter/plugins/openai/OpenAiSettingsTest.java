package io.harnessrouter.plugins.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.Availability;
import io.harnessrouter.api.DispatchListener;
import io.harnessrouter.api.DispatchRequest;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.Harness;
import io.harnessrouter.api.RouteSpec;
import io.harnessrouter.api.Tier;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Route settings, base URL checks and availability. */
class OpenAiSettingsTest {

    private static RouteSpec withoutBaseUrl() {
        return RouteSpec.builder("gpt::metered", "gpt", Harness.OPENAI_COMPATIBLE, Tier.METERED).build();
    }

    private static Availability availability(String baseUrl, Map<String, String> settings) {
        return Routes.dispatcher(Routes.route(baseUrl, Routes.KEY, settings)).availability();
    }

    @Test
    void isAvailableWithAnHttpOrHttpsBaseUrl() {
        assertEquals(Availability.ok(), availability("http://127.0.0.1:9/v1", Map.of()));
        assertEquals(Availability.ok(), availability("https://api.example.com/v1", Map.of()));
    }

    @Test
    void isUnavailableWithoutBaseUrlNamingTheRoute() {
        Availability a = Routes.dispatcher(withoutBaseUrl()).availability();

        assertFalse(a.isAvailable());
        assertEquals("route gpt::metered: no base_url — set base_url to the API root including /v1, for example"
                + " https://api.openai.com/v1", a.reason());
    }

    @Test
    void isUnavailableWithAnotherSchemeAndHidesCredentialsInTheUrl() {
        Availability a = availability("ftp://user:pw@files.example.com/v1?token=abc", Map.of());

        assertEquals("route gpt::files.example.com:-1: base_url \"ftp://files.example.com/v1\" must be an http:// or"
                + " https:// URL with a host, for example https://api.openai.com/v1", a.reason());
    }

    @Test
    void refusesToDispatchOnAnUnavailableRoute() {
        DispatchResult r = Routes.dispatcher(withoutBaseUrl()).dispatch(DispatchRequest.of("hi", withoutBaseUrl()),
                DispatchListener.NONE);

        assertEquals(FailureKind.OTHER, r.failureKind());
        assertTrue(r.error().startsWith("route gpt::metered: no base_url"), r.error());
    }

    @Test
    void reportsUnknownAndBadSettings() {
        Availability a = availability("http://127.0.0.1:9/v1", Map.of("strem", "true", "stream", "yes",
                "max_file_bytes", "-1", "connect_timeout_seconds", "soon"));

        assertEquals("route gpt::127.0.0.1:9: unknown setting(s) [strem] (known: connect_timeout_seconds,"
                + " header.<Name>, max_file_bytes, openrouter_referer, openrouter_title, stream);"
                + " setting stream must be true or false, not \"yes\"; setting max_file_bytes"
                + " must be a positive whole number, not \"-1\"; setting connect_timeout_seconds must be a number of"
                + " seconds between 0 and 3600, not \"soon\"", a.reason());
    }

    @Test
    void readsValidSettings() {
        OpenAiSettings s = OpenAiSettings.of(Routes.route("http://127.0.0.1:9/v1/?api-version=1", Routes.KEY,
                Map.of("stream", "FALSE", "max_file_bytes", "1000", "connect_timeout_seconds", "2.5")));

        assertEquals(Optional.empty(), s.problem());
        assertFalse(s.stream());
        assertEquals(1000, s.maxFileBytes());
        assertEquals(Duration.ofMillis(2500), s.connectTimeout());
        assertEquals(URI.create("http://127.0.0.1:9/v1/chat/completions?api-version=1"), s.endpoint());
    }

    @Test
    void defaultsToStreamingWithTenSecondConnectTimeoutAnd512KiB() {
        OpenAiSettings s = OpenAiSettings.of(Routes.route("http://127.0.0.1:9/v1"));

        assertTrue(s.stream());
        assertEquals(512 * 1024, s.maxFileBytes());
        assertEquals(Duration.ofSeconds(10), s.connectTimeout());
    }

    @Test
    void usesTheSharedClientWhenItsConnectTimeoutMatches() {
        OpenAiTestContext context = new OpenAiTestContext();
        OpenAiDispatcher d = new OpenAiDispatcher(Routes.route("http://127.0.0.1:9/v1"), context);

        assertSame(context.httpClient(), d.client());
    }

    @Test
    void usesItsOwnClientForAnotherConnectTimeout() {
        OpenAiTestContext context = new OpenAiTestContext();
        OpenAiDispatcher d = new OpenAiDispatcher(Routes.route("http://127.0.0.1:9/v1", Routes.KEY,
                Map.of("connect_timeout_seconds", "3")), context);

        HttpClient client = d.client();

        assertNotSame(context.httpClient(), client);
        assertEquals(Optional.of(Duration.ofSeconds(3)), client.connectTimeout());
        assertEquals(HttpClient.Redirect.NORMAL, client.followRedirects());
        assertSame(client, d.client(), "created once");
    }
}
