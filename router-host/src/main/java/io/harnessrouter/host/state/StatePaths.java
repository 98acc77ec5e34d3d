package io.harnessrouter.host.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides where the state database lives: the {@code --state-db} flag, else
 * {@code $HARNESS_ROUTER_STATE_DB}, else {@code ~/.harness-router/state.db} (the npm tool's
 * location, so its users keep their counters). Stateless and thread-safe.
 */
public final class StatePaths {

    /** The environment variable that overrides the default location. */
    public static final String ENV_VAR = "HARNESS_ROUTER_STATE_DB";

    private StatePaths() {
    }

    /**
     * Resolves the state file and creates its parent directories. A leading {@code ~/} in the
     * environment variable is expanded against {@code home}.
     *
     * @param flag the {@code --state-db} option, when given
     * @param env  the process environment
     * @param home the user's home directory
     * @return the absolute, normalized path the caller passes to {@link SqliteStateStore#open}
     * @throws StateException when the path is invalid or its directory cannot be created
     */
    public static Path resolve(Optional<Path> flag, Map<String, String> env, Path home) {
        Objects.requireNonNull(flag, "flag");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(home, "home");
        Path file = flag.orElseGet(() -> fromEnv(env.get(ENV_VAR), home)
                .orElseGet(() -> home.resolve(".harness-router").resolve("state.db")));
        file = file.toAbsolutePath().normalize();
        createParent(file);
        return file;
    }

    private static Optional<Path> fromEnv(String value, Path home) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        try {
            if (v.equals("~")) {
                return Optional.of(home);
            }
            return Optional.of(v.startsWith("~/") ? home.resolve(v.substring(2)) : Path.of(v));
        } catch (InvalidPathException e) {
            throw new StateException(ENV_VAR + "=" + v + " is not a valid path (" + e.getReason()
                    + "). Set it to a file path such as ~/.harness-router/state.db, or unset it.", e);
        }
    }

    static void createParent(Path file) {
        Path dir = file.getParent();
        if (dir == null) {
            return;
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StateException("Cannot create the directory " + dir + " for the state database "
                    + file + " (" + e + "). Create it by hand, or set " + ENV_VAR
                    + " (or --state-db) to a writable location.", e);
        }
    }
}
