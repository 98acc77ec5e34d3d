package io.harnessrouter.host.plugins;

import io.harnessrouter.api.Harness;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pf4j.DefaultPluginManager;
import org.pf4j.DefaultPluginStatusProvider;
import org.pf4j.PluginDependency;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginDescriptorFinder;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginState;
import org.pf4j.PluginStatusProvider;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PF4J's {@link DefaultPluginManager}, driven plugin by plugin so one bad plugin only takes itself
 * down: every candidate is loaded in its own try, resolved once, started on its own, and its
 * {@link Harness} extensions are created one by one. Extensions come from PF4J's default
 * index-based finder ({@code META-INF/extensions.idx}), never the service-provider finder.
 *
 * <p>{@code enabled.txt}/{@code disabled.txt} are read from the directory each plugin came from,
 * not from PF4J's first root. {@code stopPlugins()} is never called (PF4J 3.15 throws
 * {@code ConcurrentModificationException}, pf4j#656); {@link #unloadAll()} uses
 * {@code unloadPlugins()}, which stops each plugin before unloading it.
 *
 * <p>Not thread-safe: PF4J's manager is not. The registry calls it from one thread at load and
 * close.
 */
final class IsolatingPluginManager extends DefaultPluginManager {

    private static final Logger log = LoggerFactory.getLogger(IsolatingPluginManager.class);

    /** What loading produced: harnesses per started plugin (in candidate order) and what failed. */
    record Outcome(Map<PluginCandidate, List<Harness>> harnesses, List<PluginProblem> problems, List<String> notices,
            Set<PluginCandidate> started) {
    }

    private final Map<Path, PluginDescriptor> descriptors = new HashMap<>();
    private final Map<String, Path> dirByPluginId = new HashMap<>();
    private final Map<Path, PluginStatusProvider> statusByDir = new HashMap<>();
    private final List<PluginProblem> problems = new ArrayList<>();
    private final List<String> notices = new ArrayList<>();
    private final Set<String> libraries = new HashSet<>();

    private final java.time.Duration limit;

    /** @param limit how long a plugin's {@code start()} and each extension constructor may take */
    IsolatingPluginManager(List<Path> roots, String systemVersion, java.time.Duration limit) {
        super(roots);
        setSystemVersion(systemVersion);
        this.limit = limit;
    }

    /** Loads, resolves and starts the candidates, then creates each started plugin's harnesses. */
    Outcome loadAndStart(List<PluginCandidate> candidates) {
        for (PluginCandidate candidate : candidates) {
            load(candidate);
            candidate.dependencies().forEach(d -> libraries.add(d.getPluginId()));
        }
        resolve();
        Map<PluginCandidate, List<Harness>> harnesses = new LinkedHashMap<>();
        Set<PluginCandidate> started = new HashSet<>();
        for (PluginCandidate candidate : candidates) {
            PluginWrapper wrapper = getPlugin(candidate.id());
            if (wrapper != null && getResolvedPlugins().contains(wrapper) && start(candidate, wrapper)) {
                List<Harness> made = createHarnesses(candidate, wrapper);
                if (!made.isEmpty()) {
                    harnesses.put(candidate, made);
                }
                if (!made.isEmpty() || libraries.contains(candidate.id())) {
                    started.add(candidate);
                }
            }
        }
        return new Outcome(harnesses, List.copyOf(problems), List.copyOf(notices), started);
    }

    /** Unloads every plugin (stopping it first) and closes its class loader. Never throws. */
    void unloadAll() {
        try {
            unloadPlugins();
        } catch (RuntimeException e) {
            log.warn("Unloading plugins failed: {}", Failures.describe(e));
        }
        for (PluginWrapper left : getPlugins()) { // unresolved ones are not in unloadPlugins()'s list
            try {
                unloadPlugin(left.getPluginId(), false, false);
            } catch (RuntimeException e) {
                log.warn("Unloading plugin {} failed: {}", left.getPluginId(), Failures.describe(e));
            }
        }
    }

    private void load(PluginCandidate candidate) {
        dirByPluginId.put(candidate.id(), candidate.dir());
        descriptors.put(candidate.jar(), candidate.descriptor());
        try {
            loadPluginFromPath(candidate.jar());
        } catch (RuntimeException | LinkageError e) {
            problems.add(new PluginProblem(candidate.label(), "could not be loaded: " + Failures.describe(e),
                    "fix the plugin or remove " + candidate.jar()));
        }
    }

    /** Safety net: the scanner already kept back what PF4J's resolver would throw for. */
    private void resolve() {
        try {
            resolvePlugins();
        } catch (RuntimeException e) {
            for (PluginWrapper wrapper : List.copyOf(getUnresolvedPlugins())) {
                problems.add(new PluginProblem(label(wrapper), "could not be resolved: " + Failures.describe(e),
                        "check its Plugin-Dependencies, or remove " + wrapper.getPluginPath()));
                unloadPlugin(wrapper.getPluginId(), false, false);
            }
            resolvePlugins();
        }
    }

    private boolean start(PluginCandidate candidate, PluginWrapper wrapper) {
        if (wrapper.getPluginState().isDisabled()) { // startPlugin() would silently re-enable it
            notices.add(candidate.label() + " is disabled by enabled.txt/disabled.txt in " + candidate.dir());
            return false;
        }
        for (PluginDependency dependency : candidate.dependencies()) {
            PluginWrapper needed = getPlugin(dependency.getPluginId());
            if (needed != null && needed.getPluginState().isDisabled()) { // starting it would re-enable it
                notices.add(candidate.label() + " is not started: it needs plugin '" + dependency.getPluginId()
                        + "', which is disabled");
                return false;
            }
        }
        PluginState state = wrapper.getPluginState();
        if (!state.isStarted() && !state.isFailed()) { // a dependent may have started (or failed) it already
            try {
                state = PluginCalls.call("its start()", limit, () -> startPlugin(candidate.id()));
            } catch (RuntimeException | LinkageError e) {
                wrapper.setFailedException(e);
                state = PluginState.FAILED;
            }
        }
        if (state.isStarted()) {
            return true;
        }
        wrapper.setPluginState(PluginState.FAILED);
        Throwable cause = wrapper.getFailedException();
        problems.add(new PluginProblem(candidate.label(),
                "failed to start: " + (cause == null ? "state " + state : Failures.describe(cause)),
                "fix the plugin or remove " + candidate.jar() + "; the other plugins are unaffected"));
        return false;
    }

    /** All of the plugin's harnesses, or none: a plugin with one broken extension is marked failed. */
    private List<Harness> createHarnesses(PluginCandidate candidate, PluginWrapper wrapper) {
        List<Class<? extends Harness>> classes;
        try {
            classes = getExtensionClasses(Harness.class, candidate.id());
        } catch (RuntimeException | LinkageError e) {
            fail(candidate, wrapper, e, "its Harness extensions could not be listed: " + Failures.describe(e));
            return List.of();
        }
        if (classes.isEmpty()) {
            noHarness(candidate);
            return List.of();
        }
        List<Harness> made = new ArrayList<>(classes.size());
        for (Class<? extends Harness> type : classes) {
            try {
                made.add(PluginCalls.call("its constructor", limit, () -> getExtensionFactory().create(type)));
            } catch (RuntimeException | LinkageError e) {
                fail(candidate, wrapper, e,
                        "Harness extension " + type.getName() + " could not be created: " + Failures.describe(e));
                return List.of();
            }
        }
        return made;
    }

    private void noHarness(PluginCandidate candidate) {
        if (libraries.contains(candidate.id())) {
            return; // a library other plugins depend on need not contribute a harness itself
        }
        String fix = candidate.hasExtensionIndex()
                ? "its META-INF/extensions.idx names no class this host can load as io.harnessrouter.api.Harness;"
                        + " check the log above for class loading errors, see docs/plugins.md"
                : "was the PF4J annotation processor run? (META-INF/extensions.idx is missing)"
                        + " see docs/plugins.md";
        problems.add(new PluginProblem(candidate.label(), "no Harness extension found", fix));
    }

    private void fail(PluginCandidate candidate, PluginWrapper wrapper, Throwable e, String problem) {
        try {
            stopPlugin(candidate.id(), false);
        } catch (RuntimeException | LinkageError stopFailure) {
            log.warn("Stopping failed plugin {} failed: {}", candidate.id(), Failures.describe(stopFailure));
        }
        wrapper.setPluginState(PluginState.FAILED);
        wrapper.setFailedException(e);
        problems.add(new PluginProblem(candidate.label(), problem,
                "fix the plugin or remove " + candidate.jar() + "; the other plugins are unaffected"));
    }

    @Override
    protected PluginDescriptorFinder createPluginDescriptorFinder() {
        return new ScannedDescriptors(); // called from PF4J's constructor; reads the map filled by load()
    }

    @Override
    protected PluginStatusProvider createPluginStatusProvider() {
        return new NoStatus(); // called from PF4J's constructor; the real lookup is per directory below
    }

    @Override
    protected boolean isPluginDisabled(String pluginId) {
        Path dir = dirByPluginId.get(pluginId);
        return dir != null && statusByDir.computeIfAbsent(dir, DefaultPluginStatusProvider::new).isPluginDisabled(pluginId);
    }

    private static String label(PluginWrapper wrapper) {
        return "plugin " + wrapper.getPluginId() + "@" + wrapper.getDescriptor().getVersion()
                + " (" + wrapper.getPluginPath() + ")";
    }

    /** Hands PF4J the descriptors the scanner already read, instead of reading every JAR again. */
    private final class ScannedDescriptors implements PluginDescriptorFinder {
        @Override
        public boolean isApplicable(Path pluginPath) {
            return descriptors.containsKey(pluginPath);
        }

        @Override
        public PluginDescriptor find(Path pluginPath) {
            PluginDescriptor descriptor = descriptors.get(pluginPath);
            if (descriptor == null) {
                throw new PluginRuntimeException("no scanned descriptor for {}", pluginPath);
            }
            return descriptor;
        }
    }

    /** Reads nothing: keeps PF4J from reading {@code enabled.txt} in its first root (or the cwd). */
    private static final class NoStatus implements PluginStatusProvider {
        @Override
        public boolean isPluginDisabled(String pluginId) {
            return false;
        }

        @Override
        public void disablePlugin(String pluginId) {
            throw new UnsupportedOperationException("edit disabled.txt in the plugin's directory");
        }

        @Override
        public void enablePlugin(String pluginId) {
            throw new UnsupportedOperationException("edit disabled.txt in the plugin's directory");
        }
    }
}
