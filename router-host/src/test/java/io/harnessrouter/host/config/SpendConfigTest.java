package io.harnessrouter.host.config;

import static io.harnessrouter.host.config.ConfigTexts.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.host.quota.Price;
import io.harnessrouter.host.quota.QuotaPolicy;
import io.harnessrouter.host.quota.SpendCap;
import java.time.ZoneId;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** A metered route's {@code price:} and {@code spend_cap:}, and {@code routing.spend_cap:}. */
class SpendConfigTest {

    @Test
    void readsPriceRouteCapsAndTheOverallCapWithItsZone() {
        Config config = ConfigTexts.parse("""
                priority: [sonnet]
                models:
                  sonnet:
                    subscription: {harness: claude_code}
                    metered:
                      base_url: https://api.anthropic.com/v1
                      price: {input_per_mtok: 3.00, output_per_mtok: 15}
                      spend_cap: {daily_usd: 5, monthly_usd: 50.5}
                routing:
                  spend_cap: {monthly_usd: 200, zone: America/Los_Angeles}
                """);

        QuotaPolicy metered = config.routes().get(1).quota();
        assertEquals(Optional.of(new Price(3.0, 15.0)), metered.price());
        assertEquals(new SpendCap(OptionalDouble.of(5), OptionalDouble.of(50.5), Optional.empty()), metered.spendCap());
        assertEquals(new SpendCap(OptionalDouble.empty(), OptionalDouble.of(200),
                Optional.of(ZoneId.of("America/Los_Angeles"))), config.routing().spendCap());
        assertEquals(Optional.empty(), config.routes().get(0).quota().price());
        assertEquals(SpendCap.NONE, ConfigTexts.parse("priority: [m]\nmodels:\n  m:\n    subscription: {harness: codex}\n")
                .routing().spendCap());
    }

    @Test
    void reportsEveryBrokenMoneySettingWithFileLineAndField() {
        assertEquals("""
                config.yaml:6: models.m.metered[0].price.output_per_mtok: must be a number not below 0 (US dollars per million tokens)
                config.yaml:7: models.m.metered[0].spend_cap.daily_usd: must be a positive amount of US dollars (e.g. 5 or 2.50)
                config.yaml:9: models.m.metered[1].price.output_per_mtok: required: a number not below 0 (US dollars per million tokens)
                config.yaml:10: models.m.metered[1].spend_cap: must be a map like {daily_usd: 5, monthly_usd: 50}
                config.yaml:12: models.m.metered[2].price: must be a map like {input_per_mtok: 3.00, output_per_mtok: 15.00} (US dollars per million tokens)
                config.yaml:13: models.m.metered[2].spend_cap: names no cap: give daily_usd:, monthly_usd: or both
                config.yaml:15: routing.spend_cap.zone: "Mars/Olympus" is not a time zone (write an IANA name such as America/Los_Angeles, or UTC)""",
                problems("""
                priority: [m]
                models:
                  m:
                    metered:
                      - base_url: https://a.example.com/v1
                        price: {input_per_mtok: 3, output_per_mtok: cheap}
                        spend_cap: {daily_usd: 0}
                      - base_url: https://b.example.com/v1
                        price: {input_per_mtok: 3}
                        spend_cap: 5
                      - base_url: https://c.example.com/v1
                        price: 3.00
                        spend_cap: {}
                routing:
                  spend_cap: {daily_usd: 10, zone: Mars/Olympus}
                """));
    }

    @Test
    void moneyOnASubscriptionRouteIsIgnoredWithAWarningThatSaysWhy() {
        String warnings = ConfigTexts.lines(ConfigTexts.parse("""
                priority: [m]
                models:
                  m:
                    subscription:
                      harness: claude_code
                      price: {input_per_mtok: 3, output_per_mtok: 15}
                      spend_cap: {daily_usd: 5}
                """).warnings());

        assertTrue(warnings.contains("models.m.subscription.price: price applies to metered: routes only"), warnings);
        assertTrue(warnings.contains("models.m.subscription.spend_cap: spend_cap applies to metered: routes only"),
                warnings);
    }
}
