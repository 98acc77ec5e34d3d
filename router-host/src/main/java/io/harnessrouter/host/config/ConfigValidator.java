package io.harnessrouter.host.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Validates the top level of a parsed config ({@code priority}, {@code models},
 * {@code mixture_default}, {@code http}, {@code routing}) and builds the {@link Config}. Every
 * problem goes to {@link Problems}; the caller throws when there is any. Not thread-safe: one per load.
 */
final class ConfigValidator {
    static final List<String> TOP_LEVEL_KEYS = List.of("priority", "models", "mixture_default", "http", "routing");

    private final Path source;
    private final Problems problems;
    private final Fields fields;

    ConfigValidator(Path source, Problems problems, Interpolator interpolator) {
        this.source = source;
        this.problems = problems;
        this.fields = new Fields(problems, interpolator);
    }

    /** The config, or empty when any problem was found. */
    Optional<Config> validate(YamlNode.MapNode root) {
        fields.warnUnknownKeys(root, "", TOP_LEVEL_KEYS, Map.of(), "unknown top-level key, ignored");
        List<String> models = new ArrayList<>();
        List<RouteConfig> routes = new ArrayList<>();
        boolean modelsValid = models(root, models, routes);
        List<String> priority = modelRefs(root, "priority", true, modelsValid, models);
        List<String> mixture = modelRefs(root, "mixture_default", false, modelsValid, models);
        SettingsBlocks blocks = new SettingsBlocks(fields);
        HttpSettings http = blocks.http(root);
        RoutingSettings routing = blocks.routing(root);
        if (problems.hasErrors()) {
            return Optional.empty();
        }
        return Optional.of(new Config(source, priority, mixture, models, routes, routing, http, problems.warnings()));
    }

    private boolean models(YamlNode.MapNode root, List<String> models, List<RouteConfig> routes) {
        Optional<YamlNode> node = root.value("models");
        if (node.isEmpty()) {
            problems.error(keyLine(root, "models"), "models",
                    "missing; add models: with each model key and its subscription:/metered: routes");
            return false;
        }
        if (!(node.get() instanceof YamlNode.MapNode map)) {
            problems.error(node.get().line(), "models",
                    "must be a map from model key to that model's subscription:/metered: routes");
            return false;
        }
        if (map.entries().isEmpty()) {
            problems.warn(map.line(), "models", "no models defined; every call will fail until you add one");
        }
        RouteParser parser = new RouteParser(fields);
        for (YamlNode.Entry e : map.entries().values()) {
            models.add(e.key());
            routes.addAll(parser.parseModel(e, "models." + e.key()));
        }
        return true;
    }

    private List<String> modelRefs(YamlNode.MapNode root, String key, boolean required,
                                   boolean checkRefs, List<String> models) {
        Optional<YamlNode> node = root.value(key);
        if (node.isEmpty()) {
            if (required) {
                problems.error(keyLine(root, key), key,
                        "missing; add priority: with the model keys to try, in order (priority: [] for none)");
            }
            return List.of();
        }
        if (!(node.get() instanceof YamlNode.Seq seq)) {
            problems.error(node.get().line(), key, "must be a list of model keys");
            return List.of();
        }
        Map<String, Integer> refs = new LinkedHashMap<>();
        for (int i = 0; i < seq.items().size(); i++) {
            modelRef(seq.items().get(i), key, i, checkRefs, models, refs);
        }
        return List.copyOf(refs.keySet());
    }

    private void modelRef(YamlNode item, String key, int index, boolean checkRefs, List<String> models,
                          Map<String, Integer> refs) {
        String path = key + "[" + index + "]";
        if (!(item instanceof YamlNode.Scalar s) || s.isNull()) {
            problems.error(item.line(), path, "must be a model key (a string)");
            return;
        }
        Optional<String> ref = fields.interpolate(s.text(), s.line(), path);
        if (ref.isEmpty()) {
            return;
        }
        String name = ref.get();
        if (checkRefs && !models.contains(name)) {
            String suggestion = Suggestions.closest(name, models).map(m -> " (did you mean \"" + m + "\"?)").orElse("");
            problems.error(s.line(), path, "references \"" + name + "\" which is not defined under models" + suggestion);
        } else if (refs.containsKey(name)) {
            problems.warn(s.line(), path, "\"" + name + "\" is already listed at " + key + "[" + refs.get(name)
                    + "]; this entry has no effect");
        } else {
            refs.put(name, index);
        }
    }

    /** The line of {@code key} when written (even with a null value), else the map's first line. */
    private static int keyLine(YamlNode.MapNode map, String key) {
        return map.entry(key).map(YamlNode.Entry::line).orElse(map.line());
    }
}
