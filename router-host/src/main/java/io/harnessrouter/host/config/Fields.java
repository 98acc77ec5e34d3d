package io.harnessrouter.host.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Typed reads of one key of a {@link YamlNode.MapNode}, reporting wrong types to {@link Problems}
 * with the key's path and line. String values are {@code ${VAR}}-interpolated here, after parsing.
 * An unset variable is a problem naming the field and the variable, except in the scope of one
 * route ({@link #inRoute()}): there it is recorded as an {@link UnsetReference} and the value is
 * kept as written, so only that route becomes unavailable. Messages never echo an interpolated
 * value. An explicit YAML null counts as an absent key. Not thread-safe.
 */
final class Fields {
    static final String MUST_BE_STRING = "must be a string";
    static final String MUST_BE_BOOL = "must be true or false";

    /** A {@code ${name}} in the value at {@code path} (line {@code line}) whose variable is not set. */
    record UnsetReference(String name, int line, String path) {
    }

    private final Problems problems;
    private final Interpolator interpolator;
    /** Where unset references go in a route's scope; null outside one (they are problems there). */
    private final List<UnsetReference> unset;

    Fields(Problems problems, Interpolator interpolator) {
        this(problems, interpolator, null);
    }

    private Fields(Problems problems, Interpolator interpolator, List<UnsetReference> unset) {
        this.problems = problems;
        this.interpolator = interpolator;
        this.unset = unset;
    }

    /**
     * Reads for one route stanza: an unset variable there makes that route unavailable instead of
     * failing the file, so one missing API key does not stop the routes that need none.
     */
    Fields inRoute() {
        return new Fields(problems, interpolator, new ArrayList<>());
    }

    /** The unset references read so far in this route's scope, in reading order; empty outside one. */
    List<UnsetReference> unsetReferences() {
        return unset == null ? List.of() : List.copyOf(unset);
    }

    Problems problems() {
        return problems;
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** An optional string; a map or list is a problem. */
    Optional<String> string(YamlNode.MapNode map, String key, String path) {
        Optional<YamlNode> node = map.value(key);
        if (node.isEmpty()) {
            return Optional.empty();
        }
        String at = join(path, key);
        if (!(node.get() instanceof YamlNode.Scalar s)) {
            problems.error(node.get().line(), at, MUST_BE_STRING);
            return Optional.empty();
        }
        return interpolate(s.text(), s.line(), at);
    }

    /**
     * A required non-empty string. Absent, empty or not a single value reports {@code message};
     * an unset variable reports only that.
     */
    Optional<String> requiredString(YamlNode.MapNode map, String key, String path, String message) {
        Optional<YamlNode> node = map.value(key);
        String at = join(path, key);
        if (node.isEmpty() || !(node.get() instanceof YamlNode.Scalar s) || s.text().isEmpty()) {
            problems.error(node.map(YamlNode::line).orElse(map.line()), at, message);
            return Optional.empty();
        }
        Optional<String> value = interpolate(s.text(), s.line(), at);
        if (value.isPresent() && value.get().isEmpty()) {
            problems.error(s.line(), at, message);
            return Optional.empty();
        }
        return value;
    }

    /** An optional boolean; anything but true/false (yes/no/on/off included) is a problem. */
    Optional<Boolean> bool(YamlNode.MapNode map, String key, String path) {
        Optional<YamlNode> node = map.value(key);
        if (node.isEmpty()) {
            return Optional.empty();
        }
        if (node.get() instanceof YamlNode.Scalar s && s.kind() == YamlNode.Kind.TRUE) {
            return Optional.of(true);
        }
        if (node.get() instanceof YamlNode.Scalar s && s.kind() == YamlNode.Kind.FALSE) {
            return Optional.of(false);
        }
        problems.error(node.get().line(), join(path, key), MUST_BE_BOOL);
        return Optional.empty();
    }

    /** An optional integer from 1 to {@code max}; anything else reports {@code message}. */
    OptionalInt positiveInt(YamlNode.MapNode map, String key, String path, int max, String message) {
        Optional<YamlNode> node = map.value(key);
        if (node.isEmpty()) {
            return OptionalInt.empty();
        }
        if (node.get() instanceof YamlNode.Scalar s && s.kind() == YamlNode.Kind.INT
                && s.number() >= 1 && s.number() <= max) {
            return OptionalInt.of((int) s.number());
        }
        problems.error(node.get().line(), join(path, key), message);
        return OptionalInt.empty();
    }

    /**
     * An optional map of names to single values (strings, numbers, true/false), each stored as
     * written and interpolated. {@code mapMessage} reports a non-map, {@code valueMessage} a
     * value that is a map, list or null.
     */
    Map<String, String> stringMap(YamlNode.MapNode map, String key, String path,
                                  String mapMessage, String valueMessage) {
        Optional<YamlNode> node = map.value(key);
        if (node.isEmpty()) {
            return Map.of();
        }
        String at = join(path, key);
        if (!(node.get() instanceof YamlNode.MapNode inner)) {
            problems.error(node.get().line(), at, mapMessage);
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (YamlNode.Entry e : inner.entries().values()) {
            String entryPath = join(at, e.key());
            if (e.value() instanceof YamlNode.Scalar s && !s.isNull()) {
                interpolate(s.text(), s.line(), entryPath).ifPresent(v -> out.put(e.key(), v));
            } else {
                problems.error(e.value().line(), entryPath, valueMessage);
            }
        }
        return out;
    }

    /**
     * Warns about every key of {@code map} not in {@code known}. A key in {@code elsewhere} gets
     * that map's explanation; any other gets a "did you mean" when one is close.
     */
    void warnUnknownKeys(YamlNode.MapNode map, String path, Collection<String> known,
                         Map<String, String> elsewhere, String unknownMessage) {
        for (YamlNode.Entry e : map.entries().values()) {
            if (known.contains(e.key())) {
                continue;
            }
            String explanation = elsewhere.get(e.key());
            String message = explanation != null ? explanation
                    : unknownMessage + Suggestions.didYouMean(e.key(), known);
            problems.warn(e.line(), join(path, e.key()), message);
        }
    }

    /**
     * Interpolates one value. Outside a route an unset variable is a problem and the result is
     * empty; in a route's scope it is recorded and the value comes back as written, never partly
     * expanded (a set variable beside an unset one may hold a secret).
     */
    Optional<String> interpolate(String raw, int line, String path) {
        Interpolator.Result result = interpolator.expand(raw);
        if (result.missing().isEmpty()) {
            return Optional.of(result.value());
        }
        for (String name : result.missing()) {
            if (unset == null) {
                problems.error(line, path, "${" + name + "} is not set in the environment");
            } else {
                unset.add(new UnsetReference(name, line, path));
            }
        }
        return unset == null ? Optional.empty() : Optional.of(raw);
    }
}
