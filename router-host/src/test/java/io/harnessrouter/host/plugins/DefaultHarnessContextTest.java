package io.harnessrouter.host.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.harnessrouter.api.support.ProcessOutcome;
import io.harnessrouter.api.support.ProcessRunner;
import io.harnessrouter.api.support.ProcessSpec;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class DefaultHarnessContextTest {

    private static final ProcessRunner RUNNER = new ProcessRunner() {
        @Override
        public ProcessOutcome run(ProcessSpec spec) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Path> which(String command) {
            return Optional.empty();
        }
    };

    @Test
    void lendsTheGivenRunnerClockAndACopyOfTheEnvironment() {
        Clock clock = Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC);
        Map<String, String> env = new HashMap<>(Map.of("A", "1"));
        DefaultHarnessContext context = new DefaultHarnessContext(RUNNER, clock, env);
        env.put("B", "2");

        assertSame(RUNNER, context.processRunner());
        assertSame(clock, context.clock());
        assertEquals(Map.of("A", "1"), context.environment());
        assertThrows(UnsupportedOperationException.class, () -> context.environment().put("C", "3"));
    }

    @Test
    void defaultsToTheProcessEnvironment() {
        assertEquals(System.getenv(), new DefaultHarnessContext(RUNNER).environment());
    }

    @Test
    void sharesOneHttpClientWithATenSecondConnectTimeoutAndSafeRedirects() {
        DefaultHarnessContext context = new DefaultHarnessContext(RUNNER);

        HttpClient client = context.httpClient();

        assertSame(client, context.httpClient());
        assertEquals(Optional.of(Duration.ofSeconds(10)), client.connectTimeout());
        assertEquals(HttpClient.Redirect.NORMAL, client.followRedirects());
    }

    @Test
    void loggerIsNamedAsAsked() {
        assertEquals("plugin.claude", new DefaultHarnessContext(RUNNER).logger("plugin.claude").getName());
    }

    @Test
    void systemLoggerFormatsParametersAndMapsLevelsOntoSlf4j() {
        Logger slf4j = mock(Logger.class);
        when(slf4j.isWarnEnabled()).thenReturn(true);
        when(slf4j.isInfoEnabled()).thenReturn(true);
        System.Logger logger = new Slf4jSystemLogger(slf4j);
        IllegalStateException failure = new IllegalStateException("x");

        logger.log(System.Logger.Level.WARNING, "route {0} failed after {1} ms", "opus::claude_code", 12);
        logger.log(System.Logger.Level.INFO, "plain", failure);

        verify(slf4j).warn("route opus::claude_code failed after 12 ms", (Throwable) null);
        verify(slf4j).info("plain", failure);
    }

    @Test
    void systemLoggerSkipsDisabledLevelsAndNeverLogsOff() {
        Logger slf4j = mock(Logger.class);
        System.Logger logger = new Slf4jSystemLogger(slf4j);

        assertFalse(logger.isLoggable(System.Logger.Level.DEBUG));
        assertFalse(logger.isLoggable(System.Logger.Level.OFF));
        when(slf4j.isErrorEnabled()).thenReturn(true);
        assertTrue(logger.isLoggable(System.Logger.Level.ERROR));
    }
}
