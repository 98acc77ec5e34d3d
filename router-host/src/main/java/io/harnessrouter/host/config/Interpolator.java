package io.harnessrouter.host.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Expands {@code ${VAR}} in one parsed string value. Names are {@code [A-Z0-9_]+}, as in the npm
 * tool; anything else after {@code ${} is left as written. {@code $${} is a literal {@code ${}.
 * Applied to values only, after YAML parsing, so keys and comments are never touched and a
 * substituted value can never change the YAML structure (npm defect B18). Immutable and
 * thread-safe.
 */
final class Interpolator {
    private final Map<String, String> env;

    Interpolator(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /**
     * The expanded value and the names of variables that are not set. When {@code missing} is not
     * empty the value must not be used: the caller reports a problem instead.
     */
    record Result(String value, List<String> missing) {
    }

    Result expand(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        List<String> missing = new ArrayList<>();
        int i = 0;
        while (i < raw.length()) {
            if (raw.startsWith("$${", i)) {
                out.append("${");
                i += 3;
                continue;
            }
            int end = raw.startsWith("${", i) ? variableEnd(raw, i + 2) : -1;
            if (end < 0) {
                out.append(raw.charAt(i++));
                continue;
            }
            String name = raw.substring(i + 2, end);
            String value = env.get(name);
            if (value == null) {
                missing.add(name);
            } else {
                out.append(value);
            }
            i = end + 1;
        }
        return new Result(out.toString(), List.copyOf(missing));
    }

    /** Index of the closing brace of a valid name starting at {@code from}, or -1. */
    private static int variableEnd(String raw, int from) {
        int i = from;
        while (i < raw.length() && isNameChar(raw.charAt(i))) {
            i++;
        }
        return i > from && i < raw.length() && raw.charAt(i) == '}' ? i : -1;
    }

    private static boolean isNameChar(char c) {
        return c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }
}
