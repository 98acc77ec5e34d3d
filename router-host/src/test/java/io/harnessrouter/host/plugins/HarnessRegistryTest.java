package io.harnessrouter.host.plugins;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.Harness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HarnessRegistryTest {

    private static final String VERSION = "0.1.0";

    @TempDir
    static Path compileDir;
    private static TestPluginJars jars;

    @TempDir
    Path tmp;

    @BeforeAll
    static void compilePlugins() throws IOException {
        jars = TestPluginJars.compile(compileDir, Map.of(
                "test.good.GoodHarness", harness("test.good", "GoodHarness", "good", "\"goodie\"", ""),
                "test.other.OtherHarness", harness("test.other", "OtherHarness", "other", "", ""),
                "test.replace.ReplacingHarness",
                harness("test.replace", "ReplacingHarness", BuiltinTestHarness.ID, "", ""),
                "test.dup.DupHarness", harness("test.dup", "DupHarness", "good", "", ""),
                "test.ctor.CtorHarness", harness("test.ctor", "CtorHarness", "ctor", "",
                        "throw new IllegalStateException(\"boom in constructor\");"),
                "test.boom.BoomHarness", harness("test.boom", "BoomHarness", "boom", "", ""),
                "test.boom.BoomPlugin", """
                        package test.boom;
                        public class BoomPlugin extends org.pf4j.Plugin {
                            @Override public void start() { throw new IllegalStateException("boom at start"); }
                        }
                        """));
    }

    private static String harness(String pkg, String type, String id, String aliases, String constructorBody) {
        return """
                package %s;
                import io.harnessrouter.api.*;
                import java.util.*;
                @org.pf4j.Extension
                public class %s implements Harness {
                    public %s() { %s }
                    public String id() { return "%s"; }
                    public List<String> aliases() { return List.of(%s); }
                    public String displayName() { return "%s display"; }
                    public Optional<String> defaultCommand() { return Optional.empty(); }
                    public Dispatcher dispatcher(RouteSpec r, HarnessContext c) { throw new UnsupportedOperationException(); }
                    public DoctorProbe doctorProbe(HarnessContext c) { throw new UnsupportedOperationException(); }
                    public QuotaHeaderParser quotaHeaderParser() { return QuotaHeaderParser.NONE; }
                }
                """.formatted(pkg, type, type, constructorBody, id, aliases, id);
    }

    private Path good(Path dir) throws IOException {
        return jars.jar("good-plugin").classesOf("test.good").extension("test.good.GoodHarness")
                .writeTo(dir, "good.jar");
    }

    private static String label(String id, String version, Path jar) {
        return "plugin " + id + "@" + version + " (" + jar + ")";
    }

    @Test
    void loadsAPluginAndFindsItsHarnessByIdAndByAlias() throws IOException {
        Path jar = good(tmp.resolve("plugins"));

        try (HarnessRegistry registry = HarnessRegistry.load(List.of(tmp.resolve("plugins")), VERSION)) {
            Harness byId = registry.find("good").orElseThrow();
            assertEquals("test.good.GoodHarness", pluginClass(byId).getName());
            assertSame(byId, registry.find("goodie").orElseThrow());
            assertTrue(registry.find("nope").isEmpty());
            assertTrue(registry.harnesses().contains(new HarnessInfo("good", List.of("goodie"), "good display",
                    label("good-plugin", "1.0.0", jar), Optional.empty())));
            assertEquals(List.of(), registry.problems());
        }
    }

    @Test
    void findsBuiltInHarnessOnTheClassPathWithNoPluginDirs() {
        try (HarnessRegistry registry = HarnessRegistry.load(List.of(), VERSION)) {
            assertAll(
                    () -> assertEquals(List.of(new HarnessInfo(BuiltinTestHarness.ID, List.of("builtin_alias"),
                            "Built-in test harness", "builtin", Optional.empty())), registry.harnesses()),
                    () -> assertTrue(registry.find("builtin_alias").orElseThrow() instanceof BuiltinTestHarness),
                    () -> assertEquals(List.of(), registry.problems()),
                    () -> assertEquals(List.of(), registry.notices()));
        }
    }

    @Test
    void skipsMissingPluginDirsWithoutCreatingThem() {
        Path missing = tmp.resolve("no-such-dir");

        try (HarnessRegistry registry = HarnessRegistry.load(List.of(missing), VERSION)) {
            assertEquals(1, registry.harnesses().size());
            assertEquals(List.of(), registry.problems());
        }
        assertFalse(Files.exists(missing));
    }

    @Test
    void pluginHarnessWithTheIdOfABuiltInReplacesItAndSaysSo() throws IOException {
        Path jar = jars.jar("replacer").classesOf("test.replace").extension("test.replace.ReplacingHarness")
                .writeTo(tmp, "replacer.jar");

        try (HarnessRegistry registry = HarnessRegistry.load(List.of(tmp), VERSION)) {
            assertEquals("test.replace.ReplacingHarness",
                    pluginClass(registry.find(BuiltinTestHarness.ID).orElseThrow()).getName());
            assertEquals(List.of(new HarnessInfo(BuiltinTestHarness.ID, List.of(), "builtin_test display",
                    label("replacer", "1.0.0", jar), Optional.of("builtin"))), registry.harnesses());
            assertTrue(registry.find("builtin_alias").isEmpty(), "the replaced built-in's aliases go with it");
            assertEquals(List.of("harness 'builtin_test' from " + label("replacer", "1.0.0", jar)
                    + " replaces the built-in one"), registry.notices());
        }
    }

    @Test
    void pluginWithAMissingRequiredDependencyIsReportedAndTheOthersStillLoad() throws IOException {
        Path bad = jars.jar("needs-base").dependencies("base-plugin").classesOf("test.other")
                .extension("test.other.OtherHarness").writeTo(tmp, "a-needs-base.jar");
        good(tmp);

        try (HarnessRegistry registry = HarnessRegistry.load(List.of(tmp), VERSION)) {
            assertTrue(registry.find("good").isPresent());
            assertTrue(registry.find("other").isEmpty());
            assertEquals(List.of(new PluginProblem(label("needs-base", "1.0.0", bad),
                    "needs plugin 'base-plugin', which is not installed",
                    "install plugin 'base-plugin' into the user plugins directory, or remove " + bad)),
                    registry.problems());
        }
    }

    @Test
    void dependentOfARejectedPluginIsRejectedTooAndAMetDependencyLoads() throws IOException {
        jars.jar("base").requires(">=9.0.0").writeTo(tmp, "base.jar");
        Path dependent = jars.jar("dependent").dependencies("base").classesOf("test.other")
                .extension("test.other.OtherHarness").writeTo(tmp, "dependent.jar");
        jars.jar("good-base").writeTo(tmp, "good-base.jar");
        jars.jar("good-plugin").dependencies("good-base@>=1.0.0").classesOf("test.good")
                .extension("test.good.GoodHarness").writeTo(tmp, "good.jar");

        try (HarnessRegistry registry = HarnessRegistry.load(List.of(tmp), VERSION)) {
            assertTrue(registry.find("good").isPresent(), "a dependency that is present and recent enough resolves");
            assertTrue(registry.find("other").isEmpty());
            assertEquals(List.of("requires harness-router >=9.0.0, this is 0.1.0",
                            "needs plugin 'base', which could not be loaded (see its own problem)"),
                    registry.problems().stream().map(PluginProblem::problem).toList(),
                    "good-base has no harness but good-plugin needs it, so it is a library, not a problem");
            assertEquals(new PluginProblem(label("dependent", "1.0.0", dependent),
                    "needs plugin 'base', which could not be loaded (see its own problem)",
                    "install plugin 'base' into the user plugins directory, or remove " + dependent),
                    registry.problems().get(1));
        }
    }

    @Test
    void dependencyWithTheWrongVersionRejectsTheDependentNotTheDependency() throws IOException {
        jars.jar("good-plugin").classesOf("test.good").extension("test.good.GoodHarness").writeTo(tmp, "good.jar");
        Path dependent = jars.jar("dependent").dependencies("good-plugin@>=2.0.0").classesOf("test.other")
                .extension("test.other.OtherHarness").writeTo(tmp, "dependent.jar");

        try (HarnessRegistry registry = HarnessRegistry.load(List.of(tmp), VERSION)) {
            assertTrue(registry.find("good").isPresent());
            assertTrue(registry.find("other").isEmpty());
            assertEquals(List.of(new PluginProblem(label("dependent", "1.0.0", dependent),
                    "needs plugin 'good-plugin' >=2.0.0, but 1.0.0 is installed",
                    "install a matching version of 'good-plugin', or remove " + dependent)), registry.problems());
        }
    }

    @Test
    void pluginsInADependencyCycleAreReportedAndTheOthersLoad() throws IOException {
        jars.jar("cycle-a").dependencies("cycle-b").writeTo(tmp, "cycle-a.jar");
        jars.jar("cycle-b").dependencies("cycle-a").writeTo(tmp, "cycle-b.jar");
        good(tmp);

        try (HarnessRegistry registry = HarnessRegistry.load(List.of(tmp), VERSION)) {
            assertTrue(registry.find("good").isPresent());
            assertEquals(List.of("is part of a dependency cycle: cycle-a -> cycle-b -> cycle-a",
                            "is part of a dependency cycle: cycle-a -> cycle-b -> cycle-a"),
                    registry.problems().stream().map(PluginProblem::problem).toList());
        }
    }

    @Test
    void unmetPluginRequiresIsReported() throws IOException {
        Path future = jars.jar("future").requires(">=9.0.0").classesOf("test.other")
                .extension("test.other.OtherHarness").writeTo(tmp, "future.jar");
        good(tmp);

        try (HarnessRegistry registry = HarnessRegistry.load(List.of(tmp), VERSION)) {
            assertTrue(registry.find("good").isPresent());
            assertTrue(registry.find("other").isEmpty());
            assertEquals(List.of(new PluginProblem(label("future", "1.0.0", future),
                    "requires harness-router >=9.0.0, this is 0.1.0",
                    "upgrade harness-router, or install a build of the plugin made for 0.1.0")), registry.problems());
        }
    }

    @Test
    void bareVersionInPluginRequiresMeansAtLeast() throws IOException {
        jars.jar("good-plugin").requires("0.0.9").classesOf("test.good").extension("test.good.GoodHarness")
                .writeTo(tmp, "good.jar");

        try (HarnessRegistry registry = HarnessRegistry.load(List.of(tmp), VERSION)) {
            assertTrue(registry.find("good").isPresent(), registry.problems().toString());
        }
    }

    @Test
    void pluginThatBundlesTheApiClassesIsReportedWithTheFix() throws IOException {
        Path bundled = jars.jar("bundler").classesOf("test.other").extension("test.other.OtherHarness")
                .bundlingApi().writeTo(tmp, "bundler.jar");
        good(tmp);

        try (HarnessRegistry registry = HarnessRegistry.load(List.of(tmp), VERSION)) {
            assertTrue(registry.find("good").isPresent());
            assertEquals(List.of(label("bundler", "1.0.0", bundled)
                            + ": bundles io.harnessrouter.api classes; declare router-api with <scope>provided</scope>"),
                    registry.problems().stream().map(PluginProblem::toString).toList());
        }
    }

    @Test
    void throwingExtensionConstructorMarksThePluginFailedAndTheOthersServe() throws IOException {
        Path ctor = jars.jar("ctor").classesOf("test.ctor").extension("test.ctor.CtorHarness")
                .writeTo(tmp, "ctor.jar");
        good(tmp);

        try (HarnessRegistry registry = HarnessRegistry.load(List.of(tmp), VERSION)) {
            assertTrue(registry.find("good").isPresent());
            assertTrue(registry.find("ctor").isEmpty());
            assertEquals(List.of(new PluginProblem(label("ctor", "1.0.0", ctor),
                    "Harness extension test.ctor.CtorHarness could not be created: "
                            + "IllegalStateException: boom in constructor",
                    "fix the plugin or remove " + ctor + "; the other plugins are unaffected")), registry.problems());
        }
    }

    @Test
    void throwingPluginStartMarksThePluginFailedAndTheOthersServe() throws IOException {
        Path boom = jars.jar("boom").pluginClass("test.boom.BoomPlugin").classesOf("test.boom")
                .extension("test.boom.BoomHarness").writeTo(tmp, "boom.jar");
        good(tmp);

        try (HarnessRegistry registry = HarnessRegistry.load(List.of(tmp), VERSION)) {
            assertTrue(registry.find("good").isPresent());
            assertTrue(registry.find("boom").isEmpty());
            assertEquals(List.of(new PluginProblem(label("boom", "1.0.0", boom),
                    "failed to start: IllegalStateException: boom at start",
                    "fix the plugin or remove " + boom + "; the other plugins are unaffected")), registry.problems());
        }
    }

    @Test
    void pluginContributingNoHarnessIsReported() throws IOException {
        Path empty = jars.jar("empty").classesOf("test.other").writeTo(tmp, "empty.jar");

        try (HarnessRegistry registry = HarnessRegistry.load(List.of(tmp), VERSION)) {
            assertEquals(List.of(new PluginProblem(label("empty", "1.0.0", empty), "no Harness extension found",
                    "was the PF4J annotation processor run? (META-INF/extensions.idx is missing)"
                            + " see docs/plugins.md")), registry.problems());
        }
    }

    @Test
    void pluginWhoseExtensionIndexNamesNoLoadableHarnessIsReported() throws IOException {
        Path stale = jars.jar("stale").classesOf("test.other").extension("test.other.RenamedHarness")
                .writeTo(tmp, "stale.jar");

        try (HarnessRegistry registry = HarnessRegistry.load(List.of(tmp), VERSION)) {
            assertEquals(List.of(new PluginProblem(label("stale", "1.0.0", stale), "no Harness extension found",
                    "its META-INF/extensions.idx names no class this host can load as io.harnessrouter.api.Harness;"
                            + " check the log above for class loading errors, see docs/plugins.md")),
                    registry.problems());
        }
    }

    @Test
    void jarWithoutAPluginDescriptorIsReported() throws IOException {
        Path plain = jars.jar("ignored").noDescriptor().classesOf("test.other").writeTo(tmp, "plain.jar");
        good(tmp);

        try (HarnessRegistry registry = HarnessRegistry.load(List.of(tmp), VERSION)) {
            assertTrue(registry.find("good").isPresent());
            assertEquals(List.of(new PluginProblem(plain.toString(),
                    "has no plugin descriptor (Plugin-Id and Plugin-Version in META-INF/MANIFEST.MF, "
                            + "or plugin.properties)",
                    "remove it from " + tmp + ", or build it as a harness-router plugin "
                            + "(see docs/plugins.md)")), registry.problems());
        }
    }

    @Test
    void duplicateHarnessIdBetweenTwoPluginsKeepsTheFirstAndReportsTheSecond() throws IOException {
        Path first = good(tmp);
        Path second = jars.jar("dup").classesOf("test.dup").extension("test.dup.DupHarness").writeTo(tmp, "zz-dup.jar");

        try (HarnessRegistry registry = HarnessRegistry.load(List.of(tmp), VERSION)) {
            assertEquals("test.good.GoodHarness", pluginClass(registry.find("good").orElseThrow()).getName());
            assertEquals(List.of(new PluginProblem(label("dup", "1.0.0", second),
                    "harness id 'good' is already provided by " + label("good-plugin", "1.0.0", first)
                            + ", which is used instead",
                    "remove one of the two, or list one plugin's id in disabled.txt in its plugins directory")),
                    registry.problems());
        }
    }

    @Test
    void userDirPluginShadowsTheBundledPluginWithTheSamePluginId() throws IOException {
        Path user = tmp.resolve("user");
        Path bundled = tmp.resolve("bundled");
        Path newer = jars.jar("good-plugin").version("2.0.0").classesOf("test.good")
                .extension("test.good.GoodHarness").writeTo(user, "good.jar");
        Path older = good(bundled);

        try (HarnessRegistry registry = HarnessRegistry.load(List.of(user, bundled), VERSION)) {
            assertEquals(label("good-plugin", "2.0.0", newer),
                    registry.harnesses().stream().filter(h -> h.id().equals("good")).findFirst().orElseThrow().source());
            assertEquals(List.of(label("good-plugin", "1.0.0", older) + " is not loaded: "
                    + label("good-plugin", "2.0.0", newer) + " has the same plugin id and its directory comes first"),
                    registry.notices());
            assertEquals(List.of(), registry.problems());
        }
    }

    @Test
    void rejectedUserCopyDoesNotShadowAWorkingBundledCopy() throws IOException {
        Path user = tmp.resolve("user");
        Path bundled = tmp.resolve("bundled");
        jars.jar("good-plugin").requires(">=9.0.0").classesOf("test.good").extension("test.good.GoodHarness")
                .writeTo(user, "good.jar");
        Path working = good(bundled);

        try (HarnessRegistry registry = HarnessRegistry.load(List.of(user, bundled), VERSION)) {
            assertEquals(label("good-plugin", "1.0.0", working),
                    registry.harnesses().stream().filter(h -> h.id().equals("good")).findFirst().orElseThrow().source());
            assertEquals(1, registry.problems().size());
        }
    }

    @Test
    void pluginListedInDisabledTxtIsNotLoadedAndSaysSo() throws IOException {
        Path jar = good(tmp);
        Files.writeString(tmp.resolve("disabled.txt"), "good-plugin\n");

        try (HarnessRegistry registry = HarnessRegistry.load(List.of(tmp), VERSION)) {
            assertTrue(registry.find("good").isEmpty());
            assertEquals(List.of(label("good-plugin", "1.0.0", jar)
                    + " is disabled by enabled.txt/disabled.txt in " + tmp), registry.notices());
        }
    }

    @Test
    void closeUnloadsPluginsWithoutThrowingAndCanBeCalledTwice() throws IOException {
        good(tmp);
        jars.jar("boom").pluginClass("test.boom.BoomPlugin").classesOf("test.boom")
                .extension("test.boom.BoomHarness").writeTo(tmp, "boom.jar");
        HarnessRegistry registry = HarnessRegistry.load(List.of(tmp), VERSION);

        assertDoesNotThrow(registry::close);
        assertDoesNotThrow(registry::close);
    }

    /** The plugin's own class behind the host's time-boxing wrapper. */
    private static Class<?> pluginClass(Harness harness) {
        return harness instanceof GuardedHarness g ? g.unwrap().getClass() : harness.getClass();
    }
}
