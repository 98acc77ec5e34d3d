package io.harnessrouter.host.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.harnessrouter.api.RouteSpec;
import io.harnessrouter.api.Secret;
import io.harnessrouter.api.Tier;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouteProberTest {

    private static RouteSpec metered(String baseUrl) {
        return new RouteSpec("gpt::host", "gpt", "openai_compatible", Tier.METERED, Optional.empty(), "gpt",
                Optional.of(URI.create(baseUrl)), Optional.of(Secret.of("sk-x")), Duration.ofSeconds(5), Map.of(),
                Map.of());
    }

    @Test
    void errorsShowTheirFirstLineCutTo120Characters() {
        assertEquals("rate limited", RouteProber.firstLine("\n  rate limited  \nretry later"));
        assertEquals("x".repeat(119) + "…", RouteProber.firstLine("x".repeat(121)));
        assertEquals("x".repeat(120), RouteProber.firstLine("x".repeat(120)));
        assertEquals("(no error message)", RouteProber.firstLine("  \n "));
    }

    @Test
    void viaIsTheCommandOfACliRoute() {
        assertEquals("/opt/bin/claude", RouteProber.via(RouteSpec.subscription("opus", "claude_code", "/opt/bin/claude")));
    }

    @Test
    void viaIsTheBaseUrlWithoutCredentialsQueryOrFragment() {
        assertEquals("https://api.example.com:8443/v1",
                RouteProber.via(metered("https://user:pa55@api.example.com:8443/v1?key=abc#frag")));
        assertEquals("http://127.0.0.1/v1", RouteProber.via(metered("http://127.0.0.1/v1")));
    }
}
