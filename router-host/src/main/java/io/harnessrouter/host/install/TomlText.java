package io.harnessrouter.host.install;

import java.util.List;
import java.util.stream.Collectors;

/** Writing TOML keys and strings, and comparing values by their text. */
final class TomlText {

    private TomlText() {
    }

    static boolean isBareKeyChar(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }

    /** {@code key} bare when it can be, else quoted. */
    static String key(String key) {
        return !key.isEmpty() && key.chars().allMatch(c -> isBareKeyChar((char) c)) ? key : string(key);
    }

    /** A TOML basic string. */
    static String string(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** An inline array of strings. */
    static String stringArray(List<String> values) {
        return values.stream().map(TomlText::string).collect(Collectors.joining(", ", "[", "]"));
    }

    /** The content of a basic string (between the quotes) decoded; enough for keys. */
    static String unquoteBasic(String content) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            if (c == '\\' && i + 1 < content.length()) {
                char e = content.charAt(++i);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(content.substring(i + 1, Math.min(i + 5, content.length())), 16));
                        i += 4;
                    }
                    default -> out.append(e);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * A value's text with the whitespace, comments and a trailing comma outside strings removed,
     * so that {@code [ "a",\n "b", ]} and {@code ["a", "b"]} compare equal.
     */
    static String normalized(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < value.length() && value.charAt(j) != c) {
                    j += c == '"' && value.charAt(j) == '\\' ? 2 : 1;
                }
                out.append(value, i, Math.min(j + 1, value.length()));
                i = j;
            } else if (c == '#') {
                while (i + 1 < value.length() && value.charAt(i + 1) != '\n') {
                    i++;
                }
            } else if (!Character.isWhitespace(c)) {
                out.append(c);
            }
        }
        return out.toString().replace(",]", "]").replace(",}", "}");
    }
}
