package io.harnessrouter.host.config;

import static io.harnessrouter.host.config.ConfigTexts.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code http.limits:} block: defaults, every key read, every bad value reported at its line. */
class HttpLimitsConfigTest {
    private static final String HEAD = "priority: []\nmodels: {m: {subscription: {harness: codex}}}\n";

    @Test
    void defaultsEveryLimitWhenTheBlockIsAbsent() {
        Config config = ConfigLoader.parse(Path.of("config.yaml"), HEAD + "http: {port: 9000}\n", Map.of());

        assertEquals(new HttpLimits(16 * 1024 * 1024, 32, Duration.ofMinutes(30), 8), config.http().limits());
    }

    @Test
    void readsEveryLimit() {
        Config config = ConfigLoader.parse(Path.of("config.yaml"), HEAD + """
                http:
                  limits:
                    max_body_bytes: 65536
                    max_sessions: 4
                    idle_session_seconds: 90
                    max_calls_per_session: 2
                """, Map.of());

        assertEquals(new HttpLimits(65536, 4, Duration.ofSeconds(90), 2), config.http().limits());
    }

    @Test
    void reportsEachBadLimitWithItsFileLineAndField() {
        assertEquals("""
                config.yaml:5: http.limits.max_body_bytes: must be a positive integer (bytes in one request body)
                config.yaml:6: http.limits.max_sessions: must be a positive integer (MCP sessions open at once)
                config.yaml:7: http.limits.idle_session_seconds: must be a positive integer (seconds)
                config.yaml:8: http.limits.max_calls_per_session: must be a positive integer (tool calls one session \
                has in flight)""", problems(HEAD + """
                http:
                  limits:
                    max_body_bytes: 1MB
                    max_sessions: 0
                    idle_session_seconds: -5
                    max_calls_per_session: 1.5
                """));
    }

    @Test
    void reportsALimitsBlockThatIsNotAMap() {
        assertEquals("config.yaml:4: http.limits: must be a map", problems(HEAD + "http:\n  limits: 3\n"));
    }
}
