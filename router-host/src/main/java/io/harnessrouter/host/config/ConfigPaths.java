package io.harnessrouter.host.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the config file is: {@code --config <path>}, else {@code $HARNESS_ROUTER_CONFIG}, else
 * {@code <home>/.harness-router/config.yaml} (the npm tool's order). No file is read here and none
 * has to exist. A leading {@code ~/} is expanded to {@code home}, since MCP hosts pass the
 * environment without a shell. Stateless and thread-safe.
 */
public final class ConfigPaths {
    /** The environment variable naming the config file. */
    public static final String ENV_VAR = "HARNESS_ROUTER_CONFIG";

    private ConfigPaths() {
    }

    /**
     * The config path to use.
     *
     * @param flag the {@code --config} option, when given
     * @param env  the process environment; an empty {@value #ENV_VAR} counts as unset
     * @param home the user's home directory
     */
    public static Path resolve(Optional<Path> flag, Map<String, String> env, Path home) {
        if (flag.isPresent()) {
            return expandHome(flag.get().toString(), home);
        }
        String fromEnv = env.get(ENV_VAR);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return expandHome(fromEnv.strip(), home);
        }
        return defaultPath(home);
    }

    /** {@code <home>/.harness-router/config.yaml}. */
    public static Path defaultPath(Path home) {
        return home.resolve(".harness-router").resolve("config.yaml");
    }

    private static Path expandHome(String path, Path home) {
        if (path.equals("~")) {
            return home;
        }
        if (path.startsWith("~/")) {
            return home.resolve(path.substring(2));
        }
        return Path.of(path);
    }
}
