package io.harnessrouter.host.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.support.DefaultProcessRunner;
import io.harnessrouter.host.plugins.DefaultHarnessContext;
import io.harnessrouter.host.plugins.HarnessRegistry;
import io.harnessrouter.host.routing.Attempt;
import io.harnessrouter.host.routing.InMemoryStateStore;
import io.harnessrouter.host.routing.RouteListener;
import io.harnessrouter.host.routing.RouteOutcome;
import io.harnessrouter.host.routing.RouteRequest;
import io.harnessrouter.host.routing.Router;
import io.harnessrouter.host.routing.RoutingTable;
import io.harnessrouter.host.runtime.RoutingTables;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * A route made unavailable by an unset {@code ${VAR}} reaches the router the way a
 * {@code generic_cli} route does: it is in the routing table, and a call's attempt trace lists it
 * as skipped with the reason, never sending the literal reference as a key.
 */
class UnsetVariableRoutingTest {

    @Test
    void theAttemptTraceSkipsARouteWhoseKeyIsNotSetAndSaysWhich() throws Exception {
        Config config = ConfigTexts.parse("""
                priority: [gpt]
                models:
                  gpt:
                    metered:
                      base_url: https://api.openai.com/v1
                      api_key: ${OPENAI_API_KEY}
                """, Map.of());
        ExecutorService pool = Executors.newCachedThreadPool();
        try (HarnessRegistry registry = HarnessRegistry.load(List.of(), "0.0.0");
             DefaultProcessRunner runner = new DefaultProcessRunner(Map.of())) {
            RoutingTable table = RoutingTables.build(config, registry,
                    new DefaultHarnessContext(runner, Clock.systemUTC(), Map.of()));
            Router router = new Router(table, new InMemoryStateStore(), config.routing(), Clock.systemUTC(), pool);

            RouteOutcome outcome = router.route(RouteRequest.of("r1", "hello"), RouteListener.NONE);

            assertFalse(outcome.success());
            Attempt attempt = outcome.attempts().get(0);
            assertEquals("gpt::api.openai.com", attempt.routeId());
            assertEquals(Attempt.Status.SKIPPED, attempt.status());
            assertTrue(attempt.detail().contains("needs OPENAI_API_KEY, which is not set"), attempt.detail());
            assertTrue(outcome.error().contains("needs OPENAI_API_KEY, which is not set"), outcome.error());
        } finally {
            pool.shutdownNow();
        }
    }
}
