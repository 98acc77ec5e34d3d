package io.harnessrouter.host.onboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The config file onboard writes, as a YAML tree it edits in place: models are added or removed,
 * subscription routes added or removed by harness, metered routes added, and everything else the
 * file held (a route's {@code timeout_seconds}, {@code env}, {@code settings}, the {@code routing:}
 * and {@code http:} blocks, unknown keys) is kept as it was. {@code ${VAR}} references are never
 * resolved here, so a key is written as the reference, never as its value. Comments are not kept:
 * the file is backed up before it is replaced. Not thread-safe.
 */
public final class ConfigDraft {

    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build());

    private final Map<String, Object> root;

    private ConfigDraft(Map<String, Object> root) {
        this.root = root;
    }

    /** A new file: no models yet. */
    public static ConfigDraft empty() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("priority", new ArrayList<>());
        root.put("models", new LinkedHashMap<>());
        return new ConfigDraft(root);
    }

    /**
     * An existing file's text, to edit. Throws {@link IllegalArgumentException} with the reason when
     * it is no YAML map with a {@code models:} map (a file onboard could only start over from).
     */
    public static ConfigDraft parse(String yaml) {
        Object tree;
        try {
            tree = YAML.readValue(yaml, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("it is not valid YAML (" + e.getOriginalMessage() + ")");
        }
        if (!(tree instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("it is not a YAML map");
        }
        Map<String, Object> root = new LinkedHashMap<>();
        map.forEach((k, v) -> root.put(String.valueOf(k), v));
        if (!(root.get("models") instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("it has no models: map");
        }
        ConfigDraft draft = new ConfigDraft(root);
        for (String model : draft.models()) {
            draft.model(model); // normalises both route kinds to lists
        }
        return draft;
    }

    /** Every model key, in file order. */
    public List<String> models() {
        return List.copyOf(modelsMap().keySet());
    }

    /** The priority list, model keys only. */
    public List<String> priority() {
        return strings(root.get("priority"));
    }

    /** The models the priority list names first, then the others in file order. */
    public List<String> orderedModels() {
        List<String> ordered = new ArrayList<>();
        priority().stream().filter(modelsMap()::containsKey).filter(m -> !ordered.contains(m)).forEach(ordered::add);
        models().stream().filter(m -> !ordered.contains(m)).forEach(ordered::add);
        return ordered;
    }

    /** {@code mixture_default}, empty when absent. */
    public List<String> mixtureDefault() {
        return strings(root.get("mixture_default"));
    }

    /** The {@code harness} of every subscription route of {@code model}, in order. */
    public List<String> harnesses(String model) {
        return routes(model, "subscription").stream().map(r -> String.valueOf(r.get("harness"))).toList();
    }

    /** The {@code base_url} of every metered route of {@code model}, in order. */
    public List<String> meteredUrls(String model) {
        return routes(model, "metered").stream().map(r -> String.valueOf(r.get("base_url"))).toList();
    }

    /**
     * Makes {@code ordered} the models and the priority list, in that order: models not listed are
     * removed with their routes, new ones are added without routes, {@code mixture_default} loses
     * the models removed.
     */
    public void setModels(List<String> ordered) {
        Map<String, Object> old = modelsMap();
        Map<String, Object> models = new LinkedHashMap<>();
        for (String key : ordered) {
            models.put(key, old.containsKey(key) ? old.get(key) : new LinkedHashMap<>());
        }
        root.put("priority", new ArrayList<>(ordered));
        root.put("models", models);
        setMixtureDefault(mixtureDefault().stream().filter(models::containsKey).toList());
        reorderTopLevel();
    }

    /**
     * Makes {@code harnessIds} the subscription routes of {@code model}, in that order: a route whose
     * harness stays is kept with all its keys, a new one is written as {@code harness: <id>} (plus
     * {@code cli_model_override} when {@code overrides} has one for that harness).
     */
    public void setHarnesses(String model, List<String> harnessIds, Map<String, String> overrides) {
        List<Map<String, Object>> old = routes(model, "subscription");
        List<Map<String, Object>> routes = new ArrayList<>();
        for (String id : harnessIds) {
            Optional<Map<String, Object>> kept = old.stream().filter(r -> id.equals(r.get("harness"))).findFirst();
            if (kept.isPresent()) {
                routes.add(kept.get());
                continue;
            }
            Map<String, Object> route = new LinkedHashMap<>();
            route.put("harness", id);
            if (overrides.containsKey(id)) {
                route.put("cli_model_override", overrides.get(id));
            }
            routes.add(route);
        }
        put(model, "subscription", routes);
    }

    /** Adds a metered route {@code base_url: <url>, api_key: ${<envVar>}} unless one with that URL exists. */
    public void addMetered(String model, String baseUrl, String envVar) {
        List<Map<String, Object>> routes = new ArrayList<>(routes(model, "metered"));
        if (routes.stream().anyMatch(r -> baseUrl.equals(r.get("base_url")))) {
            return;
        }
        Map<String, Object> route = new LinkedHashMap<>();
        route.put("base_url", baseUrl);
        route.put("api_key", "${" + envVar + "}");
        routes.add(route);
        put(model, "metered", routes);
    }

    /** Sets {@code mixture_default}; an empty list removes the key (fanout then uses every route). */
    public void setMixtureDefault(List<String> models) {
        if (models.isEmpty()) {
            root.remove("mixture_default");
        } else {
            root.put("mixture_default", new ArrayList<>(models));
        }
        reorderTopLevel();
    }

    /** The models that have neither a subscription nor a metered route. */
    public List<String> modelsWithoutRoutes() {
        return models().stream()
                .filter(m -> routes(m, "subscription").isEmpty() && routes(m, "metered").isEmpty())
                .toList();
    }

    /** The file's text. */
    public String render() {
        try {
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the config: " + e.getOriginalMessage(), e);
        }
    }

    /** {@code priority}, {@code mixture_default}, {@code models} first, the rest as they were. */
    private void reorderTopLevel() {
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (String key : List.of("priority", "mixture_default", "models")) {
            if (root.containsKey(key)) {
                ordered.put(key, root.get(key));
            }
        }
        root.forEach(ordered::putIfAbsent);
        root.clear();
        root.putAll(ordered);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> modelsMap() {
        return (Map<String, Object>) root.get("models");
    }

    /** The model's map, made one (and both route kinds lists) when it is not. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> model(String model) {
        Object entry = modelsMap().get(model);
        Map<String, Object> map;
        if (entry instanceof Map<?, ?> m) {
            map = (Map<String, Object>) m;
        } else {
            map = new LinkedHashMap<>();
            modelsMap().put(model, map);
        }
        for (String kind : List.of("subscription", "metered")) {
            Object routes = map.get(kind);
            if (routes instanceof Map<?, ?> single) {
                List<Object> list = new ArrayList<>();
                list.add(single);
                map.put(kind, list);
            }
        }
        return map;
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> routes(String model, String kind) {
        Object routes = model(model).get(kind);
        if (!(routes instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().filter(Map.class::isInstance).map(r -> (Map<String, Object>) r).toList();
    }

    private void put(String model, String kind, List<Map<String, Object>> routes) {
        Map<String, Object> map = model(model);
        if (routes.isEmpty()) {
            map.remove(kind);
            return;
        }
        // subscription before metered, as the docs write them
        Map<String, Object> ordered = new LinkedHashMap<>();
        map.put(kind, new ArrayList<>(routes));
        for (String key : List.of("subscription", "metered")) {
            if (map.containsKey(key)) {
                ordered.put(key, map.get(key));
            }
        }
        map.forEach(ordered::putIfAbsent);
        map.clear();
        map.putAll(ordered);
    }

    private static List<String> strings(Object value) {
        if (!(value instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().filter(Objects::nonNull).map(String::valueOf).toList();
    }
}
