package io.harnessrouter.host.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads the optional top-level {@code http:} and {@code routing:} blocks. Every key has a default
 * ({@link HttpSettings#DEFAULTS}, {@link RoutingSettings#DEFAULTS}). Not thread-safe: one per load.
 */
final class SettingsBlocks {
    static final List<String> HTTP_KEYS = List.of("bind", "port", "auth", "limits");
    static final List<String> LIMIT_KEYS = List.of("max_body_bytes", "max_sessions", "idle_session_seconds",
            "max_calls_per_session");
    static final List<String> AUTH_KEYS = List.of("required", "token_file");
    static final List<String> ROUTING_KEYS = List.of("rate_limit_cooldown_seconds", "failure_threshold",
            "failure_cooldown_seconds", "max_cooldown_seconds", "timeout_seconds", "fanout_concurrency",
            "max_concurrent_subscription", "max_concurrent_metered", "quota_threshold", "spend_cap");
    static final Set<String> LOOPBACK = Set.of("127.0.0.1", "::1", "[::1]", "localhost");

    private static final String UNKNOWN = "unknown key, ignored";
    private static final String MUST_BE_MAP = "must be a map";
    private static final String SECONDS = "must be a positive integer (seconds)";
    private static final String COUNT = "must be a positive integer";
    static final String CAP = "must be an integer from 1 to " + RoutingSettings.MAX_CONCURRENT_LIMIT
            + " (dispatches in flight at once)";

    private final Fields fields;
    private final Problems problems;

    SettingsBlocks(Fields fields) {
        this.fields = fields;
        this.problems = fields.problems();
    }

    HttpSettings http(YamlNode.MapNode root) {
        Optional<YamlNode.MapNode> block = block(root, "http", "");
        if (block.isEmpty()) {
            return HttpSettings.DEFAULTS;
        }
        YamlNode.MapNode http = block.get();
        fields.warnUnknownKeys(http, "http", HTTP_KEYS, Map.of(), UNKNOWN);
        String bind = fields.string(http, "bind", "http").orElse(HttpSettings.DEFAULTS.bind());
        OptionalInt port = fields.positiveInt(http, "port", "http", 65_535,
                "must be a positive integer (a TCP port from 1 to 65535)");
        Optional<YamlNode.MapNode> auth = block(http, "auth", "http");
        Optional<Boolean> required = Optional.empty();
        Optional<String> tokenFile = Optional.empty();
        if (auth.isPresent()) {
            fields.warnUnknownKeys(auth.get(), "http.auth", AUTH_KEYS, Map.of(), UNKNOWN);
            required = fields.bool(auth.get(), "required", "http.auth");
            tokenFile = fields.string(auth.get(), "token_file", "http.auth");
        }
        boolean loopback = LOOPBACK.contains(bind);
        if (!loopback && required.isPresent() && !required.get()) {
            problems.warn(auth.get().value("required").orElseThrow().line(), "http.auth.required",
                    "ignored: bind " + bind + " is not a loopback address, so bearer auth stays on");
        }
        return new HttpSettings(bind, port.orElse(HttpSettings.DEFAULTS.port()),
                !loopback || required.orElse(false), tokenFile, limits(http));
    }

    private HttpLimits limits(YamlNode.MapNode http) {
        Optional<YamlNode.MapNode> block = block(http, "limits", "http");
        HttpLimits d = HttpLimits.DEFAULTS;
        if (block.isEmpty()) {
            return d;
        }
        YamlNode.MapNode l = block.get();
        fields.warnUnknownKeys(l, "http.limits", LIMIT_KEYS, Map.of(), UNKNOWN);
        OptionalInt idle = fields.positiveInt(l, "idle_session_seconds", "http.limits", Integer.MAX_VALUE, SECONDS);
        return new HttpLimits(
                fields.positiveInt(l, "max_body_bytes", "http.limits", Integer.MAX_VALUE,
                        "must be a positive integer (bytes in one request body)").orElse(d.maxBodyBytes()),
                fields.positiveInt(l, "max_sessions", "http.limits", Integer.MAX_VALUE,
                        "must be a positive integer (MCP sessions open at once)").orElse(d.maxSessions()),
                idle.isPresent() ? Duration.ofSeconds(idle.getAsInt()) : d.idleSession(),
                fields.positiveInt(l, "max_calls_per_session", "http.limits", Integer.MAX_VALUE,
                        "must be a positive integer (tool calls one session has in flight)")
                        .orElse(d.maxCallsPerSession()));
    }

    RoutingSettings routing(YamlNode.MapNode root) {
        Optional<YamlNode.MapNode> block = block(root, "routing", "");
        if (block.isEmpty()) {
            return RoutingSettings.DEFAULTS;
        }
        YamlNode.MapNode r = block.get();
        fields.warnUnknownKeys(r, "routing", ROUTING_KEYS, Map.of(), UNKNOWN);
        RoutingSettings d = RoutingSettings.DEFAULTS;
        return new RoutingSettings(
                seconds(r, "rate_limit_cooldown_seconds", d.rateLimitCooldown()),
                count(r, "failure_threshold", d.failureThreshold()),
                seconds(r, "failure_cooldown_seconds", d.failureCooldown()),
                seconds(r, "max_cooldown_seconds", d.maxCooldown()),
                seconds(r, "timeout_seconds", d.dispatchTimeout()),
                count(r, "fanout_concurrency", d.fanoutConcurrency()),
                cap(r, "max_concurrent_subscription", d.maxConcurrentSubscription()),
                cap(r, "max_concurrent_metered", d.maxConcurrentMetered()),
                threshold(r, d.quotaThreshold()),
                new SpendBlock(fields).cap(r, "routing"));
    }

    private double threshold(YamlNode.MapNode r, double fallback) {
        Optional<YamlNode> node = r.value("quota_threshold");
        if (node.isEmpty()) {
            return fallback;
        }
        if (node.get() instanceof YamlNode.Scalar s && !s.isNull()) {
            java.util.OptionalDouble v = QuotaBlock.fraction(s.text());
            if (v.isPresent()) {
                return v.getAsDouble();
            }
        }
        problems.error(node.get().line(), "routing.quota_threshold", QuotaBlock.THRESHOLD);
        return fallback;
    }

    private int cap(YamlNode.MapNode r, String key, int fallback) {
        return fields.positiveInt(r, key, "routing", RoutingSettings.MAX_CONCURRENT_LIMIT, CAP).orElse(fallback);
    }

    private Duration seconds(YamlNode.MapNode r, String key, Duration fallback) {
        OptionalInt value = fields.positiveInt(r, key, "routing", Integer.MAX_VALUE, SECONDS);
        return value.isPresent() ? Duration.ofSeconds(value.getAsInt()) : fallback;
    }

    private int count(YamlNode.MapNode r, String key, int fallback) {
        return fields.positiveInt(r, key, "routing", Integer.MAX_VALUE, COUNT).orElse(fallback);
    }

    private Optional<YamlNode.MapNode> block(YamlNode.MapNode parent, String key, String path) {
        Optional<YamlNode> node = parent.value(key);
        if (node.isEmpty()) {
            return Optional.empty();
        }
        if (node.get() instanceof YamlNode.MapNode map) {
            return Optional.of(map);
        }
        problems.error(node.get().line(), Fields.join(path, key), MUST_BE_MAP);
        return Optional.empty();
    }
}
