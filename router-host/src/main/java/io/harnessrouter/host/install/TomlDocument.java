package io.harnessrouter.host.install;

import java.util.ArrayList;
import java.util.List;

/**
 * The statements of a TOML text with their exact spans: table headers and key/value pairs, each
 * with its full key path, so that one table can be replaced, added or removed while every other
 * byte (comments, blank lines, formatting, other tables) stays as it was. Values are not decoded,
 * only delimited (strings, multi-line strings, nested arrays and inline tables, dates with a
 * space). Anything it cannot delimit is a syntax error naming the line.
 */
final class TomlDocument {

    /** A {@code [table]} or {@code [[array.table]]} header; the span covers its whole line. */
    record Header(List<String> path, boolean arrayTable, int start, int end) {
    }

    /**
     * A {@code key = value} pair in table {@code table}; {@code start} is its line's start,
     * {@code end} just after its line's end, {@code value} the value's text without a comment.
     */
    record Pair(List<String> table, List<String> key, String value, int start, int end) {
        /** The table path followed by the key path. */
        List<String> fullPath() {
            List<String> full = new ArrayList<>(table);
            full.addAll(key);
            return full;
        }
    }

    /** The statements in text order. */
    record Statements(List<Header> headers, List<Pair> pairs) {
    }

    /** Thrown for text the scanner cannot delimit; the message names the line. */
    static final class SyntaxException extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxException(String message) {
            super(message);
        }
    }

    private final String text;
    private int pos;

    private TomlDocument(String text) {
        this.text = text;
    }

    static Statements scan(String text) throws SyntaxException {
        return new TomlDocument(text).statements();
    }

    private Statements statements() throws SyntaxException {
        List<Header> headers = new ArrayList<>();
        List<Pair> pairs = new ArrayList<>();
        List<String> table = List.of();
        while (pos < text.length()) {
            int lineStart = pos;
            skipSpaces();
            if (pos >= text.length()) {
                break;
            }
            char c = text.charAt(pos);
            if (c == '\n' || c == '\r' || c == '#') {
                endOfLine();
                continue;
            }
            if (c == '[') {
                boolean array = text.startsWith("[[", pos);
                pos += array ? 2 : 1;
                List<String> path = keyPath();
                if (!text.startsWith(array ? "]]" : "]", pos)) {
                    throw error("a table header is not closed");
                }
                pos += array ? 2 : 1;
                endOfLine();
                headers.add(new Header(path, array, lineStart, pos));
                table = path;
                continue;
            }
            List<String> key = keyPath();
            if (pos >= text.length() || text.charAt(pos) != '=') {
                throw error("expected '=' after a key");
            }
            pos++;
            skipSpaces();
            int valueStart = pos;
            value();
            String value = text.substring(valueStart, pos);
            endOfLine();
            pairs.add(new Pair(table, key, value, lineStart, pos));
        }
        return new Statements(List.copyOf(headers), List.copyOf(pairs));
    }

    /** After a statement: spaces, an optional comment, then a line end or the end of the text. */
    private void endOfLine() throws SyntaxException {
        skipSpaces();
        if (pos < text.length() && text.charAt(pos) == '#') {
            while (pos < text.length() && text.charAt(pos) != '\n') {
                pos++;
            }
        }
        if (text.startsWith("\r\n", pos)) {
            pos += 2;
        } else if (pos < text.length() && text.charAt(pos) == '\n') {
            pos++;
        } else if (pos < text.length()) {
            throw error("unexpected text after a statement");
        }
    }

    private List<String> keyPath() throws SyntaxException {
        List<String> path = new ArrayList<>();
        while (true) {
            skipSpaces();
            path.add(keySegment());
            skipSpaces();
            if (pos < text.length() && text.charAt(pos) == '.') {
                pos++;
            } else {
                return List.copyOf(path);
            }
        }
    }

    private String keySegment() throws SyntaxException {
        if (pos < text.length() && text.charAt(pos) == '"') {
            int start = pos;
            basicString();
            return TomlText.unquoteBasic(text.substring(start + 1, pos - 1));
        }
        if (pos < text.length() && text.charAt(pos) == '\'') {
            int start = pos;
            literalString();
            return text.substring(start + 1, pos - 1);
        }
        int start = pos;
        while (pos < text.length() && TomlText.isBareKeyChar(text.charAt(pos))) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a key");
        }
        return text.substring(start, pos);
    }

    /** Delimits one value of any kind at {@code pos}. */
    private void value() throws SyntaxException {
        if (pos >= text.length()) {
            throw error("a value is missing");
        }
        char c = text.charAt(pos);
        if (text.startsWith("\"\"\"", pos)) {
            multiLine("\"\"\"", true);
        } else if (text.startsWith("'''", pos)) {
            multiLine("'''", false);
        } else if (c == '"') {
            basicString();
        } else if (c == '\'') {
            literalString();
        } else if (c == '[' || c == '{') {
            nested();
        } else {
            int start = pos;
            while (pos < text.length() && " \t\r\n#,]}".indexOf(text.charAt(pos)) < 0) {
                pos++;
            }
            // a local date-time may use a space between date and time: 1979-05-27 07:32:00
            if (pos - start == 10 && text.substring(start, pos).matches("\\d{4}-\\d{2}-\\d{2}")
                    && pos + 1 < text.length() && text.charAt(pos) == ' ' && Character.isDigit(text.charAt(pos + 1))) {
                pos++;
                while (pos < text.length() && " \t\r\n#,]}".indexOf(text.charAt(pos)) < 0) {
                    pos++;
                }
            }
            if (start == pos) {
                throw error("a value is missing");
            }
        }
    }

    /** An array or inline table, possibly over several lines with comments. */
    private void nested() throws SyntaxException {
        int depth = 0;
        do {
            char c = text.charAt(pos);
            if (c == '[' || c == '{') {
                depth++;
                pos++;
            } else if (c == ']' || c == '}') {
                depth--;
                pos++;
            } else if (c == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (c == '"' || c == '\'') {
                value();
            } else {
                pos++;
            }
            if (depth > 0 && pos >= text.length()) {
                throw error("an array or inline table is not closed");
            }
        } while (depth > 0);
    }

    private void basicString() throws SyntaxException {
        int start = pos++;
        while (pos < text.length() && text.charAt(pos) != '\n') {
            char c = text.charAt(pos++);
            if (c == '\\') {
                pos++;
            } else if (c == '"') {
                return;
            }
        }
        pos = start;
        throw error("a string is not closed on its line");
    }

    private void literalString() throws SyntaxException {
        int close = text.indexOf('\'', pos + 1);
        int eol = text.indexOf('\n', pos + 1);
        if (close < 0 || (eol >= 0 && eol < close)) {
            throw error("a string is not closed on its line");
        }
        pos = close + 1;
    }

    private void multiLine(String delimiter, boolean escapes) throws SyntaxException {
        int start = pos;
        pos += 3;
        while (pos < text.length()) {
            if (escapes && text.charAt(pos) == '\\') {
                pos += 2;
            } else if (text.startsWith(delimiter, pos)) {
                pos += 3;
                for (int extra = 0; extra < 2 && pos < text.length() && text.charAt(pos) == delimiter.charAt(0); extra++) {
                    pos++; // up to two quotes may end the content right before the delimiter
                }
                return;
            } else {
                pos++;
            }
        }
        pos = start;
        throw error("a multi-line string is not closed");
    }

    private void skipSpaces() {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t' || text.charAt(pos) == '\uFEFF')) {
            pos++;
        }
    }

    private SyntaxException error(String what) {
        int line = 1;
        for (int i = 0; i < pos && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return new SyntaxException(what + " at line " + line);
    }
}
