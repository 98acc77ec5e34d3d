package io.harnessrouter.host.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.harnessrouter.api.RouteSpec;
import io.harnessrouter.api.Tier;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouteConnectionTest {

    private static RouteSpec metered(String url) {
        return new RouteSpec("m::h", "m", "openai_compatible", Tier.METERED, Optional.empty(), "m",
                Optional.of(URI.create(url)), Optional.empty(), null, Map.of(), Map.of());
    }

    @Test
    void aCliRouteShowsItsCommand() {
        assertEquals("/opt/bin/claude", RouteConnection.of(RouteSpec.subscription("m", "claude_code", "/opt/bin/claude")));
    }

    @Test
    void aBaseUrlLosesUserInfoQueryAndFragment() {
        assertEquals("https://api.example.com:8443/v1",
                RouteConnection.of(metered("https://user:sk-secret@api.example.com:8443/v1?key=sk-secret#x")));
    }

    @Test
    void aRouteWithNeitherShowsItsHarness() {
        assertEquals("claude_code", RouteConnection.of(RouteSpec.subscription("m", "claude_code", null)));
    }
}
