package io.harnessrouter.host.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.harnessrouter.api.support.DefaultProcessRunner;
import io.harnessrouter.host.config.Config;
import io.harnessrouter.host.config.ConfigLoader;
import io.harnessrouter.host.routing.RoutingTable;
import io.harnessrouter.host.runtime.RoutingTables;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A route's timeout: its own {@code timeout_seconds}, else its harness's default, else {@code routing.timeout_seconds}. */
class HarnessDefaultTimeoutTest {

    @Test
    void theRouteSettingWinsThenTheHarnessDefaultThenTheRoutingDefault() {
        Config config = ConfigLoader.parse(Path.of("config.yaml"), """
                priority: [m]
                models:
                  m:
                    subscription:
                      - {harness: builtin_test}
                      - {harness: builtin_test, timeout_seconds: 7}
                      - {harness: not_installed}
                routing:
                  timeout_seconds: 900
                """, Map.of());
        try (HarnessRegistry registry = HarnessRegistry.load(List.of(), "0.0.0");
             DefaultProcessRunner runner = new DefaultProcessRunner(Map.of())) {
            RoutingTable table = RoutingTables.build(config, registry,
                    new DefaultHarnessContext(runner, Clock.systemUTC(), Map.of()));

            assertEquals(List.of(BuiltinTestHarness.DEFAULT_TIMEOUT, Duration.ofSeconds(7), Duration.ofSeconds(900)),
                    table.entries().stream().map(e -> e.spec().timeout()).toList());
        }
    }
}
