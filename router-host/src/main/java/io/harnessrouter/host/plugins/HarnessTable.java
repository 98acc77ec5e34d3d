package io.harnessrouter.host.plugins;

import io.harnessrouter.api.Harness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Collects harnesses as they are found and applies the precedence rules: a plugin harness with
 * the id of a <em>built-in</em> replaces it (reported as a notice); otherwise the first harness
 * with an id wins and later ones are reported as problems. Aliases are settled at the end: an
 * alias never shadows a harness id, and the first harness to claim an alias keeps it.
 *
 * <p>Plugin code ({@code id()}, {@code displayName()}, {@code aliases()}) is called once per
 * harness, here, inside a try. Not thread-safe; used while loading only.
 */
final class HarnessTable {

    /** The immutable result: harnesses by id and by alias, and their descriptions in load order. */
    record Frozen(Map<String, Harness> byId, Map<String, Harness> byAlias, List<HarnessInfo> infos) {
    }

    private record Entry(Harness harness, HarnessInfo info) {
    }

    private final Map<String, Entry> byId = new LinkedHashMap<>();
    private final Map<String, PluginCandidate> pluginBySource = new HashMap<>();
    private final Map<String, List<String>> contributed = new LinkedHashMap<>();
    private final List<PluginProblem> problems;
    private final List<String> notices;
    private final Optional<Path> userDir;
    private final Duration limit;

    /**
     * @param userDir the user plugins directory: a harness from there with the id of one from a
     *                bundled plugin upgrades it (a notice), where two user plugins are a conflict
     * @param limit   how long a plugin's {@code id()}, {@code displayName()}, {@code aliases()},
     *                {@code defaultCommand()} and factories may take
     */
    HarnessTable(List<PluginProblem> problems, List<String> notices, Optional<Path> userDir, Duration limit) {
        this.problems = problems;
        this.notices = notices;
        this.userDir = userDir;
        this.limit = limit;
    }

    HarnessTable(List<PluginProblem> problems, List<String> notices) {
        this(problems, notices, Optional.empty(), PluginCalls.DEFAULT_LIMIT);
    }

    /** Harness ids each plugin's extensions declared (keyed by plugin label), winners and losers alike. */
    Map<String, List<String>> contributed() {
        return contributed;
    }

    /** Adds a harness from the host's class path. */
    void addBuiltin(Harness harness) {
        describe(harness, HarnessInfo.BUILTIN).ifPresent(info -> {
            Entry first = byId.putIfAbsent(info.id(), new Entry(harness, info));
            if (first != null) {
                duplicate(info, first);
            }
        });
    }

    /** Adds a harness contributed by a plugin. */
    void addPlugin(Harness pluginHarness, PluginCandidate plugin) {
        pluginBySource.put(plugin.label(), plugin);
        describePlugin(pluginHarness, plugin.label()).ifPresent(described -> {
            HarnessInfo info = described.info();
            Harness harness = described.harness();
            contributed.computeIfAbsent(info.source(), k -> new ArrayList<>()).add(info.id());
            Entry first = byId.get(info.id());
            if (first == null) {
                byId.put(info.id(), new Entry(harness, info));
            } else if (first.info().source().equals(HarnessInfo.BUILTIN)) {
                HarnessInfo replacing = new HarnessInfo(info.id(), info.aliases(), info.displayName(),
                        info.source(), Optional.of(HarnessInfo.BUILTIN));
                byId.put(info.id(), new Entry(harness, replacing));
                notices.add("harness '" + info.id() + "' from " + info.source() + " replaces the built-in one");
            } else if (fromUserDir(first.info().source()) && !fromUserDir(info.source())) {
                notices.add("harness '" + info.id() + "' from " + first.info().source()
                        + " (user) upgrades the bundled one from " + info.source());
            } else {
                duplicate(info, first);
            }
        });
    }

    private boolean fromUserDir(String source) {
        PluginCandidate c = pluginBySource.get(source);
        return c != null && userDir.map(c.dir()::equals).orElse(false);
    }

    private record Described(Harness harness, HarnessInfo info) {
    }

    /** Asks the plugin's harness to describe itself, time-boxed, and wraps it in a {@link GuardedHarness}. */
    private Optional<Described> describePlugin(Harness harness, String source) {
        String type = harness.getClass().getName();
        String what = "harness " + type + " (" + source + "): ";
        try {
            Optional<HarnessInfo> info = describe(source, type,
                    () -> PluginCalls.call(what + "id()", limit, harness::id),
                    () -> PluginCalls.call(what + "displayName()", limit,
                            () -> Optional.ofNullable(harness.displayName())).orElse(null),
                    () -> PluginCalls.call(what + "aliases()", limit,
                            () -> Optional.ofNullable(harness.aliases())).orElse(null));
            if (info.isEmpty()) {
                return Optional.empty();
            }
            Optional<String> command = PluginCalls.call(what + "defaultCommand()", limit,
                    () -> Optional.ofNullable(harness.defaultCommand()).flatMap(c -> c));
            return Optional.of(new Described(new GuardedHarness(harness, info.get(), command, limit), info.get()));
        } catch (PluginCallException e) {
            problems.add(new PluginProblem(source, e.getMessage(), "fix the plugin or remove it"));
            return Optional.empty();
        }
    }

    /** Settles aliases and returns the read-only view. */
    Frozen freeze() {
        Map<String, Harness> ids = new LinkedHashMap<>();
        byId.forEach((id, entry) -> ids.put(id, entry.harness()));
        Map<String, Harness> aliases = new HashMap<>();
        Map<String, String> aliasOwner = new HashMap<>();
        List<HarnessInfo> infos = new ArrayList<>();
        for (Entry entry : byId.values()) {
            HarnessInfo info = entry.info();
            List<String> kept = new ArrayList<>();
            for (String alias : info.aliases()) {
                if (alias == null || alias.isBlank() || alias.equals(info.id()) || kept.contains(alias)) {
                    continue;
                }
                String clash = byId.containsKey(alias) ? "it is the id of another harness"
                        : aliasOwner.containsKey(alias) ? "harness '" + aliasOwner.get(alias) + "' already uses it"
                        : null;
                if (clash != null) {
                    problems.add(new PluginProblem(info.source(),
                            "alias '" + alias + "' of harness '" + info.id() + "' is ignored: " + clash,
                            "write harness: " + info.id() + " in the config"));
                    continue;
                }
                aliasOwner.put(alias, info.id());
                aliases.put(alias, entry.harness());
                kept.add(alias);
            }
            infos.add(new HarnessInfo(info.id(), kept, info.displayName(), info.source(), info.replaced()));
        }
        return new Frozen(Map.copyOf(ids), Map.copyOf(aliases), List.copyOf(infos));
    }

    private Optional<HarnessInfo> describe(Harness harness, String source) {
        return describe(source, harness.getClass().getName(), harness::id, harness::displayName, harness::aliases);
    }

    /** The harness's id, name and aliases; a problem (and empty) when it cannot say them. */
    private Optional<HarnessInfo> describe(String source, String type, Supplier<String> idOf, Supplier<String> nameOf,
            Supplier<List<String>> aliasesOf) {
        try {
            String id = idOf.get();
            if (id == null || id.isBlank()) {
                problems.add(new PluginProblem(source, "harness " + type + " has a blank id",
                        "fix the plugin: Harness.id() must return a lower_snake_case id"));
                return Optional.empty();
            }
            String name = nameOf.get();
            List<String> aliases = aliasesOf.get();
            return Optional.of(new HarnessInfo(id, aliases == null ? List.of() : aliases,
                    name == null || name.isBlank() ? id : name, source, Optional.empty()));
        } catch (PluginCallException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            problems.add(new PluginProblem(source,
                    "harness " + type + " failed to describe itself: " + Failures.describe(e),
                    "fix the plugin or remove it"));
            return Optional.empty();
        }
    }

    private void duplicate(HarnessInfo later, Entry first) {
        problems.add(new PluginProblem(later.source(),
                "harness id '" + later.id() + "' is already provided by " + first.info().source()
                        + ", which is used instead",
                "remove one of the two, or list one plugin's id in disabled.txt in its plugins directory"));
    }
}
