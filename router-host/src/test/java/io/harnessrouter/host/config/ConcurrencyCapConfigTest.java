package io.harnessrouter.host.config;

import static io.harnessrouter.host.config.ConfigTexts.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** {@code max_concurrent} on a route and the per-tier defaults in {@code routing:}. */
class ConcurrencyCapConfigTest {

    @Test
    void readsTheRouteCapAndTheTierDefaults() {
        Config config = ConfigTexts.parse("""
                priority: [m]
                models:
                  m:
                    subscription:
                      - {harness: claude_code, max_concurrent: 2}
                      - {harness: codex}
                    metered:
                      base_url: https://api.example.com/v1
                      max_concurrent: 40
                routing:
                  max_concurrent_subscription: 3
                  max_concurrent_metered: 32
                """);

        assertEquals(OptionalInt.of(2), config.routes().get(0).maxConcurrent());
        assertEquals(OptionalInt.empty(), config.routes().get(1).maxConcurrent());
        assertEquals(OptionalInt.of(40), config.routes().get(2).maxConcurrent());
        assertEquals(3, config.routing().maxConcurrentSubscription());
        assertEquals(32, config.routing().maxConcurrentMetered());
    }

    @Test
    void theDefaultsAreFourPerSubscriptionRouteAndSixteenPerMeteredRoute() {
        Config config = ConfigTexts.parse("priority: [m]\nmodels:\n  m:\n    subscription: {harness: codex}\n");

        assertEquals(OptionalInt.empty(), config.routes().get(0).maxConcurrent());
        assertEquals(4, config.routing().maxConcurrent(io.harnessrouter.api.Tier.SUBSCRIPTION));
        assertEquals(16, config.routing().maxConcurrent(io.harnessrouter.api.Tier.METERED));
    }

    @Test
    void reportsACapThatIsNotAnIntegerFromOneToAThousandWithFileAndLine() {
        assertEquals("""
                config.yaml:5: models.m.subscription[0].max_concurrent: must be an integer from 1 to 1000 (dispatches in flight at once)
                config.yaml:6: models.m.subscription[1].max_concurrent: must be an integer from 1 to 1000 (dispatches in flight at once)
                config.yaml:9: models.m.metered.max_concurrent: must be an integer from 1 to 1000 (dispatches in flight at once)
                config.yaml:11: routing.max_concurrent_subscription: must be an integer from 1 to 1000 (dispatches in flight at once)
                config.yaml:12: routing.max_concurrent_metered: must be an integer from 1 to 1000 (dispatches in flight at once)""",
                problems("""
                priority: [m]
                models:
                  m:
                    subscription:
                      - {harness: claude_code, max_concurrent: 0}
                      - {harness: codex, max_concurrent: "4"}
                    metered:
                      base_url: https://api.example.com/v1
                      max_concurrent: 1001
                routing:
                  max_concurrent_subscription: -1
                  max_concurrent_metered: 2.5
                """));
    }
}
