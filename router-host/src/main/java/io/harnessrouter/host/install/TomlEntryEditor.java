package io.harnessrouter.host.install;

import io.harnessrouter.host.install.TomlDocument.Header;
import io.harnessrouter.host.install.TomlDocument.Pair;
import io.harnessrouter.host.install.TomlDocument.Statements;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sets or removes our table {@code [<parent>.<name>]} in a TOML file (Codex's
 * {@code [mcp_servers.<name>]}) by editing only that table's lines. Install writes the keys it
 * owns right under the header and keeps the table's other keys and comments, and its sub-tables
 * ({@code [mcp_servers.<name>.env]}); uninstall removes the table and its sub-tables. It refuses
 * ({@link UnsafeEditException}) when the table is defined twice, as an array of tables, through
 * dotted keys or an inline table, or when the file is not TOML it can delimit.
 */
final class TomlEntryEditor {

    private final Path file;
    private final String parent;

    TomlEntryEditor(Path file, String parent) {
        this.file = file;
        this.parent = parent;
    }

    /**
     * Our table with {@code keys} (key to TOML value text, in order). {@code text} empty means a new
     * file.
     */
    Edit install(String text, String name, Map<String, String> keys) {
        Statements statements = scan(text);
        Optional<Header> ours = ourHeader(statements, name);
        String newline = text.contains("\r\n") ? "\r\n" : "\n";
        StringBuilder lines = new StringBuilder();
        keys.forEach((k, v) -> lines.append(TomlText.key(k)).append(" = ").append(v).append(newline));
        if (ours.isEmpty()) {
            String header = "[" + TomlText.key(parent) + "." + TomlText.key(name) + "]" + newline;
            String before = text.isEmpty() || text.endsWith("\n") ? text : text + newline;
            String gap = before.isBlank() ? "" : newline;
            return new Edit(before + gap + header + lines, Change.ADDED);
        }
        List<Pair> body = bodyOf(statements, ours.get());
        Map<String, String> current = new LinkedHashMap<>();
        List<Pair> owned = new ArrayList<>();
        for (Pair pair : body) {
            String first = pair.key().get(0);
            if (keys.containsKey(first)) {
                if (pair.key().size() > 1 || current.put(first, TomlText.normalized(pair.value())) != null) {
                    throw new UnsafeEditException(file, "the key " + first + " of [" + parent + "." + name
                            + "] is written more than once or as a dotted key");
                }
                owned.add(pair);
            }
        }
        Map<String, String> wanted = new LinkedHashMap<>();
        keys.forEach((k, v) -> wanted.put(k, TomlText.normalized(v)));
        if (current.equals(wanted)) {
            return new Edit(text, Change.UNCHANGED);
        }
        StringBuilder out = new StringBuilder(text.substring(0, ours.get().end())).append(lines);
        int at = ours.get().end();
        for (Pair pair : owned) {
            out.append(text, at, pair.start());
            at = pair.end();
        }
        out.append(text.substring(at));
        return new Edit(out.toString(), Change.UPDATED);
    }

    /** Removes our table and its sub-tables; the text unchanged when there is none. */
    Edit uninstall(String text, String name) {
        Statements statements = scan(text);
        Optional<Header> ours = ourHeader(statements, name);
        if (ours.isEmpty()) {
            return new Edit(text, Change.ABSENT);
        }
        List<Header> removed = statements.headers().stream().filter(h -> startsWith(h.path(), List.of(parent, name))).toList();
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (Header header : removed) {
            List<Pair> body = bodyOf(statements, header);
            int end = body.isEmpty() ? header.end() : body.get(body.size() - 1).end();
            int start = header.start();
            // the blank line install put before the table goes with it
            if (start >= 2 && text.startsWith("\n\n", start - 2) && (end == text.length() || text.charAt(end) == '\n'
                    || text.startsWith("\r\n", end))) {
                start -= text.startsWith("\r\n\r\n", start - 4) ? 2 : 1;
            }
            out.append(text, at, Math.max(at, start));
            at = end;
        }
        out.append(text.substring(at));
        return new Edit(out.toString(), Change.REMOVED);
    }

    private Statements scan(String text) {
        Statements statements;
        try {
            statements = TomlDocument.scan(text);
        } catch (TomlDocument.SyntaxException e) {
            throw new UnsafeEditException(file, "not TOML this editor can read: " + e.getMessage());
        }
        return statements;
    }

    /** Our header, after checking that nothing else defines our table. */
    private Optional<Header> ourHeader(Statements statements, String name) {
        List<String> ourPath = List.of(parent, name);
        List<Header> ours = new ArrayList<>();
        for (Header header : statements.headers()) {
            if (header.arrayTable() && startsWith(ourPath, header.path())) {
                throw new UnsafeEditException(file, "[[" + String.join(".", header.path())
                        + "]] is an array of tables, which install does not edit");
            }
            if (header.path().equals(ourPath)) {
                ours.add(header);
            }
        }
        if (ours.size() > 1) {
            throw new UnsafeEditException(file, "the table [" + parent + "." + name + "] is defined "
                    + ours.size() + " times");
        }
        for (Pair pair : statements.pairs()) {
            List<String> full = pair.fullPath();
            boolean insideOurTables = startsWith(pair.table(), ourPath);
            if (!insideOurTables && (startsWith(full, ourPath) || startsWith(ourPath, full))) {
                throw new UnsafeEditException(file, String.join(".", full) + " sets the entry as a dotted key or an"
                        + " inline table, a form install does not edit; use a [" + parent + "." + name + "] table");
            }
        }
        return ours.stream().findFirst();
    }

    /** The pairs that belong to {@code header}'s table (up to the next header). */
    private static List<Pair> bodyOf(Statements statements, Header header) {
        int next = statements.headers().stream().mapToInt(Header::start).filter(s -> s > header.start()).min()
                .orElse(Integer.MAX_VALUE);
        return statements.pairs().stream().filter(p -> p.start() > header.start() && p.start() < next).toList();
    }

    private static boolean startsWith(List<String> path, List<String> prefix) {
        return path.size() >= prefix.size() && path.subList(0, prefix.size()).equals(prefix);
    }
}
