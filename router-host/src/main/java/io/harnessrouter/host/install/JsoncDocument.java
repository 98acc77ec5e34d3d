package io.harnessrouter.host.install;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The structure of a JSON or JSONC text (comments, trailing commas) with the exact character span
 * of every object member, so that one member can be replaced, inserted or removed while every other
 * byte of the text stays as it was. Only objects are modelled as members; any other value is a span.
 * Parsing is strict about everything else: an error names the line and column.
 */
final class JsoncDocument {

    /** A parsed value: its span {@code [start, end)} in the text, and for an object its members. */
    record Value(int start, int end, Optional<List<Member>> members) {
        boolean isObject() {
            return members.isPresent();
        }
    }

    /** One {@code "key": value} of an object; {@code keyStart} is the opening quote of the key. */
    record Member(String key, int keyStart, Value value) {
    }

    /** Thrown for text that is not JSON(C); the message has a line and a column. */
    static final class SyntaxException extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxException(String message) {
            super(message);
        }
    }

    private final String text;
    private int pos;

    private JsoncDocument(String text) {
        this.text = text;
    }

    /** Parses {@code text}; its root value, or a syntax error. Blank text is an error too. */
    static Value parse(String text) throws SyntaxException {
        JsoncDocument doc = new JsoncDocument(text);
        doc.skipBlank();
        Value root = doc.value();
        doc.skipBlank();
        if (doc.pos != text.length()) {
            throw doc.error("unexpected text after the top-level value");
        }
        return root;
    }

    private Value value() throws SyntaxException {
        if (pos >= text.length()) {
            throw error("a value is missing");
        }
        char c = text.charAt(pos);
        int start = pos;
        switch (c) {
            case '{' -> {
                return object();
            }
            case '[' -> {
                array();
                return new Value(start, pos, Optional.empty());
            }
            case '"' -> {
                string();
                return new Value(start, pos, Optional.empty());
            }
            default -> {
                while (pos < text.length() && "-+.0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".indexOf(text.charAt(pos)) >= 0) {
                    pos++;
                }
                String literal = text.substring(start, pos);
                if (literal.isEmpty() || !(literal.equals("true") || literal.equals("false") || literal.equals("null")
                        || literal.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?"))) {
                    pos = start;
                    throw error("not a JSON value");
                }
                return new Value(start, pos, Optional.empty());
            }
        }
    }

    private Value object() throws SyntaxException {
        int start = pos++;
        List<Member> members = new ArrayList<>();
        while (true) {
            skipBlank();
            if (peek() == '}') {
                pos++;
                return new Value(start, pos, Optional.of(List.copyOf(members)));
            }
            if (peek() != '"') {
                throw error("expected a quoted key or '}'");
            }
            int keyStart = pos;
            String key = string();
            skipBlank();
            if (peek() != ':') {
                throw error("expected ':' after the key \"" + key + "\"");
            }
            pos++;
            skipBlank();
            members.add(new Member(key, keyStart, value()));
            skipBlank();
            if (peek() == ',') {
                pos++;
            } else if (peek() != '}') {
                throw error("expected ',' or '}'");
            }
        }
    }

    private void array() throws SyntaxException {
        pos++;
        while (true) {
            skipBlank();
            if (peek() == ']') {
                pos++;
                return;
            }
            value();
            skipBlank();
            if (peek() == ',') {
                pos++;
            } else if (peek() != ']') {
                throw error("expected ',' or ']'");
            }
        }
    }

    /** Reads a string literal at {@code pos}; returns its decoded content. */
    private String string() throws SyntaxException {
        int start = pos++;
        StringBuilder out = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c == '\n') {
                break;
            }
            if (c == '\\' && pos < text.length()) {
                char e = text.charAt(pos++);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        if (pos + 4 > text.length()) {
                            throw error("a \\u escape is cut short");
                        }
                        try {
                            out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error("a \\u escape is not hexadecimal");
                        }
                        pos += 4;
                    }
                    default -> out.append(e);
                }
            } else {
                out.append(c);
            }
        }
        pos = start;
        throw error("a string is not closed");
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    /** Skips whitespace, {@code //} and {@code /* *}{@code /} comments. */
    private void skipBlank() throws SyntaxException {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\uFEFF') {
                pos++;
            } else if (text.startsWith("//", pos)) {
                int eol = text.indexOf('\n', pos);
                pos = eol < 0 ? text.length() : eol;
            } else if (text.startsWith("/*", pos)) {
                int close = text.indexOf("*/", pos + 2);
                if (close < 0) {
                    throw error("a /* comment is not closed");
                }
                pos = close + 2;
            } else {
                return;
            }
        }
    }

    private SyntaxException error(String what) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < pos && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new SyntaxException(what + " at line " + line + ", column " + col);
    }
}
