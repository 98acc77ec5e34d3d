package io.harnessrouter.host.doctor;

import io.harnessrouter.api.Harness;
import io.harnessrouter.api.HarnessContext;
import io.harnessrouter.api.support.DefaultProcessRunner;
import io.harnessrouter.host.config.Config;
import io.harnessrouter.host.config.ConfigException;
import io.harnessrouter.host.config.ConfigLoader;
import io.harnessrouter.host.config.ConfigPaths;
import io.harnessrouter.host.plugins.DefaultHarnessContext;
import io.harnessrouter.host.plugins.HarnessInfo;
import io.harnessrouter.host.plugins.HarnessRegistry;
import io.harnessrouter.host.plugins.PluginDirs;
import io.harnessrouter.host.runtime.RouterRuntime;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * What {@code doctor} loaded, exactly as the server loads it: the harness registry from the same
 * plugin directories (checked against the same system version), and the config from the same
 * path. A config that is missing or invalid is kept as its error, not thrown. Owns the process
 * runner every check and probe runs its children with.
 *
 * <p>Not thread-safe to {@link #close}; the getters may be read from any thread.
 */
public final class DoctorSession implements AutoCloseable {

    private final DoctorOptions options;
    private final List<Path> pluginDirs;
    private final HarnessRegistry registry;
    private final DefaultProcessRunner processRunner;
    private final DefaultHarnessContext context;
    private final Path configPath;
    private final Optional<Config> config;
    private final Optional<String> configError;

    private DoctorSession(DoctorOptions options, List<Path> pluginDirs, HarnessRegistry registry, Path configPath,
            Optional<Config> config, Optional<String> configError) {
        this.options = options;
        this.pluginDirs = pluginDirs;
        this.registry = registry;
        this.processRunner = new DefaultProcessRunner(options.env());
        this.context = new DefaultHarnessContext(processRunner, Clock.systemDefaultZone(), options.env());
        this.configPath = configPath;
        this.config = config;
        this.configError = configError;
    }

    /** Loads the plugins and the config. Never throws for a plugin's or the config's fault. */
    public static DoctorSession open(DoctorOptions options) {
        PluginDirs pluginDirs = PluginDirs.resolve(options.pluginsDirFlag(), options.env(), options.home());
        List<Path> dirs = pluginDirs.searchOrder();
        HarnessRegistry registry = HarnessRegistry.load(pluginDirs, RouterRuntime.systemVersion(options.version()));
        Path path = ConfigPaths.resolve(options.configFlag(), options.env(), options.home()).toAbsolutePath().normalize();
        Optional<Config> config = Optional.empty();
        Optional<String> error = Optional.empty();
        try {
            config = Optional.of(ConfigLoader.load(path, options.env()));
        } catch (ConfigException e) {
            error = Optional.of(e.getMessage());
        } catch (RuntimeException e) {
            error = Optional.of("Config " + path + " could not be read: " + e);
        }
        return new DoctorSession(options, dirs, registry, path, config, error);
    }

    public DoctorOptions options() {
        return options;
    }

    /** The plugin directories searched, user directory first. */
    public List<Path> pluginDirs() {
        return pluginDirs;
    }

    public HarnessRegistry registry() {
        return registry;
    }

    /** The context checks and dispatchers get: the environment of {@link DoctorOptions#env()}. */
    public HarnessContext context() {
        return context;
    }

    /** The config file looked at, absolute. */
    public Path configPath() {
        return configPath;
    }

    /** The loaded config, empty when it is missing or invalid ({@link #configError()} says why). */
    public Optional<Config> config() {
        return config;
    }

    /** The config loader's message (every problem, as {@code file:line: path: message}), when it failed. */
    public Optional<String> configError() {
        return configError;
    }

    /** The canonical id of the {@code --harness} asked for, when one was and the registry knows it. */
    public Optional<String> harnessFilter() {
        return options.harness().flatMap(registry::find).map(Harness::id);
    }

    /** True when {@code --harness} names no harness the registry serves (by id or alias). */
    public boolean unknownHarness() {
        return options.harness().isPresent() && harnessFilter().isEmpty();
    }

    /** Every harness id served, in registry order, for the unknown-harness message. */
    public List<String> harnessIds() {
        return registry.harnesses().stream().map(HarnessInfo::id).toList();
    }

    /** Kills any child process still running and unloads the plugins. Idempotent. */
    @Override
    public void close() {
        processRunner.close();
        registry.close();
    }
}
