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
import io.harnessrouter.host.plugins.PluginWatch;
import io.harnessrouter.host.routing.FanoutOutcome;
import io.harnessrouter.host.routing.RouteOutcome;
import io.harnessrouter.host.routing.RouteRequest;
import io.harnessrouter.host.routing.Router;
import io.harnessrouter.host.routing.RoutingTable;
import io.harnessrouter.host.state.MemoryStateStore;
import io.harnessrouter.host.state.ChildProcessLedger;
import io.harnessrouter.host.state.DecisionRecord;
import io.harnessrouter.host.state.SqliteStateStore;
import io.harnessrouter.host.state.StatePaths;
import io.harnessrouter.host.state.StateStore;
import io.harnessrouter.host.status.Blockers;
import io.harnessrouter.host.status.ConfigStatus;
import io.harnessrouter.host.status.StatusReport;
import io.harnessrouter.host.telemetry.Telemetry;
import io.harnessrouter.host.telemetry.TelemetrySettings;
import java.nio.file.Path;
import java.time.Duration;
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
    /** The registry in use; replaced when the user plugins directory or the plugin state file changes. */
    private volatile Plugins plugins;
    /** Registries replaced by a reload: dispatches may still run on their harnesses, so closed at exit. */
    private final List<HarnessRegistry> retired = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Object telemetryLock = new Object();
    private volatile Telemetry telemetry;

    private record Loaded(StateStore store, Optional<String> storeProblem,
            ConfigReloader reloader, DefaultHarnessContext context, PluginDirs dirs, PluginWatch watch) {
    }

    private record Plugins(long generation, HarnessRegistry registry) {
    }

    private record Active(long generation, long pluginGeneration, Config config, RoutingTable table, Router router) {
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
        if (TelemetrySettings.fromEnv(options.env()).enabled()) {
            // The SDK starts beside the plugin load, so the first call waits for the longer of the two.
            Thread otel = new Thread(this::telemetry, "harness-router-telemetry");
            otel.setDaemon(true);
            otel.start();
        }
        return loaded.thenApply(l -> null);
    }

    private Loaded load() {
        PluginDirs dirs = PluginDirs.resolve(options.pluginsDirFlag(), options.env(), options.home());
        PluginWatch watch = new PluginWatch(dirs, options.clock(), PluginWatch.DEFAULT_INTERVAL);
        plugins = new Plugins(0, HarnessRegistry.load(dirs, systemVersion(options.version())));
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
        return new Loaded(store, storeProblem, reloader, context, dirs, watch);
    }

    /**
     * The registry to route with: reloaded first when {@code plugins install/remove/enable/disable}
     * changed the user plugins directory or the state file since the last look (checked at most
     * once per {@link PluginWatch#DEFAULT_INTERVAL}), so a running server serves a new plugin on
     * its next request and stops serving a removed one, without a restart.
     */
    private Plugins plugins(Loaded l) {
        if (l.watch().changed()) {
            synchronized (rebuildLock) {
                Plugins old = plugins;
                HarnessRegistry fresh = HarnessRegistry.load(l.dirs(), systemVersion(options.version()));
                plugins = new Plugins(old.generation() + 1, fresh);
                retired.add(old.registry());
                LOG.info("plugins changed in {}: reloaded, {} harness(es)", l.dirs().user(), fresh.harnesses().size());
            }
        }
        return plugins;
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
        return activate(l, l.reloader().current(), plugins(l)).router();
    }

    /**
     * The router for this config snapshot, built when the snapshot is newer than the one in use.
     * A caller holding an older snapshot than another thread's gets the newer router, never a
     * rebuild back to the old config.
     */
    private Active activate(Loaded l, ConfigReloader.Snapshot snap, Plugins p) {
        if (snap.config().isEmpty()) {
            throw new RoutingUnavailableException(snap.error().map(Throwable::getMessage)
                    .orElse("no configuration loaded from " + configPath));
        }
        Active a = active;
        if (a != null && a.generation() >= snap.generation() && a.pluginGeneration() >= p.generation()) {
            return a;
        }
        synchronized (rebuildLock) {
            a = active;
            if (a == null || a.generation() < snap.generation() || a.pluginGeneration() < p.generation()) {
                boolean newerConfigInUse = a != null && a.generation() > snap.generation();
                Config config = newerConfigInUse ? a.config() : snap.config().get();
                long generation = newerConfigInUse ? a.generation() : snap.generation();
                Plugins current = plugins; // never an older registry than another thread already built with
                RoutingTable table = RoutingTables.build(config, current.registry(), l.context());
                Router router = new Router(table, l.store(), config.routing(), options.clock(), fanoutPool);
                a = new Active(generation, current.generation(), config, table, router);
                active = a;
                LOG.info("routing {} route(s) from {}", table.entries().size(), config.source());
            }
            return a;
        }
    }

    /** Started on first use from the OTEL_* variables of {@code options.env()}; see docs/telemetry.md. */
    @Override
    public Telemetry telemetry() {
        Telemetry t = telemetry;
        if (t == null) {
            synchronized (telemetryLock) {
                t = telemetry;
                if (t == null) {
                    t = Telemetry.start(options.env(), options.version());
                    telemetry = t;
                }
            }
        }
        return t;
    }

    @Override
    public StatusReport status() throws InterruptedException {
        Loaded l = awaitLoaded();
        Plugins p = plugins(l);
        List<PluginProblem> problems = p.registry().problems();
        ConfigReloader.Snapshot snap = l.reloader().current();
        if (snap.config().isEmpty()) {
            return StatusReport.unconfigured(options.clock().instant(), ConfigStatus.notLoaded(configPath, snap.error()),
                    problems, l.storeProblem());
        }
        Active a = activate(l, snap, p);
        ConfigStatus config = snap.error()
                .map(e -> ConfigStatus.stale(configPath, e, a.config().warnings()))
                .orElseGet(() -> ConfigStatus.loaded(configPath, a.config().warnings()));
        var next = a.router().plan(RouteRequest.of("status", "")).stream().findFirst();
        return StatusReport.build(a.table(), l.store(), options.clock().instant(), a.config().routing().rateLimitCooldown(),
                config, Blockers.of(a.config(), p.registry()), next, problems, l.storeProblem(), a.config().routing(),
                a.router().headroom());
    }

    @Override
    public void recordDecision(String origin, RouteRequest request, RouteOutcome outcome, Duration took) {
        record(DecisionRecords.single(origin, request, outcome, options.clock().instant(), took));
    }

    @Override
    public void recordDecision(String origin, RouteRequest request, FanoutOutcome outcome, Duration took) {
        record(DecisionRecords.fanout(origin, request, outcome, options.clock().instant(), took));
    }

    /** Writes a decision; a failing or not yet open store is logged, never thrown (routing is done). */
    private void record(DecisionRecord decision) {
        Loaded l = loaded.getNow(null);
        if (l == null) {
            return;
        }
        try {
            l.store().recordDecision(decision);
        } catch (RuntimeException e) {
            LOG.warn("could not record the decision of request {}: {}", decision.requestId(), e.getMessage());
        }
    }

    /** Kills every child process, closes the state database and unloads plugins. Idempotent. */
    @Override
    public void close() {
        processRunner.close();
        Telemetry t = telemetry;
        if (t != null) {
            t.close();
        }
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
            List<HarnessRegistry> registries = new java.util.ArrayList<>(retired);
            Plugins p = plugins;
            if (p != null) {
                registries.add(p.registry());
            }
            for (HarnessRegistry registry : registries) {
                try {
                    registry.close();
                } catch (RuntimeException e) {
                    LOG.debug("unloading plugins", e);
                }
            }
        }
    }
}
