package io.harnessrouter.host.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed YAML value that remembers the line it started on, so every config problem can point at
 * a line. Built by {@link YamlTreeReader}; immutable once built.
 */
sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Seq, YamlNode.MapNode {

    /** 1-based line where the value starts. */
    int line();

    /** What a scalar was resolved to by the YAML reader. */
    enum Kind { STRING, INT, FLOAT, TRUE, FALSE, NULL }

    /**
     * A plain or quoted value.
     *
     * @param text   the value as written (without quotes); for {@code ~} and empty values, the raw text
     * @param kind   how YAML resolved it
     * @param number the value of an {@link Kind#INT} that fits a long, else 0
     */
    record Scalar(String text, Kind kind, long number, int line) implements YamlNode {

        boolean isNull() {
            return kind == Kind.NULL;
        }
    }

    /** A block or flow sequence. */
    record Seq(List<YamlNode> items, int line) implements YamlNode {
        public Seq {
            items = List.copyOf(items);
        }
    }

    /**
     * One key of a map with the line the key is on.
     *
     * @param key   the key as written; never interpolated
     * @param line  the key's line
     * @param value the value
     */
    record Entry(String key, int line, YamlNode value) {
    }

    /** A block or flow map, keys in file order. */
    record MapNode(Map<String, Entry> entries, int line) implements YamlNode {
        public MapNode {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        Optional<Entry> entry(String key) {
            return Optional.ofNullable(entries.get(key));
        }

        /** The value of {@code key}, treating an explicit {@code null} like an absent key. */
        Optional<YamlNode> value(String key) {
            Entry e = entries.get(key);
            if (e == null || e.value() instanceof Scalar s && s.isNull()) {
                return Optional.empty();
            }
            return Optional.of(e.value());
        }

        boolean has(String key) {
            return entries.containsKey(key);
        }
    }
}
