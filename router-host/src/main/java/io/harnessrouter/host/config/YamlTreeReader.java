package io.harnessrouter.host.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML text into a {@link YamlNode} tree with line numbers, using Jackson's streaming YAML
 * parser. Reports duplicate keys, unknown aliases and a second document as problems; a syntax
 * error is reported as a single problem and ends the read. Supports anchors and aliases on maps
 * and lists and {@code <<} merge keys, as js-yaml (the npm tool's parser) does.
 *
 * <p>Not thread-safe: one instance per read.
 */
final class YamlTreeReader {
    static final String SYNTAX_HINT =
            "Fix the YAML at that line: indent with spaces only, and quote values that contain \": \" or \" #\".";

    private static final YAMLFactory FACTORY = new YAMLFactory();
    private static final String MERGE_KEY = "<<";

    private final Problems problems;
    private final Map<String, YamlNode> anchors = new HashMap<>();

    private YamlTreeReader(Problems problems) {
        this.problems = problems;
    }

    /** Outcome of a read: the root (empty for an empty file) or a syntax problem. */
    record Result(Optional<YamlNode> root, Optional<ConfigProblem> syntaxError) {
    }

    /** Parses {@code text}; structural problems (duplicates, aliases) go to {@code problems}. */
    static Result read(String text, Problems problems) {
        YamlTreeReader reader = new YamlTreeReader(problems);
        try (YAMLParser parser = FACTORY.createParser(text)) {
            return new Result(reader.document(parser), Optional.empty());
        } catch (JsonProcessingException e) {
            // SnakeYAML's own exception knows the line of the problem; Jackson's location is
            // where the parser stood, which can be a line earlier.
            if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null && m.getProblem() != null) {
                return syntax(problems, m.getProblemMark().getLine() + 1, m.getProblem());
            }
            return syntax(problems, lineOf(e), firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            return syntax(problems, 0, firstLine(e.getMessage()));
        }
    }

    private static Result syntax(Problems problems, int line, String what) {
        return new Result(Optional.empty(),
                Optional.of(new ConfigProblem(problems.file(), line, "", "invalid YAML: " + what)));
    }

    private static int lineOf(JsonProcessingException e) {
        return e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable YAML";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private Optional<YamlNode> document(YAMLParser parser) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            return Optional.empty();
        }
        YamlNode root = value(parser, first, "");
        JsonToken next = parser.nextToken();
        if (next != null) {
            problems.error(line(parser), "",
                    "a config file holds one YAML document; remove the --- line and everything after it");
        }
        return Optional.of(root);
    }

    private YamlNode value(YAMLParser parser, JsonToken token, String path) throws IOException {
        int line = line(parser);
        String anchor = token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY
                ? parser.getObjectId() : null;
        YamlNode node = switch (token) {
            case START_OBJECT -> map(parser, path, line);
            case START_ARRAY -> seq(parser, path, line);
            default -> scalar(parser, token, path, line);
        };
        if (anchor != null) {
            anchors.put(anchor, node);
        }
        return node;
    }

    private YamlNode scalar(YAMLParser parser, JsonToken token, String path, int line) throws IOException {
        String text = parser.getText();
        if (parser.isCurrentAlias()) {
            YamlNode target = anchors.get(text);
            if (target != null) {
                return target;
            }
            problems.error(line, path, "alias *" + text + " does not name a map or list anchored above it"
                    + " (anchors on single values are not supported; write the value out)");
            return new YamlNode.Scalar(text, YamlNode.Kind.NULL, 0, line);
        }
        return switch (token) {
            case VALUE_TRUE -> new YamlNode.Scalar(text, YamlNode.Kind.TRUE, 0, line);
            case VALUE_FALSE -> new YamlNode.Scalar(text, YamlNode.Kind.FALSE, 0, line);
            case VALUE_NULL -> new YamlNode.Scalar(text, YamlNode.Kind.NULL, 0, line);
            case VALUE_NUMBER_INT -> integer(parser, text, line);
            case VALUE_NUMBER_FLOAT -> new YamlNode.Scalar(text, YamlNode.Kind.FLOAT, 0, line);
            default -> new YamlNode.Scalar(text, YamlNode.Kind.STRING, 0, line);
        };
    }

    private static YamlNode integer(YAMLParser parser, String text, int line) throws IOException {
        JsonParser.NumberType type = parser.getNumberType();
        if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
            return new YamlNode.Scalar(text, YamlNode.Kind.INT, parser.getLongValue(), line);
        }
        return new YamlNode.Scalar(text, YamlNode.Kind.FLOAT, 0, line);
    }

    private YamlNode seq(YAMLParser parser, String path, int line) throws IOException {
        List<YamlNode> items = new java.util.ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            items.add(value(parser, token, path + "[" + items.size() + "]"));
        }
        return new YamlNode.Seq(items, line);
    }

    private YamlNode map(YAMLParser parser, String path, int line) throws IOException {
        Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
        Set<String> merged = new HashSet<>();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            int keyLine = line(parser);
            String keyPath = path.isEmpty() ? key : path + "." + key;
            YamlNode value = value(parser, parser.nextToken(), keyPath);
            if (MERGE_KEY.equals(key)) {
                merge(entries, merged, value, keyPath);
            } else if (entries.containsKey(key) && !merged.remove(key)) {
                problems.error(keyLine, keyPath,
                        "duplicate key; it is already defined on line " + entries.get(key).line());
            } else {
                entries.put(key, new YamlNode.Entry(key, keyLine, value));
            }
        }
        return new YamlNode.MapNode(entries, line);
    }

    private void merge(Map<String, YamlNode.Entry> entries, Set<String> merged, YamlNode source, String path) {
        List<YamlNode> sources = source instanceof YamlNode.Seq seq ? seq.items() : List.of(source);
        for (YamlNode each : sources) {
            if (!(each instanceof YamlNode.MapNode map)) {
                problems.error(each.line(), path, "a << merge key needs a map or a list of maps");
                continue;
            }
            for (YamlNode.Entry e : map.entries().values()) {
                if (entries.putIfAbsent(e.key(), e) == null) {
                    merged.add(e.key());
                }
            }
        }
    }

    private static int line(YAMLParser parser) {
        return parser.currentTokenLocation().getLineNr();
    }
}
