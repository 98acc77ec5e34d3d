package io.harnessrouter.host.config;

import io.harnessrouter.api.Secret;
import io.harnessrouter.api.Tier;
import io.harnessrouter.host.quota.QuotaPolicy;
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
            "enabled", "generic_cli", "timeout_seconds", "max_concurrent", "env", "settings", "quota", "quota_group",
            "quota_threshold");
    static final List<String> METERED_KEYS = List.of("base_url", "api_key", "cli_model_override",
            "enabled", "timeout_seconds", "max_concurrent", "settings", "quota", "quota_group", "quota_threshold",
            "price", "spend_cap");

    private static final Map<String, String> METERED_ONLY = Map.of(
            "base_url", "base_url applies to metered: routes only; ignored here",
            "api_key", "api_key applies to metered: routes only; ignored here",
            "price", "price applies to metered: routes only (a subscription is not billed per token); ignored here",
            "spend_cap", "spend_cap applies to metered: routes only (a subscription is not billed per call);"
                    + " ignored here");
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
        Fields f = fields.inRoute();
        Optional<String> harness = f.requiredString(m, "harness", p, "required string (e.g. claude_code)");
        Optional<String> command = nonEmpty(f, m, "command", p,
                "must not be empty; remove it to run the harness's default command");
        Optional<String> override = cliModelOverride(f, m, p);
        boolean enabled = f.bool(m, "enabled", p).orElse(true);
        Optional<Duration> timeout = timeout(f, m, p);
        Map<String, String> env = f.stringMap(m, "env", p,
                "must be a map of variable names to values", Fields.MUST_BE_STRING);
        Map<String, String> settings = settings(f, m, p);
        List<String> unset = unsetNames(f);
        Optional<String> unavailable = unavailable(f)
                .or(() -> m.has("generic_cli") ? Optional.of(GENERIC_CLI_REASON) : Optional.empty());
        f.warnUnknownKeys(m, p, SUBSCRIPTION_KEYS, METERED_ONLY, UNKNOWN);
        OptionalInt cap = maxConcurrent(f, m, p);
        QuotaPolicy quota = new QuotaBlock(f).read(m, p, false);
        return harness.map(h -> new RouteConfig(ids.assign(h), model, Tier.SUBSCRIPTION, h, command, override,
                Optional.empty(), Optional.empty(), enabled, timeout, env, settings, unavailable, unset, m.line(), cap,
                quota));
    }

    private Optional<RouteConfig> metered(String model, Stanza s, RouteIds ids) {
        YamlNode.MapNode m = s.map();
        String p = s.path();
        Fields f = fields.inRoute();
        Optional<Target> target = target(f, m, p);
        Optional<Secret> apiKey = f.string(m, "api_key", p).map(Secret::of);
        Optional<String> override = cliModelOverride(f, m, p);
        boolean enabled = f.bool(m, "enabled", p).orElse(true);
        Optional<Duration> timeout = timeout(f, m, p);
        Map<String, String> settings = settings(f, m, p);
        List<String> unset = unsetNames(f);
        Optional<String> unavailable = unavailable(f);
        f.warnUnknownKeys(m, p, METERED_KEYS, SUBSCRIPTION_ONLY, UNKNOWN);
        OptionalInt cap = maxConcurrent(f, m, p);
        QuotaPolicy windows = new QuotaBlock(f).read(m, p, true);
        SpendBlock spend = new SpendBlock(f);
        QuotaPolicy quota = new QuotaPolicy(windows.group(), windows.windows(), windows.threshold(),
                spend.price(m, p), spend.cap(m, p));
        return target.map(t -> new RouteConfig(ids.assign(t.key()), model, Tier.METERED,
                OPENAI_COMPATIBLE, Optional.empty(), override, t.url(), apiKey, enabled, timeout,
                Map.of(), settings, unavailable, unset, m.line(), cap, quota));
    }

    /**
     * Where a metered route goes: its URL and route key. A {@code base_url} with an unset variable
     * has no URL, and its key is the value as written ({@code local::${OLLAMA_URL}}).
     */
    private record Target(Optional<URI> url, String key) {
    }

    private Optional<Target> target(Fields f, YamlNode.MapNode m, String p) {
        int unsetBefore = f.unsetReferences().size();
        Optional<String> text = f.requiredString(m, "base_url", p, "required string (https URL)");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (f.unsetReferences().size() > unsetBefore) {
            return Optional.of(new Target(Optional.empty(), text.get()));
        }
        Optional<URI> url = RouteIds.httpUrl(text.get());
        if (url.isEmpty()) {
            YamlNode.Scalar written = (YamlNode.Scalar) m.value("base_url").orElseThrow();
            problems.error(written.line(), Fields.join(p, "base_url"), "\"" + written.text()
                    + "\" is not an http or https URL with a host (e.g. https://api.openai.com/v1)");
        }
        return url.map(u -> new Target(Optional.of(u), RouteIds.hostKey(u)));
    }

    private static List<String> unsetNames(Fields f) {
        return f.unsetReferences().stream().map(Fields.UnsetReference::name).distinct().toList();
    }

    /**
     * Why a route whose values use unset variables cannot run: {@code needs X, which is not set},
     * where to set it, and where the first reference is, so the user can fix either side.
     */
    private Optional<String> unavailable(Fields f) {
        List<Fields.UnsetReference> refs = f.unsetReferences();
        if (refs.isEmpty()) {
            return Optional.empty();
        }
        List<String> names = unsetNames(f);
        String list = names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
        Fields.UnsetReference first = refs.get(0);
        return Optional.of("needs " + list + ", which " + (names.size() == 1 ? "is" : "are") + " not set: set "
                + (names.size() == 1 ? "it" : "them") + " in the environment harness-router is started with (for an"
                + " MCP server, the env its host passes), or change " + problems.file() + ":" + first.line() + " ("
                + first.path() + ")");
    }

    private Optional<String> cliModelOverride(Fields f, YamlNode.MapNode m, String p) {
        return nonEmpty(f, m, "cli_model_override", p, "must not be empty; remove it to send the model key");
    }

    private Optional<String> nonEmpty(Fields f, YamlNode.MapNode m, String key, String p, String emptyMessage) {
        Optional<String> value = f.string(m, key, p);
        if (value.isPresent() && value.get().isEmpty()) {
            problems.error(m.value(key).orElseThrow().line(), Fields.join(p, key), emptyMessage);
            return Optional.empty();
        }
        return value;
    }

    private static Optional<Duration> timeout(Fields f, YamlNode.MapNode m, String p) {
        OptionalInt seconds = f.positiveInt(m, "timeout_seconds", p, Integer.MAX_VALUE, TIMEOUT);
        return seconds.isPresent() ? Optional.of(Duration.ofSeconds(seconds.getAsInt())) : Optional.empty();
    }

    private static OptionalInt maxConcurrent(Fields f, YamlNode.MapNode m, String p) {
        return f.positiveInt(m, "max_concurrent", p, RoutingSettings.MAX_CONCURRENT_LIMIT, SettingsBlocks.CAP);
    }

    private static Map<String, String> settings(Fields f, YamlNode.MapNode m, String p) {
        return f.stringMap(m, "settings", p, "must be a map of names to values",
                "must be a string, number or true/false");
    }
}
