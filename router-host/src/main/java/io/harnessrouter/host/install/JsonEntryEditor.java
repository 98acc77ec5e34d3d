package io.harnessrouter.host.install;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessrouter.host.install.JsoncDocument.Member;
import io.harnessrouter.host.install.JsoncDocument.Value;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sets or removes one entry {@code <parent>.<name>} of a JSON or JSONC file by editing only the
 * entry's own span: every other byte (other entries, key order, comments, indentation, line
 * endings) stays as it was. Keys of an existing entry that install does not write (an {@code env}
 * the user added) are kept. A parent that is not an object, a key that appears twice on the way,
 * or text that is not JSON(C) makes it refuse with {@link UnsafeEditException}.
 */
final class JsonEntryEditor {

    static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(JsonParser.Feature.ALLOW_COMMENTS)
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    private final Path file;
    private final List<String> parent;

    /** Edits {@code file}'s entries under the object at {@code parent} (e.g. {@code ["mcpServers"]}). */
    JsonEntryEditor(Path file, List<String> parent) {
        this.file = file;
        this.parent = List.copyOf(parent);
    }

    /** Our entry {@code name} with {@code entry}'s keys set. {@code text} empty means a new file. */
    Edit install(String text, String name, ObjectNode entry) {
        if (text.isBlank()) {
            ObjectNode root = LENIENT.createObjectNode();
            ObjectNode at = root;
            for (String key : parent) {
                at = at.putObject(key);
            }
            at.set(name, entry);
            return new Edit(render(root, "", "  ", "\n") + "\n", Change.ADDED);
        }
        Value root = parse(text);
        Layout layout = Layout.of(text);
        Value at = root;
        int depth = 0;
        for (; depth < parent.size(); depth++) {
            Optional<Member> next = member(at, parent.get(depth));
            if (next.isEmpty()) {
                break;
            }
            at = objectValue(next.get(), depth);
        }
        if (depth < parent.size()) {
            ObjectNode nested = LENIENT.createObjectNode();
            ObjectNode inner = nested;
            for (String key : parent.subList(depth + 1, parent.size())) {
                inner = inner.putObject(key);
            }
            inner.set(name, entry);
            return new Edit(insert(text, layout, at, parent.get(depth), nested), Change.ADDED);
        }
        Optional<Member> ours = member(at, name);
        if (ours.isEmpty()) {
            return new Edit(insert(text, layout, at, name, entry), Change.ADDED);
        }
        Value old = ours.get().value();
        JsonNode oldNode = readNode(text.substring(old.start(), old.end()));
        ObjectNode merged = oldNode.isObject() ? ((ObjectNode) oldNode).deepCopy() : LENIENT.createObjectNode();
        merged.setAll(entry);
        if (merged.equals(oldNode)) {
            return new Edit(text, Change.UNCHANGED);
        }
        String indent = layout.indentOfLine(text, ours.get().keyStart());
        String replaced = text.substring(0, old.start()) + render(merged, indent, layout.unit, layout.newline)
                + text.substring(old.end());
        return new Edit(replaced, Change.UPDATED);
    }

    /** Removes our entry {@code name}; the text unchanged when it is not there. */
    Edit uninstall(String text, String name) {
        if (text.isBlank()) {
            return new Edit(text, Change.ABSENT);
        }
        Value at = parse(text);
        for (int depth = 0; depth < parent.size(); depth++) {
            Optional<Member> next = member(at, parent.get(depth));
            if (next.isEmpty()) {
                return new Edit(text, Change.ABSENT);
            }
            at = objectValue(next.get(), depth);
        }
        List<Member> members = at.members().orElseThrow();
        Optional<Member> ours = member(at, name);
        if (ours.isEmpty()) {
            return new Edit(text, Change.ABSENT);
        }
        int index = members.indexOf(ours.get());
        int from;
        int to;
        if (members.size() == 1) {
            from = at.start() + 1;
            to = at.end() - 1;
        } else if (index == members.size() - 1) {
            from = members.get(index - 1).value().end(); // drops the comma before ours
            to = ours.get().value().end();
        } else {
            from = ours.get().keyStart();
            to = members.get(index + 1).keyStart(); // ours, its comma and the blank before the next
        }
        return new Edit(text.substring(0, from) + text.substring(to), Change.REMOVED);
    }

    /** Reads {@code text} as JSON(C) into a tree, or refuses naming the file. */
    JsonNode readNode(String text) {
        try {
            return LENIENT.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UnsafeEditException(file, "cannot read it as JSON: " + e.getOriginalMessage());
        }
    }

    private Value parse(String text) {
        Value root;
        try {
            root = JsoncDocument.parse(text);
        } catch (JsoncDocument.SyntaxException e) {
            throw new UnsafeEditException(file, "not valid JSON: " + e.getMessage());
        }
        if (!root.isObject()) {
            throw new UnsafeEditException(file, "the top level is not a JSON object");
        }
        return root;
    }

    private Value objectValue(Member member, int depth) {
        if (!member.value().isObject()) {
            throw new UnsafeEditException(file, "\"" + String.join(".", parent.subList(0, depth + 1))
                    + "\" is not a JSON object");
        }
        return member.value();
    }

    private Optional<Member> member(Value object, String key) {
        List<Member> found = object.members().orElseThrow().stream().filter(m -> m.key().equals(key)).toList();
        if (found.size() > 1) {
            throw new UnsafeEditException(file, "the key \"" + key + "\" appears " + found.size()
                    + " times in one object, so which one the host reads is unclear");
        }
        return found.stream().findFirst();
    }

    /** Adds {@code "key": value} as the last member of {@code object}. */
    private static String insert(String text, Layout layout, Value object, String key, JsonNode value) {
        List<Member> members = object.members().orElseThrow();
        String outer = layout.indentOfLine(text, object.start());
        if (members.isEmpty()) {
            String inner = outer + layout.unit;
            String member = layout.newline + inner + quote(key) + ": " + render(value, inner, layout.unit, layout.newline)
                    + layout.newline + outer;
            return text.substring(0, object.start() + 1) + member + text.substring(object.end() - 1);
        }
        Member first = members.get(0);
        String inner = layout.ownLine(text, first.keyStart()) ? layout.indentOfLine(text, first.keyStart()) : outer + layout.unit;
        int at = members.get(members.size() - 1).value().end();
        String member = "," + layout.newline + inner + quote(key) + ": " + render(value, inner, layout.unit, layout.newline);
        return text.substring(0, at) + member + text.substring(at);
    }

    /** {@code node} as indented JSON whose nested lines start with {@code indent} plus units. */
    static String render(JsonNode node, String indent, String unit, String newline) {
        if (node.isObject() && !node.isEmpty()) {
            StringBuilder out = new StringBuilder("{");
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                out.append(newline).append(indent).append(unit).append(quote(field.getKey())).append(": ")
                        .append(render(field.getValue(), indent + unit, unit, newline));
                if (fields.hasNext()) {
                    out.append(',');
                }
            }
            return out.append(newline).append(indent).append('}').toString();
        }
        if (node.isArray() && !node.isEmpty()) {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < node.size(); i++) {
                out.append(i == 0 ? "" : ", ").append(render(node.get(i), indent, unit, newline));
            }
            return out.append(']').toString();
        }
        return node.isObject() ? "{}" : node.isArray() ? "[]" : node.toString();
    }

    private static String quote(String key) {
        return LENIENT.getNodeFactory().textNode(key).toString();
    }

    /** How the file is laid out: its indentation unit and line ending, for the text we add. */
    private record Layout(String unit, String newline) {

        static Layout of(String text) {
            String newline = text.contains("\r\n") ? "\r\n" : "\n";
            String unit = "  ";
            int nl = text.indexOf('\n');
            while (nl >= 0 && nl + 1 < text.length()) {
                int end = nl + 1;
                while (end < text.length() && (text.charAt(end) == ' ' || text.charAt(end) == '\t')) {
                    end++;
                }
                if (end > nl + 1 && end < text.length() && text.charAt(end) == '"') {
                    unit = text.substring(nl + 1, end);
                    break;
                }
                nl = text.indexOf('\n', nl + 1);
            }
            return new Layout(unit, newline);
        }

        /** The whitespace that starts the line holding {@code pos}. */
        String indentOfLine(String text, int pos) {
            int start = text.lastIndexOf('\n', pos - 1) + 1;
            int end = start;
            while (end < pos && (text.charAt(end) == ' ' || text.charAt(end) == '\t')) {
                end++;
            }
            return text.substring(start, end);
        }

        /** Whether only whitespace stands before {@code pos} on its line. */
        boolean ownLine(String text, int pos) {
            int start = text.lastIndexOf('\n', pos - 1) + 1;
            return text.substring(start, pos).isBlank();
        }
    }
}
