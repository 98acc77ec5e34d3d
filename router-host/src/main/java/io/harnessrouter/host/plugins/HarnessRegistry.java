package io.harnessrouter.host.plugins;

import io.harnessrouter.api.Harness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every harness the router can dispatch to, found in two places:
 * <ol>
 *   <li><b>Built-ins</b> on the host's class path, through {@link ServiceLoader} and
 *       {@code META-INF/services/io.harnessrouter.api.Harness};</li>
 *   <li><b>Plugins</b>: PF4J plugin JARs in the given directories (see {@link PluginDirs} for the
 *       order), whose {@code @Extension} implementations of {@link Harness} are listed in
 *       {@code META-INF/extensions.idx}.</li>
 * </ol>
 *
 * <p>Precedence: a plugin harness with the same id as a built-in <em>replaces</em> the built-in,
 * so users can upgrade a bundled harness by dropping a JAR in; {@link #notices()} and
 * {@link HarnessInfo#replaced()} say which. Between plugins the first loaded wins (user dir before
 * bundled dir, then file name order) and the later one is a {@link #problems() problem}.
 *
 * <p>Fault isolation: a plugin that cannot be used (unreadable JAR, no descriptor, bundled SPI
 * classes, unmet {@code Plugin-Requires} or {@code Plugin-Dependencies}, a throwing
 * {@code start()} or extension constructor, no harness at all) is reported with what to do and the
 * rest keep serving. Loading never throws for plugin faults.
 *
 * <p>Thread-safety: after {@link #load} the registry is immutable; {@link #find},
 * {@link #harnesses}, {@link #problems} and {@link #notices} may be called from any thread.
 * {@link #close} unloads the plugins (closing their class loaders): do not use harnesses from it
 * afterwards.
 */
public final class HarnessRegistry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HarnessRegistry.class);
    private static final int MAX_BUILTIN_ERRORS = 16;

    private final Map<String, Harness> byId;
    private final Map<String, Harness> byAlias;
    private final List<HarnessInfo> infos;
    private final List<PluginProblem> problems;
    private final List<String> notices;
    private final List<PluginStatus> plugins;
    private IsolatingPluginManager manager; // null when no plugin JAR was found, or after close

    private HarnessRegistry(HarnessTable.Frozen table, List<PluginProblem> problems, List<String> notices,
            List<PluginStatus> plugins, IsolatingPluginManager manager) {
        this.plugins = List.copyOf(plugins);
        this.byId = table.byId();
        this.byAlias = table.byAlias();
        this.infos = table.infos();
        this.problems = List.copyOf(problems);
        this.notices = List.copyOf(notices);
        this.manager = manager;
    }

    /**
     * Finds the built-in harnesses and loads the plugins.
     *
     * @param pluginDirs    plugin directories in search order ({@link PluginDirs#searchOrder()});
     *                      missing ones are skipped and never created
     * @param systemVersion this host's release version, checked against each plugin's
     *                      {@code Plugin-Requires}; pass the release form ({@code 0.1.0}): a
     *                      pre-release such as {@code 0.1.0-SNAPSHOT} sorts below {@code 0.1.0}
     *                      and would fail {@code >=0.1.0}
     */
    public static HarnessRegistry load(List<Path> pluginDirs, String systemVersion) {
        return load(pluginDirs, systemVersion, Set.of(), PluginCalls.DEFAULT_LIMIT);
    }

    /**
     * As {@link #load(List, String)} for the directories {@code dirs} names, leaving out the plugins
     * {@code plugins disable} switched off (the {@link PluginStateFile} beside the user directory).
     */
    public static HarnessRegistry load(PluginDirs dirs, String systemVersion) {
        return load(dirs.searchOrder(), systemVersion, PluginStateFile.of(dirs).disabled(), PluginCalls.DEFAULT_LIMIT);
    }

    /**
     * The full form.
     *
     * @param pluginDirs the directories in search order; the first is the user directory
     * @param disabled   plugin ids not to load (listed as {@link PluginStatus.State#DISABLED})
     * @param limit      how long any one call into plugin code at load time or through a harness's
     *                   factories may take before the plugin is marked failed
     */
    public static HarnessRegistry load(List<Path> pluginDirs, String systemVersion, Set<String> disabled,
            Duration limit) {
        long started = System.nanoTime();
        List<PluginProblem> problems = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        Optional<Path> userDir = pluginDirs.stream().findFirst();
        HarnessTable table = new HarnessTable(problems, notices, userDir, limit);
        loadBuiltins(table, problems);

        List<Path> existing = pluginDirs.stream().filter(Files::isDirectory).toList();
        PluginScanner.Result scan = new PluginScanner(systemVersion, disabled).scan(existing);
        problems.addAll(scan.problems());
        notices.addAll(scan.notices());
        IsolatingPluginManager manager = null;
        Set<PluginCandidate> startedPlugins = new HashSet<>();
        if (!scan.accepted().isEmpty()) { // no PF4J start-up cost when there is nothing to load
            manager = new IsolatingPluginManager(existing, systemVersion, limit);
            IsolatingPluginManager.Outcome outcome = manager.loadAndStart(scan.accepted());
            outcome.harnesses().forEach((plugin, harnesses) -> harnesses.forEach(h -> table.addPlugin(h, plugin)));
            problems.addAll(outcome.problems());
            notices.addAll(outcome.notices());
            startedPlugins.addAll(outcome.started());
        }
        HarnessTable.Frozen frozen = table.freeze();
        List<PluginStatus> statuses = PluginStatuses.of(scan, startedPlugins, disabled, userDir, problems,
                table.contributed());
        HarnessRegistry registry = new HarnessRegistry(frozen, problems, notices, statuses, manager);
        registry.logSummary(existing, (System.nanoTime() - started) / 1_000_000);
        return registry;
    }

    private static void loadBuiltins(HarnessTable table, List<PluginProblem> problems) {
        Iterator<Harness> it = ServiceLoader.load(Harness.class, HarnessRegistry.class.getClassLoader()).iterator();
        int errors = 0;
        while (errors < MAX_BUILTIN_ERRORS) {
            try {
                if (!it.hasNext()) {
                    return;
                }
                table.addBuiltin(it.next());
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                errors++;
                problems.add(new PluginProblem(HarnessInfo.BUILTIN,
                        "a built-in harness could not be created: " + Failures.describe(e),
                        "reinstall harness-router; if it persists, report it"));
            }
        }
    }

    /** The harness whose id, or failing that alias, is {@code idOrAlias}; ids win over aliases. */
    public Optional<Harness> find(String idOrAlias) {
        if (idOrAlias == null) {
            return Optional.empty();
        }
        Harness harness = byId.get(idOrAlias);
        return Optional.ofNullable(harness != null ? harness : byAlias.get(idOrAlias));
    }

    /** Every harness served, built-ins first, then plugins in load order. */
    public List<HarnessInfo> harnesses() {
        return infos;
    }

    /** Every plugin JAR found, user directory first, with its state and harnesses. */
    public List<PluginStatus> plugins() {
        return plugins;
    }

    /**
     * Why no harness {@code harnessId} is served when a plugin that declared it (or, for a plugin
     * whose harnesses could not even be listed, one whose plugin id or file name names it) is
     * disabled or failed: {@code plugin acme@1.0.0 (...) failed: <reason>}. Empty when no plugin
     * accounts for it.
     */
    public Optional<String> unavailableReason(String harnessId) {
        if (harnessId == null || find(harnessId).isPresent()) {
            return Optional.empty();
        }
        String wanted = harnessId.toLowerCase(java.util.Locale.ROOT).replace('-', '_');
        for (PluginStatus p : plugins) {
            boolean declared = p.harnesses().contains(harnessId);
            boolean named = p.harnesses().isEmpty()
                    && (p.id().toLowerCase(java.util.Locale.ROOT).replace('-', '_').contains(wanted)
                            || p.jar().getFileName().toString().toLowerCase(java.util.Locale.ROOT)
                                    .replace('-', '_').contains(wanted));
            if ((declared || named) && p.state() != PluginStatus.State.STARTED
                    && p.state() != PluginStatus.State.SHADOWED) {
                return Optional.of("plugin " + p.id() + (p.version().isEmpty() ? "" : "@" + p.version()) + " ("
                        + p.jar() + ") is " + p.state().label() + p.reason().map(r -> ": " + r).orElse(""));
            }
        }
        return Optional.empty();
    }

    /** Plugins and harnesses that could not be used, and what to do about each. */
    public List<PluginProblem> problems() {
        return problems;
    }

    /**
     * Things that went as designed but that a user may want to know: which plugin harness
     * replaced a built-in, which bundled plugin a user copy shadows, which plugin is disabled.
     */
    public List<String> notices() {
        return notices;
    }

    /**
     * Unloads the plugins (each is stopped, then its class loader closed). Idempotent; never
     * throws. Uses PF4J's {@code unloadPlugins()}, never {@code stopPlugins()} (pf4j#656).
     */
    @Override
    public synchronized void close() {
        if (manager != null) {
            manager.unloadAll();
            manager = null;
        }
    }

    private void logSummary(List<Path> dirs, long millis) {
        for (PluginProblem problem : problems) {
            log.warn("Plugin problem: {}", problem);
        }
        for (String notice : notices) {
            log.info("{}", notice);
        }
        log.debug("Loaded {} harnesses from {} in {} ms", infos.size(), dirs, millis);
    }
}
