package io.harnessrouter.host.telemetry.otel;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The span names and attribute keys harness-router emits. The names and the keys the npm tool had
 * ({@code tool.name}, {@code code.mode}, {@code router.op}, {@code service}, {@code model},
 * {@code tier}, {@code success}, {@code dispatcher.id}, {@code rate_limited}, {@code duration_ms})
 * are the npm tool's, so its users' dashboards keep working; token counts use the GenAI semantic
 * conventions. docs/telemetry.md lists them; {@code TelemetryDocTest} checks that list.
 */
final class SpanNames {

    static final String TOOL = "harness-router.mcp.tool";
    static final String ROUTE = "harness-router.router.route";
    static final String FANOUT = "harness-router.router.fanout";
    static final String DISPATCH = "harness-router.dispatcher.dispatch";
    /** An event on a decision span: a route passed over (breaker open, disabled, at its cap, not installed). */
    static final String SKIPPED_EVENT = "route.skipped";

    static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("tool.name");
    static final AttributeKey<String> MCP_METHOD = AttributeKey.stringKey("mcp.method.name");
    static final AttributeKey<String> CODE_MODE = AttributeKey.stringKey("code.mode");
    static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("request.id");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");
    static final AttributeKey<Long> DURATION_MS = AttributeKey.longKey("duration_ms");

    static final AttributeKey<String> ROUTER_OP = AttributeKey.stringKey("router.op");
    static final AttributeKey<String> HINT_MODEL = AttributeKey.stringKey("hint.model");
    static final AttributeKey<String> HINT_SERVICE = AttributeKey.stringKey("hint.service");
    static final AttributeKey<java.util.List<String>> FANOUT_MODELS = AttributeKey.stringArrayKey("fanout.models");
    static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("attempts");
    static final AttributeKey<Long> SKIPPED = AttributeKey.longKey("skipped");
    static final AttributeKey<Long> SUCCEEDED = AttributeKey.longKey("succeeded");

    static final AttributeKey<String> SERVICE = AttributeKey.stringKey("service");
    static final AttributeKey<String> DISPATCHER_ID = AttributeKey.stringKey("dispatcher.id");
    static final AttributeKey<String> MODEL = AttributeKey.stringKey("model");
    static final AttributeKey<String> TIER = AttributeKey.stringKey("tier");
    static final AttributeKey<Double> QUOTA_SCORE = AttributeKey.doubleKey("quota_score");
    static final AttributeKey<String> REASON = AttributeKey.stringKey("routing.reason");
    static final AttributeKey<Boolean> SUCCESS = AttributeKey.booleanKey("success");
    static final AttributeKey<String> FAILURE_KIND = AttributeKey.stringKey("failure_kind");
    static final AttributeKey<Boolean> RATE_LIMITED = AttributeKey.booleanKey("rate_limited");
    static final AttributeKey<Long> EXIT_CODE = AttributeKey.longKey("exit_code");
    static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");

    private SpanNames() {
    }
}
