package io.harnessrouter.host.dashboard;

import io.harnessrouter.api.support.DefaultProcessRunner;
import io.harnessrouter.host.config.Config;
import io.harnessrouter.host.config.ConfigPaths;
import io.harnessrouter.host.config.ConfigReloader;
import io.harnessrouter.host.plugins.DefaultHarnessContext;
import io.harnessrouter.host.plugins.HarnessRegistry;
import io.harnessrouter.host.plugins.PluginDirs;
import io.harnessrouter.host.routing.RouteRequest;
import io.harnessrouter.host.routing.Router;
import io.harnessrouter.host.routing.RoutingTable;
import io.harnessrouter.host.runtime.RouterRuntime;
import io.harnessrouter.host.runtime.RoutingTables;
import io.harnessrouter.host.runtime.RuntimeOptions;
import io.harnessrouter.host.state.AttemptRecord;
import io.harnessrouter.host.state.MemoryStateStore;
import io.harnessrouter.host.state.SqliteStateStore;
import io.harnessrouter.host.state.StatePaths;
import io.harnessrouter.host.state.StateStore;
import io.harnessrouter.host.status.Blockers;
import io.harnessrouter.host.status.ConfigStatus;
import io.harnessrouter.host.status.StatusReport;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What the dashboard reads, loaded as the server loads it: the same plugins, the same config file
 * (reloaded when it changes) and the same shared state file. Each {@link #frame()} is one read of
 * the state, through a {@link Router} built on the config exactly as a server builds it, so
 * availability, quota headroom and "next pick" are the server's own answers.
 *
 * <p>Never dispatches: the router is only asked to {@link Router#plan plan} and for its
 * {@link Router#headroom headroom}, and its fanout pool never gets a task. It writes nothing to
 * the state file either (opening it creates the file and its tables when no server ever ran).
 * Not thread-safe: one caller draws frames.
 */
public final class DashboardSource implements AutoCloseable {

    private final RuntimeOptions options;
    private final Path configPath;
    private final Path statePath;
    private final HarnessRegistry registry;
    private final DefaultProcessRunner processRunner;
    private final DefaultHarnessContext context;
    private final StateStore store;
    private final Optional<String> storeProblem;
    private final ConfigReloader reloader;
    private final ExecutorService unusedFanoutPool = Executors.newCachedThreadPool();
    private long generation = -1;
    private RoutingTable table;
    private Router router;

    private DashboardSource(RuntimeOptions options, Path configPath, Path statePath, HarnessRegistry registry,
            StateStore store, Optional<String> storeProblem) {
        this.options = options;
        this.configPath = configPath;
        this.statePath = statePath;
        this.registry = registry;
        this.processRunner = new DefaultProcessRunner(options.env());
        this.context = new DefaultHarnessContext(processRunner, options.clock(), options.env());
        this.store = store;
        this.storeProblem = storeProblem;
        this.reloader = new ConfigReloader(configPath, options.env(), options.clock());
    }

    /** Loads plugins, opens the state file and reads the config. Never throws for their faults. */
    public static DashboardSource open(RuntimeOptions options) {
        Path config = ConfigPaths.resolve(options.configFlag(), options.env(), options.home()).toAbsolutePath()
                .normalize();
        // As the server loads them: the same directories, leaving out the plugins `plugins disable` switched off.
        HarnessRegistry registry = HarnessRegistry.load(
                PluginDirs.resolve(options.pluginsDirFlag(), options.env(), options.home()),
                RouterRuntime.systemVersion(options.version()));
        Path state = StatePaths.resolve(options.stateDbFlag(), options.env(), options.home());
        StateStore store;
        Optional<String> problem = Optional.empty();
        try {
            store = SqliteStateStore.open(state);
        } catch (RuntimeException e) {
            store = new MemoryStateStore();
            problem = Optional.of(e.getMessage() + " — the dashboard shows no shared state");
        }
        return new DashboardSource(options, config, state, registry, store, problem);
    }

    /** The shared state file read, as resolved from {@code --state-db}, the environment or the default. */
    public Path statePath() {
        return statePath;
    }

    /** The state as every process sees it now. */
    public DashboardFrame frame() {
        var now = options.clock().instant();
        ConfigReloader.Snapshot snap = reloader.current();
        if (snap.config().isEmpty()) {
            StatusReport report = StatusReport.unconfigured(now, ConfigStatus.notLoaded(configPath, snap.error()),
                    registry.problems(), storeProblem);
            return new DashboardFrame(report, statePath, Map.of());
        }
        Config config = snap.config().get();
        if (snap.generation() != generation) {
            table = RoutingTables.build(config, registry, context);
            router = new Router(table, store, config.routing(), options.clock(), unusedFanoutPool);
            generation = snap.generation();
        }
        ConfigStatus status = snap.error()
                .map(e -> ConfigStatus.stale(configPath, e, config.warnings()))
                .orElseGet(() -> ConfigStatus.loaded(configPath, config.warnings()));
        var next = router.plan(RouteRequest.of("dashboard", "")).stream().findFirst();
        StatusReport report = StatusReport.build(table, store, now, config.routing().rateLimitCooldown(), status,
                Blockers.of(config, registry), next, registry.problems(), storeProblem, config.routing(),
                router.headroom());
        return new DashboardFrame(report, statePath, lastAttempts());
    }

    /** The newest attempt of each route in the shared history. */
    private Map<String, AttemptRecord> lastAttempts() {
        Map<String, AttemptRecord> last = new HashMap<>();
        for (AttemptRecord a : store.recentAttempts(StateStore.HISTORY_LIMIT)) {
            last.putIfAbsent(a.routeId(), a);
        }
        return last;
    }

    @Override
    public void close() {
        unusedFanoutPool.shutdownNow();
        processRunner.close();
        store.close();
        registry.close();
    }
}
