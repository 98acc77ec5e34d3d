package io.harnessrouter.plugins.openai;

import static io.harnessrouter.plugins.openai.Routes.KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.Availability;
import io.harnessrouter.api.DispatchListener;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.Harness;
import io.harnessrouter.api.RouteSpec;
import io.harnessrouter.api.Secret;
import io.harnessrouter.api.Tier;
import io.harnessrouter.api.testkit.FakeOpenAiServer;
import io.harnessrouter.api.testkit.FakeOpenAiServer.ReceivedRequest;
import io.harnessrouter.api.testkit.FakeOpenAiServer.Reply;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Per-route headers, OpenRouter's attribution headers and the HTTP request timeout. */
class OpenAiHeadersTest {

    /** A header value that stands for a token: it must never show up in an error or a log line. */
    private static final String TOKEN = "hdr-secret-7Qx93kLm";

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
    void sendsTheRoutesExtraHeadersExactlyAndNoAttributionHeadersToOtherHosts() {
        RouteSpec route = Routes.route(server.baseUrl(), KEY, Map.of("header.X-Org-Token", TOKEN,
                "header.api-version", "2024-10-21"));

        DispatchResult r = Routes.dispatcher(route).dispatch(Routes.request(route, "hi"), DispatchListener.NONE);

        assertTrue(r.success(), r.error());
        ReceivedRequest sent = server.lastRequest();
        assertEquals(Optional.of(TOKEN), sent.header("X-Org-Token"));
        assertEquals(Optional.of("2024-10-21"), sent.header("api-version"));
        assertEquals(Optional.of("Bearer " + KEY), sent.authorization());
        assertEquals(Optional.empty(), sent.header("HTTP-Referer"));
        assertEquals(Optional.empty(), sent.header("X-Title"));
    }

    /** The base URL names openrouter.ai; a proxy on loopback stands in for it, so nothing leaves the machine. */
    @Test
    void sendsOpenRoutersAttributionHeadersToAnOpenRouterBaseUrl() {
        RouteSpec route = openRouterRoute(Map.of());

        ReceivedRequest sent = dispatchThroughProxy(route);

        assertEquals(Optional.of("openrouter.ai"), sent.header("Host"));
        assertEquals(Optional.of(OpenAiSettings.DEFAULT_REFERER), sent.header("HTTP-Referer"));
        assertEquals(Optional.of("harness-router"), sent.header("X-Title"));
        assertEquals(Optional.of("harness-router"), sent.header("X-OpenRouter-Title"));
        assertEquals(Optional.of("Bearer " + KEY), sent.authorization());
    }

    @Test
    void takesOpenRoutersRefererAndTitleFromTheRouteAndLetsAHeaderEntryWin() {
        RouteSpec route = openRouterRoute(Map.of("openrouter_referer", "https://example.org/my-team",
                "openrouter_title", "My team's router", "header.x-title", "Override"));

        ReceivedRequest sent = dispatchThroughProxy(route);

        assertEquals(Optional.of("https://example.org/my-team"), sent.header("HTTP-Referer"));
        assertEquals(Optional.of("Override"), sent.header("X-Title"));
        assertEquals(Optional.of("My team's router"), sent.header("X-OpenRouter-Title"));
    }

    @Test
    void masksHeaderValuesInErrorsAndSettingsDescriptions() {
        server.enqueue(Reply.status(401, Reply.error("Token " + TOKEN + " is not valid for this org",
                "invalid_request_error", "invalid_token")));
        RouteSpec route = Routes.route(server.baseUrl(), KEY, Map.of("header.X-Org-Token", TOKEN));

        DispatchResult r = Routes.dispatcher(route).dispatch(Routes.request(route, "hi"), DispatchListener.NONE);

        assertEquals(FailureKind.AUTH, r.failureKind());
        assertFalse(r.error().contains(TOKEN), r.error());
        assertTrue(r.error().contains("is not valid for this org"), r.error());
        assertFalse(OpenAiSettings.of(route).toString().contains(TOKEN));
    }

    @Test
    void namesABadHeaderWithoutItsValue() {
        Map<String, String> settings = new TreeMap<>();
        settings.put("header.Bad Name", TOKEN);
        settings.put("header.Host", TOKEN);
        settings.put("header.Authorization", TOKEN);
        settings.put("header.X-Split", TOKEN + "\r\nX-Injected: 1");
        settings.put("openrouter_title", "t");
        RouteSpec route = Routes.route(server.baseUrl(), KEY, settings);

        Availability a = Routes.dispatcher(route).availability();

        assertFalse(a.isAvailable());
        assertEquals("route " + route.id() + ": setting openrouter_title is only for a base_url on openrouter.ai,"
                + " not 127.0.0.1 (use header.<Name> for other headers); setting header.Authorization clashes with"
                + " api_key, which is sent as Authorization: Bearer; remove one of them; setting header.Bad Name:"
                + " \"Bad Name\" is not a valid HTTP header name; setting header.Host: the plugin sets Host itself;"
                + " setting header.X-Split: the value must not contain a line break", a.reason());
        assertFalse(a.reason().contains(TOKEN));
    }

    @Test
    void sendsAnAuthorizationHeaderEntryWhenTheRouteHasNoApiKey() {
        RouteSpec route = Routes.route(server.baseUrl(), null, Map.of("header.Authorization", "Token " + TOKEN));

        assertTrue(Routes.dispatcher(route).dispatch(Routes.request(route, "hi"), DispatchListener.NONE).success());
        assertEquals(Optional.of("Token " + TOKEN), server.lastRequest().authorization());
    }

    @Test
    void timesOutAtTheRoutesTimeoutAndSaysWhatToRaise() {
        server.enqueue(Reply.ok("late").delayedBy(Duration.ofSeconds(5)));
        RouteSpec route = Routes.route(server.baseUrl());

        DispatchResult r = Routes.dispatcher(route).dispatch(Routes.request(route, "hi")
                .withTimeout(Duration.ofMillis(400)), DispatchListener.NONE);

        assertEquals(FailureKind.TIMEOUT, r.failureKind());
        assertEquals("Timed out after 400ms waiting for 127.0.0.1:" + server.port() + " (route " + route.id()
                + ") — raise the route's timeout_seconds (default 120 for HTTP routes) if the model needs longer",
                r.error());
        assertTrue(r.duration().compareTo(Duration.ofSeconds(3)) < 0, r.duration().toString());
    }

    @Test
    void anHttpRouteThatSetsNoTimeoutGetsTheNpmToolsTwoMinutes() {
        assertEquals(Optional.of(Duration.ofSeconds(120)), new OpenAiCompatibleHarness().defaultTimeout());
    }

    private RouteSpec openRouterRoute(Map<String, String> settings) {
        return RouteSpec.builder("gpt::openrouter.ai", "gpt", Harness.OPENAI_COMPATIBLE, Tier.METERED)
                .cliModel(Routes.MODEL).baseUrl(URI.create("http://openrouter.ai/v1")).apiKey(Secret.of(KEY))
                .timeout(Duration.ofSeconds(10)).settings(new LinkedHashMap<>(settings)).build();
    }

    private ReceivedRequest dispatchThroughProxy(RouteSpec route) {
        HttpClient viaLoopback = HttpClient.newBuilder().connectTimeout(OpenAiSettings.DEFAULT_CONNECT_TIMEOUT)
                .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", server.port()))).build();
        DispatchResult r = new OpenAiDispatcher(route, new OpenAiTestContext(null, viaLoopback))
                .dispatch(Routes.request(route, "hi"), DispatchListener.NONE);
        assertTrue(r.success(), r.error());
        return server.lastRequest();
    }
}
