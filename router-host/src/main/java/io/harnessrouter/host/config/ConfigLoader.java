package io.harnessrouter.host.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and validates a config file: the npm harness-router's model-keyed YAML (the same files load
 * unchanged) plus our additions. Finds every problem in one pass and throws them together as a
 * {@link ConfigException}, each as {@code file:line: path: message}. {@code ${VAR}} references in
 * string values are expanded from {@code env} after parsing; an unset one makes the route that uses
 * it unavailable (see {@link RouteConfig#unavailableReason()}), and outside a route is a problem. Stateless
 * and thread-safe; see {@link ConfigReloader} for hot reload.
 */
public final class ConfigLoader {
    /** What to do when there is no config file: the second half of {@link #MISSING_FILE}. */
    public static final String MISSING_FILE_FIX =
            "Create one (see docs/configuration.md for a complete example) or pass --config <path>";
    /** The message of the single problem reported for a file that does not exist. */
    public static final String MISSING_FILE = "no config file here. " + MISSING_FILE_FIX;
    /** The message of the single problem reported for a harness-router 0.2 file. */
    public static final String V02_CONFIG = "this is a harness-router 0.2 config (services:/model_priority:); "
            + "0.3+ uses models: and priority:. Rewrite it as shown in docs/configuration.md";
    static final String HINT = "See docs/configuration.md for every key, with complete examples.";

    private static final List<String> V02_KEYS = List.of("services", "overrides", "model_priority");

    private ConfigLoader() {
    }

    /**
     * Loads {@code file}.
     *
     * @param env the environment {@code ${VAR}} references are read from (usually {@code System.getenv()})
     * @return the validated config; its {@link Config#warnings()} list what was ignored
     * @throws ConfigException when the file is unreadable, not YAML, or invalid; a
     *                         {@link ConfigMissingException} when there is none
     */
    public static Config load(Path file, Map<String, String> env) {
        return parse(file, read(file), env);
    }

    /**
     * Validates config text as if read from {@code source}, which is only used in messages.
     *
     * @throws ConfigException with every problem found
     */
    public static Config parse(Path source, String text, Map<String, String> env) {
        Problems problems = new Problems(source);
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        YamlTreeReader.Result tree = YamlTreeReader.read(body, problems);
        if (tree.syntaxError().isPresent()) {
            throw new ConfigException(source, List.of(tree.syntaxError().get()), YamlTreeReader.SYNTAX_HINT);
        }
        if (tree.root().isEmpty()) {
            throw single(source, 0, "models",
                    "the file is empty; a config needs priority: and models: (see docs/configuration.md)");
        }
        if (!(tree.root().get() instanceof YamlNode.MapNode root)) {
            throw single(source, tree.root().get().line(), "",
                    "the top level must be a map with priority: and models: keys");
        }
        rejectV02(source, root);
        Optional<Config> config = new ConfigValidator(source, problems, new Interpolator(env)).validate(root);
        if (config.isEmpty() || problems.hasErrors()) {
            throw new ConfigException(source, problems.errors(), problems.warnings(), HINT);
        }
        return config.get();
    }

    private static void rejectV02(Path source, YamlNode.MapNode root) {
        if (root.has("models")) {
            return;
        }
        for (YamlNode.Entry e : root.entries().values()) {
            if (V02_KEYS.contains(e.key())) {
                throw single(source, e.line(), e.key(), V02_CONFIG);
            }
        }
    }

    private static String read(Path file) {
        try {
            if (Files.isDirectory(file)) {
                throw single(file, 0, "", "this is a directory; pass the path of the YAML file itself with --config <path>");
            }
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigMissingException(file);
        } catch (AccessDeniedException e) {
            throw single(file, 0, "", "cannot read this file: permission denied. Make it readable by this user "
                    + "(chmod u+r) or pass --config <path>");
        } catch (CharacterCodingException e) {
            throw single(file, 0, "", "cannot read this file: it is not UTF-8 text. Save it as UTF-8");
        } catch (IOException e) {
            throw single(file, 0, "", "cannot read this file: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        }
    }

    private static ConfigException single(Path file, int line, String path, String message) {
        return new ConfigException(file, List.of(new ConfigProblem(file, line, path, message)), "");
    }
}
