package io.harnessrouter.host.plugins;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The two directories plugin JARs are loaded from, in search order.
 *
 * <ul>
 *   <li><b>User dir</b>: {@code --plugins-dir} if given, else {@code $HARNESS_ROUTER_PLUGINS_DIR},
 *       else {@code ~/.harness-router/plugins}. Where users drop third-party plugins and newer
 *       builds of bundled ones.</li>
 *   <li><b>Bundled dir</b>: {@code <home>/plugins}, where {@code <home>} is the system property
 *       {@code harness-router.home} (the launcher sets it to the distribution it runs from), else
 *       {@code $HARNESS_ROUTER_HOME} (for runs without the launcher, such as {@code java -jar}).
 *       The launcher's property wins because it names the directory whose JARs are actually
 *       running, and bundled plugins are built for exactly that host version. Absent when neither
 *       is set.</li>
 * </ul>
 *
 * <p>Precedence: the user dir is searched <em>first</em>. A plugin in the user dir with the same
 * {@code Plugin-Id} as a bundled one shadows it (the bundled copy is not loaded), and among
 * harnesses with the same id the first loaded wins, so a user can upgrade a bundled harness by
 * dropping a JAR into the user dir. Neither directory is created here; a missing one is skipped.
 *
 * <p>Immutable and thread-safe.
 *
 * @param user    the user plugins directory (absolute, may not exist)
 * @param bundled the distribution's plugins directory (absolute, may not exist)
 */
public record PluginDirs(Path user, Optional<Path> bundled) {

    /** System property the launcher sets to the distribution directory. */
    public static final String HOME_PROPERTY = "harness-router.home";
    /** Environment variable naming the distribution directory when there is no launcher. */
    public static final String HOME_ENV = "HARNESS_ROUTER_HOME";
    /** Environment variable naming the user plugins directory. */
    public static final String PLUGINS_DIR_ENV = "HARNESS_ROUTER_PLUGINS_DIR";

    public PluginDirs {
        Objects.requireNonNull(user, "user");
        bundled = bundled == null ? Optional.empty() : bundled;
    }

    /**
     * Resolves both directories, reading the launcher's {@code harness-router.home} property.
     *
     * @param flag the {@code --plugins-dir} option, if given
     * @param env  the process environment ({@code System.getenv()})
     * @param home the user's home directory ({@code user.home})
     */
    public static PluginDirs resolve(Optional<Path> flag, Map<String, String> env, Path home) {
        return resolve(flag, env, home, Optional.ofNullable(System.getProperty(HOME_PROPERTY)));
    }

    /** As {@link #resolve(Optional, Map, Path)}, with the {@code harness-router.home} value given. */
    static PluginDirs resolve(
            Optional<Path> flag, Map<String, String> env, Path home, Optional<String> homeProperty) {
        Path user = flag.map(p -> expand(p.toString(), home))
                .or(() -> nonBlank(env.get(PLUGINS_DIR_ENV)).map(v -> expand(v, home)))
                .orElseGet(() -> home.resolve(".harness-router").resolve("plugins"));
        Optional<Path> bundled = nonBlank(homeProperty.orElse(null))
                .or(() -> nonBlank(env.get(HOME_ENV)))
                .map(v -> expand(v, home).resolve("plugins"));
        return new PluginDirs(absolute(user), bundled.map(PluginDirs::absolute));
    }

    /** The directories to load from, user dir first; the bundled dir is left out if it is the same. */
    public List<Path> searchOrder() {
        List<Path> order = new ArrayList<>(2);
        order.add(user);
        bundled.filter(b -> !b.equals(user)).ifPresent(order::add);
        return List.copyOf(order);
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static Path expand(String value, Path home) {
        if (value.equals("~")) {
            return home;
        }
        if (value.startsWith("~/")) {
            return home.resolve(value.substring(2));
        }
        return Path.of(value);
    }

    private static Path absolute(Path path) {
        return path.toAbsolutePath().normalize();
    }
}
