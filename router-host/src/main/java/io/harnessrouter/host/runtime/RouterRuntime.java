package io.harnessrouter.host.runtime;

import io.harnessrouter.api.support.DefaultProcessRunner;
import io.harnessrouter.host.config.Config;
import io.harnessrouter.host.config.ConfigPaths;
import io.harnessrouter.host.config.ConfigReloader;
import io.harnessrouter.host.mcp.RoutingService;
import io.harnessrouter.host.plugins.DefaultHarnessContext;
import io.harnessrouter.host.plugins.HarnessRegistry;
import io.harnessrouter.host.plugins.PluginDirs;
import io.harnessrouter.host.plugins.PluginProblem;
import io.harnessrouter.host.routing.RouteRequest;
import io.harnessrouter.host.routing.Router;
import io.harnessrouter.host.routing.RoutingTable;
import io.harnessrouter.host.state.MemoryStateStore;
import io.harnessrouter.host.state.ChildProcessLedger;
import io.harnessrouter.host.state.SqliteStateStore;
import io.harnessrouter.host.state.StatePaths;
import io.harnessrouter.host.state.StateStore;
import io.harnessrouter.host.status.Blockers;
import io.harnessrouter.host.status.ConfigStatus;
import io.harnessrouter.host.status.StatusReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running application behind both front doors: plugins, shared state and the configuration,
 * loaded once in the background, and a {@link Router} rebuilt whenever the config file changes
 * (a broken change keeps the last good router and is reported in the status).
 *
 * <p>Thread-safety: all public methods are safe to call concurrently.
 */
public final class RouterRuntime implements RoutingService, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RouterRuntime.class);

    private final RuntimeOptions options;
    private final Path configPath;
    private final DefaultProcessRunner processRunner;
    /** Records every CLI this process starts in the state file once it is open (see ChildProcessLedger). */
    private final LateChildListener children = new LateChildListener();
    private volatile Thread reaper;
    private final ExecutorService fanoutPool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fanout");
        t.setDaemon(true);
        return t;
    });
    private final CompletableFuture<Loaded> loaded = new CompletableFuture<>();
    private final Object rebuildLock = new Object();
    private volatile Active active;

    private record Loaded(HarnessRegistry registry, StateStore store, Optional<String> storeProblem,
            ConfigReloader reloader, DefaultHarnessContext context) {
    }

    private record Active(long generation, Config config, RoutingTable table, Router router) {
    }

    public RouterRuntime(RuntimeOptions options) {
        this.options = options;
        this.processRunner = new DefaultProcessRunner(options.env(), children);
        this.configPath = ConfigPaths.resolve(options.configFlag(), options.env(), options.home())
                .toAbsolutePath().normalize();
    }

    /**
     * The version plugins' {@code Plugin-Requires} is checked against: the release part of this
     * build's version ({@code 0.1.0-SNAPSHOT} → {@code 0.1.0}, since semver ranks a pre-release
     * below its release); {@code 0.0.0} (PF4J: check nothing) for a build without a version.
     */
    public static String systemVersion(String version) {
        String release = version.replaceFirst("[-+].*$", "");
        return release.matches("\\d+\\.\\d+\\.\\d+") ? release : "0.0.0";
    }

    /** The config file this runtime reads. */
    public Path configPath() {
        return configPath;
    }

    /** Starts loading plugins, state and config on a background thread. */
    public CompletableFuture<Void> start() {
        Thread t = new Thread(() -> {
            try {
                loaded.complete(load());
            } catch (Throwable e) {
                loaded.completeExceptionally(e);
            }
        }, "harness-router-load");
        t.setDaemon(true);
        t.start();
        return loaded.thenApply(l -> null);
    }

    private Loaded load() {
        List<Path> dirs = PluginDirs.resolve(options.pluginsDirFlag(), options.env(), options.home()).searchOrder();
        HarnessRegistry registry = HarnessRegistry.load(dirs, systemVersion(options.version()));
        StateStore store;
        Optional<String> storeProblem = Optional.empty();
        try {
            store = SqliteStateStore.open(StatePaths.resolve(options.stateDbFlag(), options.env(), options.home()));
        } catch (RuntimeException e) {
            // Routing matters more than sharing: go on with state that lives and dies with this process.
            store = new MemoryStateStore();
            storeProblem = Optional.of(e.getMessage() + " — routing with in-memory state: counters, breakers and"
                    + " quota are not shared with other harness-router processes and are lost at exit");
            LOG.error("{}", storeProblem.get());
        }
        ChildProcessLedger ledger = new ChildProcessLedger(store);
        children.attach(ledger);
        // CLIs of a server that was SIGKILLed (no watchdog left either) are reaped here, off the
        // initialize path, and every few seconds after.
        reaper = ledger.reapOrphansInBackground();
        ConfigReloader reloader = new ConfigReloader(configPath, options.env(), options.clock());
        DefaultHarnessContext context = new DefaultHarnessContext(processRunner, options.clock(), options.env());
        return new Loaded(registry, store, storeProblem, reloader, context);
    }

    private Loaded awaitLoaded() throws InterruptedException {
        try {
            return loaded.get();
        } catch (ExecutionException e) {
            throw new RoutingUnavailableException("harness-router failed to start: " + e.getCause());
        }
    }

    @Override
    public Router router() throws InterruptedException {
        Loaded l = awaitLoaded();
        return activate(l, l.reloader().current()).router();
    }

    /**
     * The router for this config snapshot, built when the snapshot is newer than the one in use.
     * A caller holding an older snapshot than another thread's gets the newer router, never a
     * rebuild back to the old config.
     */
    private Active activate(Loaded l, ConfigReloader.Snapshot snap) {
        if (snap.config().isEmpty()) {
            throw new RoutingUnavailableException(snap.error().map(Throwable::getMessage)
                    .orElse("no configuration loaded from " + configPath));
        }
        Active a = active;
        if (a != null && a.generation() >= snap.generation()) {
            return a;
        }
        synchronized (rebuildLock) {
            a = active;
            if (a == null || a.generation() < snap.generation()) {
                Config config = snap.config().get();
                RoutingTable table = RoutingTables.build(config, l.registry(), l.context());
                Router router = new Router(table, l.store(), config.routing(), options.clock(), fanoutPool);
                a = new Active(snap.generation(), config, table, router);
                active = a;
                LOG.info("routing {} route(s) from {}", table.entries().size(), config.source());
            }
            return a;
        }
    }

    @Override
    public StatusReport status() throws InterruptedException {
        Loaded l = awaitLoaded();
        List<PluginProblem> plugins = l.registry().problems();
        ConfigReloader.Snapshot snap = l.reloader().current();
        if (snap.config().isEmpty()) {
            return StatusReport.unconfigured(options.clock().instant(), ConfigStatus.notLoaded(configPath, snap.error()),
                    plugins, l.storeProblem());
        }
        Active a = activate(l, snap);
        ConfigStatus config = snap.error()
                .map(e -> ConfigStatus.stale(configPath, e, a.config().warnings()))
                .orElseGet(() -> ConfigStatus.loaded(configPath, a.config().warnings()));
        var next = a.router().plan(RouteRequest.of("status", "")).stream().findFirst();
        return StatusReport.build(a.table(), l.store(), options.clock().instant(), a.config().routing().rateLimitCooldown(),
                config, Blockers.of(a.config(), l.registry()), next, plugins, l.storeProblem(), a.config().routing(),
                a.router().headroom());
    }

    /** Kills every child process, closes the state database and unloads plugins. Idempotent. */
    @Override
    public void close() {
        processRunner.close();
        fanoutPool.shutdownNow();
        Thread r = reaper;
        if (r != null) {
            r.interrupt();
        }
        Loaded l = loaded.getNow(null);
        if (l != null) {
            children.attach(io.harnessrouter.api.support.ChildProcessListener.NONE);
            l.store().close();
            ExitLatency.stopHttpSelectors();
            try {
                l.registry().close();
            } catch (RuntimeException e) {
                LOG.debug("unloading plugins", e);
            }
        }
    }
}
