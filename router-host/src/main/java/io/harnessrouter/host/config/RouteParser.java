package io.harnessrouter.host.config;

import io.harnessrouter.api.Secret;
import io.harnessrouter.api.Tier;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Turns one {@code models.<key>} entry into its routes: {@code subscription:} and {@code metered:},
 * each a single map (shorthand) or a list of maps. Subscription routes come first, then metered,
 * each in declared order, with ids from {@link RouteIds}. Not thread-safe: one per load.
 */
final class RouteParser {
    static final String GENERIC_CLI_REASON =
            "generic_cli recipes are not supported; package this CLI as a plugin, see docs/plugins.md";
    static final String OPENAI_COMPATIBLE = "openai_compatible";

    static final List<String> MODEL_KEYS = List.of("subscription", "metered");
    static final List<String> SUBSCRIPTION_KEYS = List.of("harness", "command", "cli_model_override",
            "enabled", "generic_cli", "timeout_seconds", "max_concurrent", "env", "settings");
    static final List<String> METERED_KEYS = List.of("base_url", "api_key", "cli_model_override",
            "enabled", "timeout_seconds", "max_concurrent", "settings");

    private static final Map<String, String> METERED_ONLY = Map.of(
            "base_url", "base_url applies to metered: routes only; ignored here",
            "api_key", "api_key applies to metered: routes only; ignored here");
    private static final Map<String, String> SUBSCRIPTION_ONLY = Map.of(
            "harness", "harness applies to subscription: routes only (a metered route is always "
                    + OPENAI_COMPATIBLE + "); ignored here",
            "command", "command applies to subscription: routes only; ignored here",
            "env", "env applies to subscription: routes only (a metered route starts no process); ignored here",
            "generic_cli", "generic_cli applies to subscription: routes only; ignored here");
    private static final String UNKNOWN = "unknown key, ignored";
    private static final String TIMEOUT = "must be a positive integer (seconds)";

    private final Fields fields;
    private final Problems problems;

    RouteParser(Fields fields) {
        this.fields = fields;
        this.problems = fields.problems();
    }

    /** One route stanza with its path ({@code models.opus.subscription[0]}). */
    private record Stanza(YamlNode.MapNode map, String path) {
    }

    /** The routes of one model; problems are reported, invalid routes are left out. */
    List<RouteConfig> parseModel(YamlNode.Entry entry, String path) {
        String model = entry.key();
        if (!(entry.value() instanceof YamlNode.MapNode map)) {
            problems.error(entry.line(), path, "must be a map with subscription: and/or metered:");
            return List.of();
        }
        fields.warnUnknownKeys(map, path, MODEL_KEYS, Map.of(), UNKNOWN);
        int before = errorCount();
        List<Stanza> subscription = stanzas(map, "subscription", path);
        List<Stanza> metered = stanzas(map, "metered", path);
        if (subscription.isEmpty() && metered.isEmpty() && errorCount() == before) {
            problems.error(entry.line(), path, "must define at least one route under subscription: or metered:");
        }
        RouteIds ids = new RouteIds(model);
        List<RouteConfig> routes = new ArrayList<>();
        subscription.forEach(s -> subscription(model, s, ids).ifPresent(routes::add));
        metered.forEach(s -> metered(model, s, ids).ifPresent(routes::add));
        return routes;
    }

    private int errorCount() {
        return problems.errorCount();
    }

    private List<Stanza> stanzas(YamlNode.MapNode model, String key, String path) {
        Optional<YamlNode> node = model.value(key);
        String at = Fields.join(path, key);
        if (node.isEmpty()) {
            return List.of();
        }
        if (node.get() instanceof YamlNode.MapNode map) {
            return List.of(new Stanza(map, at));
        }
        if (!(node.get() instanceof YamlNode.Seq seq)) {
            problems.error(node.get().line(), at, "must be a map or a list of maps");
            return List.of();
        }
        List<Stanza> out = new ArrayList<>();
        for (int i = 0; i < seq.items().size(); i++) {
            YamlNode item = seq.items().get(i);
            if (item instanceof YamlNode.MapNode map) {
                out.add(new Stanza(map, at + "[" + i + "]"));
            } else {
                problems.error(item.line(), at + "[" + i + "]", "must be a map");
            }
        }
        return out;
    }

    private Optional<RouteConfig> subscription(String model, Stanza s, RouteIds ids) {
        YamlNode.MapNode m = s.map();
        String p = s.path();
        Optional<String> harness = fields.requiredString(m, "harness", p, "required string (e.g. claude_code)");
        Optional<String> command = nonEmpty(m, "command", p,
                "must not be empty; remove it to run the harness's default command");
        Optional<String> override = cliModelOverride(m, p);
        boolean enabled = fields.bool(m, "enabled", p).orElse(true);
        Optional<Duration> timeout = timeout(m, p);
        Map<String, String> env = fields.stringMap(m, "env", p,
                "must be a map of variable names to values", Fields.MUST_BE_STRING);
        Map<String, String> settings = settings(m, p);
        Optional<String> unavailable = m.has("generic_cli") ? Optional.of(GENERIC_CLI_REASON) : Optional.empty();
        fields.warnUnknownKeys(m, p, SUBSCRIPTION_KEYS, METERED_ONLY, UNKNOWN);
        OptionalInt cap = maxConcurrent(m, p);
        return harness.map(h -> new RouteConfig(ids.assign(h), model, Tier.SUBSCRIPTION, h, command, override,
                Optional.empty(), Optional.empty(), enabled, timeout, env, settings, unavailable, m.line(), cap));
    }

    private Optional<RouteConfig> metered(String model, Stanza s, RouteIds ids) {
        YamlNode.MapNode m = s.map();
        String p = s.path();
        Optional<URI> baseUrl = baseUrl(m, p);
        Optional<Secret> apiKey = fields.string(m, "api_key", p).map(Secret::of);
        Optional<String> override = cliModelOverride(m, p);
        boolean enabled = fields.bool(m, "enabled", p).orElse(true);
        Optional<Duration> timeout = timeout(m, p);
        Map<String, String> settings = settings(m, p);
        fields.warnUnknownKeys(m, p, METERED_KEYS, SUBSCRIPTION_ONLY, UNKNOWN);
        OptionalInt cap = maxConcurrent(m, p);
        return baseUrl.map(url -> new RouteConfig(ids.assign(RouteIds.hostKey(url)), model, Tier.METERED,
                OPENAI_COMPATIBLE, Optional.empty(), override, Optional.of(url), apiKey, enabled, timeout,
                Map.of(), settings, Optional.empty(), m.line(), cap));
    }

    private Optional<URI> baseUrl(YamlNode.MapNode m, String p) {
        Optional<String> text = fields.requiredString(m, "base_url", p, "required string (https URL)");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<URI> url = RouteIds.httpUrl(text.get());
        if (url.isEmpty()) {
            YamlNode.Scalar written = (YamlNode.Scalar) m.value("base_url").orElseThrow();
            problems.error(written.line(), Fields.join(p, "base_url"), "\"" + written.text()
                    + "\" is not an http or https URL with a host (e.g. https://api.openai.com/v1)");
        }
        return url;
    }

    private Optional<String> cliModelOverride(YamlNode.MapNode m, String p) {
        return nonEmpty(m, "cli_model_override", p, "must not be empty; remove it to send the model key");
    }

    private Optional<String> nonEmpty(YamlNode.MapNode m, String key, String p, String emptyMessage) {
        Optional<String> value = fields.string(m, key, p);
        if (value.isPresent() && value.get().isEmpty()) {
            problems.error(m.value(key).orElseThrow().line(), Fields.join(p, key), emptyMessage);
            return Optional.empty();
        }
        return value;
    }

    private Optional<Duration> timeout(YamlNode.MapNode m, String p) {
        OptionalInt seconds = fields.positiveInt(m, "timeout_seconds", p, Integer.MAX_VALUE, TIMEOUT);
        return seconds.isPresent() ? Optional.of(Duration.ofSeconds(seconds.getAsInt())) : Optional.empty();
    }

    private OptionalInt maxConcurrent(YamlNode.MapNode m, String p) {
        return fields.positiveInt(m, "max_concurrent", p, RoutingSettings.MAX_CONCURRENT_LIMIT, SettingsBlocks.CAP);
    }

    private Map<String, String> settings(YamlNode.MapNode m, String p) {
        return fields.stringMap(m, "settings", p, "must be a map of names to values",
                "must be a string, number or true/false");
    }
}
