package io.harnessrouter.host.mcp;

import io.harnessrouter.host.routing.RouteRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Validates the {@code code} tool's arguments against everything {@link ToolSchemas#INPUT} says
 * (types, lengths, item counts, the {@code mode} enum, no extra properties) plus what a schema
 * cannot say (absolute paths, an existing working directory, the prompt's size in bytes), and
 * turns them into a {@link RouteRequest}. Public for {@code harness-router route}, which validates
 * its flags with the same rules and messages.
 *
 * <p>We validate here instead of letting the SDK run a JSON-Schema validator on every call: the
 * checks are the same, the messages are clearer, and the validator's class loading and per-call
 * cost stay off the hot path ({@code ToolSchemasTest} keeps the advertised schema valid).
 *
 * <p>Stateless and thread-safe.
 */
public final class CodeArguments {
    static final int MAX_PROMPT_CHARS = 1_000_000;
    static final int MAX_STRING = 4096;
    static final int MAX_ITEMS = 256;
    private static final Set<String> KNOWN = Set.of("prompt", "files", "workingDir", "mode", "hints", "models");
    private static final Set<String> HINT_KEYS = Set.of("model", "service");

    /** The call's routing request and whether it asked for fanout. */
    public record Parsed(RouteRequest request, boolean fanout) {
    }

    /** An argument that breaks the schema; the message says which and why. */
    public static final class InvalidArgument extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidArgument(String message) {
            super(message, null, false, false);
        }
    }

    private CodeArguments() {
    }

    public static Parsed parse(Map<String, Object> args, Path serverDir) {
        for (String key : args.keySet()) {
            if (!KNOWN.contains(key)) {
                throw new InvalidArgument("unknown argument \"" + key + "\"; the tool takes prompt, files, "
                        + "workingDir, mode, hints and models");
            }
        }
        String prompt = string(args, "prompt", MAX_PROMPT_CHARS)
                .orElseThrow(() -> new InvalidArgument("prompt is required"));
        if (prompt.isBlank()) {
            throw new InvalidArgument("prompt is empty");
        }
        int bytes = prompt.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > ToolSchemas.MAX_PROMPT_BYTES) {
            throw new InvalidArgument("prompt is " + bytes + " bytes; the limit is " + ToolSchemas.MAX_PROMPT_BYTES
                    + " bytes");
        }
        List<Path> files = new ArrayList<>();
        for (String f : strings(args, "files")) {
            Path p = path(f, "files");
            if (!p.isAbsolute()) {
                throw new InvalidArgument("files must be absolute paths, got \"" + f + "\"");
            }
            files.add(p);
        }
        Path workingDir = workingDir(string(args, "workingDir", MAX_STRING).orElse(""), serverDir);
        String mode = string(args, "mode", MAX_STRING).orElse("single");
        if (!mode.equals("single") && !mode.equals("fanout")) {
            throw new InvalidArgument("mode must be \"single\" or \"fanout\", got \"" + mode + "\"");
        }
        Map<String, Object> hints = hints(args.get("hints"));
        RouteRequest request = new RouteRequest(UUID.randomUUID().toString(), prompt, files,
                Optional.of(workingDir), nonEmpty(string(hints, "hints.model", "model")),
                nonEmpty(string(hints, "hints.service", "service")), strings(args, "models"));
        return new Parsed(request, mode.equals("fanout"));
    }

    private static Path workingDir(String wd, Path serverDir) {
        if (wd.isEmpty()) {
            return serverDir;
        }
        Path p = path(wd, "workingDir");
        if (!p.isAbsolute()) {
            throw new InvalidArgument("workingDir must be an absolute path or empty, got \"" + wd + "\"");
        }
        if (!Files.isDirectory(p)) {
            throw new InvalidArgument("workingDir " + wd + " is not a directory");
        }
        return p;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> hints(Object value) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> m)) {
            throw new InvalidArgument("hints must be an object with model and/or service");
        }
        for (Object key : m.keySet()) {
            if (!HINT_KEYS.contains(key)) {
                throw new InvalidArgument("unknown argument \"hints." + key + "\"; hints takes model and service");
            }
        }
        return (Map<String, Object>) m;
    }

    private static Optional<String> string(Map<String, Object> hints, String label, String key) {
        Object v = hints.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String s)) {
            throw new InvalidArgument(label + " must be a string");
        }
        checkLength(label, s, MAX_STRING);
        return Optional.of(s);
    }

    private static Optional<String> nonEmpty(Optional<String> s) {
        return s.filter(v -> !v.isBlank());
    }

    private static Path path(String value, String field) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new InvalidArgument(field + " has an invalid path \"" + value + "\": " + e.getReason());
        }
    }

    private static Optional<String> string(Map<String, Object> args, String key, int max) {
        Object v = args.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String s)) {
            throw new InvalidArgument(key + " must be a string");
        }
        checkLength(key, s, max);
        return Optional.of(s);
    }

    private static void checkLength(String key, String s, int max) {
        if (s.length() > max) {
            throw new InvalidArgument(key + " is " + s.length() + " characters; the limit is " + max);
        }
    }

    private static List<String> strings(Map<String, Object> args, String key) {
        Object v = args.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw new InvalidArgument(key + " must be an array of strings");
        }
        if (list.size() > MAX_ITEMS) {
            throw new InvalidArgument(key + " has " + list.size() + " items; the limit is " + MAX_ITEMS);
        }
        List<String> out = new ArrayList<>(list.size());
        for (Object o : list) {
            if (!(o instanceof String s)) {
                throw new InvalidArgument(key + " must be an array of strings");
            }
            checkLength(key + " item", s, MAX_STRING);
            out.add(s);
        }
        return out;
    }
}
