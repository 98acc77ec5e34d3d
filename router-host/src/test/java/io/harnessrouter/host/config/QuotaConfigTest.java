package io.harnessrouter.host.config;

import static io.harnessrouter.host.config.ConfigTexts.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.harnessrouter.host.quota.Measure;
import io.harnessrouter.host.quota.QuotaPolicy;
import io.harnessrouter.host.quota.QuotaWindow;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** A route's {@code quota:}, {@code quota_group} and {@code quota_threshold}, and {@code routing.quota_threshold}. */
class QuotaConfigTest {

    @Test
    void readsWindowsGroupAndThreshold() {
        Config config = ConfigTexts.parse("""
                priority: [opus]
                models:
                  opus:
                    subscription:
                      - harness: claude_code
                        quota_group: claude-max
                        quota_threshold: 75%
                        quota:
                          - {requests: 45, per: 5h}
                          - {tokens: 2000000, per: weekly on monday at 09:00 America/Los_Angeles}
                      - harness: opencode
                        quota_group: claude-max
                    metered:
                      base_url: https://openrouter.ai/api/v1
                      quota: {usd: 2.50, per: daily at 00:00 UTC}
                routing:
                  quota_threshold: 0.9
                """);

        QuotaPolicy claude = config.routes().get(0).quota();
        assertEquals(Optional.of("claude-max"), claude.group());
        assertEquals(OptionalDouble.of(0.75), claude.threshold());
        assertEquals(List.of("45 requests per 5h", "2M tokens weekly on monday at 09:00 America/Los_Angeles"),
                claude.windows().stream().map(QuotaWindow::describe).toList());
        assertEquals("group:claude-max", config.routes().get(1).quota().scope(config.routes().get(1).id()));
        QuotaWindow money = config.routes().get(2).quota().windows().get(0);
        assertEquals(Measure.USD, money.measure());
        assertEquals(2.5, money.limit());
        assertEquals(0.9, config.routing().quotaThreshold());
        assertEquals(QuotaPolicy.NONE, ConfigTexts.parse("priority: [m]\nmodels:\n  m:\n    subscription: {harness: codex}\n")
                .routes().get(0).quota());
    }

    @Test
    void reportsEveryBrokenQuotaSettingWithFileLineAndField() {
        assertEquals("""
                config.yaml:6: models.m.subscription[0].quota_threshold: must be a share of the window: a number above 0 and at most 1 (0.8), or a percentage (80%)
                config.yaml:8: models.m.subscription[0].quota[0]: names no limit: give one of requests:, tokens: or usd: with a number
                config.yaml:9: models.m.subscription[0].quota[1].requests: must be a positive whole number
                config.yaml:10: models.m.subscription[0].quota[2].per: "5 hours" is not a period: write a rolling span (30m, 5h, 1d, 7d) or a calendar reset (daily at 00:00 America/Los_Angeles, weekly on monday, monthly on day 1)
                config.yaml:11: models.m.subscription[0].quota[3].usd: applies to metered: routes only (a subscription is not billed per call); count requests or tokens
                config.yaml:12: models.m.subscription[0].quota[4]: names 2 limits: give one window per limit (one of requests:, tokens:, usd:)
                config.yaml:13: models.m.subscription[0].quota[5].per: required: the window's period (5h, 1d, 7d, daily at 00:00 America/Los_Angeles, monthly on day 1)
                config.yaml:14: models.m.subscription[0].quota_group: must be a name of letters, digits, '-', '_' or '.' (e.g. claude-max)
                config.yaml:16: routing.quota_threshold: must be a share of the window: a number above 0 and at most 1 (0.8), or a percentage (80%)""",
                problems("""
                priority: [m]
                models:
                  m:
                    subscription:
                      - harness: claude_code
                        quota_threshold: 120%
                        quota:
                          - {per: 5h}
                          - {requests: -3, per: 5h}
                          - {requests: 10, per: 5 hours}
                          - {usd: 5, per: 1d}
                          - {requests: 10, tokens: 100, per: 1d}
                          - {requests: 10}
                        quota_group: "claude max"
                routing:
                  quota_threshold: zero
                """));
    }
}
