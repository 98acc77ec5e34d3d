package io.harnessrouter.host.doctor;

import java.io.Console;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * How the report marks results. Always with {@code ✓}, {@code ✗} and {@code →}; in colour only
 * when stdout is a terminal, {@code NO_COLOR} is unset and {@code TERM} is not {@code dumb}, so a
 * piped or redirected report never carries ANSI escape codes. Immutable and thread-safe.
 */
public enum Style {
    /** Marks only. */
    PLAIN,
    /** Marks in ANSI colours: green ✓, red ✗, yellow →, bold headings. */
    COLOUR;

    static final String OK = "✓";
    static final String FAIL = "✗";
    static final String NEUTRAL = "-";
    static final String NEXT = "→";

    private static final String RESET = "\u001b[0m";

    /** Colour when this JVM's stdout is a terminal and the environment allows it. */
    public static Style detect(Map<String, String> env) {
        return detect(stdoutIsTerminal(), env);
    }

    /** Colour when {@code terminal} and the environment allows it. */
    public static Style detect(boolean terminal, Map<String, String> env) {
        boolean noColor = env.containsKey("NO_COLOR") || "dumb".equals(env.get("TERM"));
        return terminal && !noColor ? COLOUR : PLAIN;
    }

    /**
     * {@link System#console()} is null when stdin or stdout is redirected up to Java 21; from Java
     * 22 it may be a console that is no terminal, which {@code Console.isTerminal()} tells.
     */
    static boolean stdoutIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true; // Java 17 to 21: a console exists only for a terminal
        }
    }

    String ok() {
        return paint("32", OK);
    }

    String fail() {
        return paint("31", FAIL);
    }

    String neutral() {
        return paint("2", NEUTRAL);
    }

    String next() {
        return paint("33", NEXT);
    }

    String heading(String text) {
        return paint("1", text);
    }

    String mark(boolean good) {
        return good ? ok() : fail();
    }

    private String paint(String code, String text) {
        return this == COLOUR ? "\u001b[" + code + "m" + text + RESET : text;
    }
}
