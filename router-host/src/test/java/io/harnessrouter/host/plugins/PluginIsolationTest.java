package io.harnessrouter.host.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.Harness;
import io.harnessrouter.api.support.DefaultProcessRunner;
import io.harnessrouter.host.config.ConfigLoader;
import io.harnessrouter.host.routing.RouteEntry;
import io.harnessrouter.host.runtime.RoutingTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7 §3: a plugin that throws, hangs, returns null or is malformed is marked failed with the
 * reason, its routes are unavailable with that reason, and the good plugin beside it keeps
 * serving. Every case is a real plugin JAR built here.
 */
class PluginIsolationTest {

    private static final String VERSION = "0.1.0";
    private static final Duration LIMIT = Duration.ofMillis(400);

    @TempDir
    static Path compileDir;
    private static TestPluginJars jars;

    @TempDir
    Path dir;

    @BeforeAll
    static void compilePlugins() throws IOException {
        jars = TestPluginJars.compile(compileDir, Map.of(
                "test.good.GoodHarness", harness("test.good", "GoodHarness", "good", "", "", "new Fine(r)"),
                "test.good.Fine", """
                        package test.good;
                        import io.harnessrouter.api.*;
                        public class Fine implements Dispatcher {
                            private final RouteSpec route;
                            public Fine(RouteSpec route) { this.route = route; }
                            public RouteSpec route() { return route; }
                            public Availability availability() { return Availability.ok(); }
                            public DispatchResult dispatch(DispatchRequest q, DispatchListener l) {
                                return DispatchResult.success("ok").build();
                            }
                        }
                        """,
                "test.missing.MissingHarness", harness("test.missing", "MissingHarness", "missing",
                        "new test.missing.Helper();", "", "null"),
                "test.missing.Helper", "package test.missing; public class Helper {}",
                "test.hangctor.HangCtorHarness", harness("test.hangctor", "HangCtorHarness", "hang_ctor",
                        "try { Thread.sleep(60_000); } catch (InterruptedException e) { }", "", "null"),
                "test.hangfactory.HangFactoryHarness", harness("test.hangfactory", "HangFactoryHarness",
                        "hang_factory", "", "", "sleepForever()"),
                "test.nulls.NullHarness", harness("test.nulls", "NullHarness", "nulls", "", "", "null"),
                "test.throwing.ThrowingHarness", harness("test.throwing", "ThrowingHarness", "throwing", "",
                        "", "thrower()"),
                "test.nullid.NullIdHarness", harness("test.nullid", "NullIdHarness", null, "", "", "null"),
                "test.badname.BadNameHarness", harness("test.badname", "BadNameHarness", "bad_name", "",
                        "public String displayName() { throw new IllegalStateException(\"no name today\"); }",
                        "null")));
    }

    /** A harness whose constructor body, extra members and dispatcher() expression are given. */
    private static String harness(String pkg, String type, String id, String ctor, String members,
            String dispatcher) {
        return """
                package %s;
                import io.harnessrouter.api.*;
                import java.util.*;
                @org.pf4j.Extension
                public class %s implements Harness {
                    public %s() { %s }
                    public String id() { return %s; }
                    %s
                    %s
                    public Optional<String> defaultCommand() { return Optional.empty(); }
                    public Dispatcher dispatcher(RouteSpec r, HarnessContext c) { return %s; }
                    public DoctorProbe doctorProbe(HarnessContext c) { return null; }
                    static Dispatcher sleepForever() {
                        try { Thread.sleep(60_000); } catch (InterruptedException e) { }
                        return null;
                    }
                    static Dispatcher thrower() { throw new IllegalStateException("no dispatcher for you"); }
                }
                """.formatted(pkg, type, type, ctor, id == null ? "null" : "\"" + id + "\"", members,
                members.contains("displayName") ? "" : "public String displayName() { return \"" + id + "\"; }",
                dispatcher);
    }

    private Path good() throws IOException {
        return jars.jar("good-plugin").classesOf("test.good").extension("test.good.GoodHarness")
                .writeTo(dir, "good.jar");
    }

    private HarnessRegistry load() {
        return HarnessRegistry.load(List.of(dir), VERSION, Set.of(), LIMIT);
    }

    private static PluginStatus status(HarnessRegistry registry, String id) {
        return registry.plugins().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }

    private static void goodStillServes(HarnessRegistry registry) {
        assertEquals(PluginStatus.State.STARTED, status(registry, "good-plugin").state(), registry.plugins().toString());
        assertEquals(List.of("good"), status(registry, "good-plugin").harnesses());
        assertTrue(registry.find("good").isPresent());
    }

    @Test
    void garbageBytesAreAFailedPluginNamedByItsFileAndTheOthersServe() throws IOException {
        good();
        Files.write(dir.resolve("garbage.jar"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        try (HarnessRegistry registry = load()) {
            PluginStatus garbage = status(registry, "garbage.jar");
            assertEquals(PluginStatus.State.FAILED, garbage.state());
            assertTrue(garbage.reason().orElseThrow().startsWith("is not a readable JAR: ZipException"),
                    garbage.reason().orElseThrow());
            goodStillServes(registry);
        }
    }

    @Test
    void brokenDescriptorsAreFailedWithWhatIsWrong() throws IOException {
        good();
        jars.jar("no-version").version("").classesOf("test.nulls").extension("test.nulls.NullHarness")
                .writeTo(dir, "no-version.jar");
        jars.jar("bad-range").requires("not a range").classesOf("test.nulls").extension("test.nulls.NullHarness")
                .writeTo(dir, "bad-range.jar");
        try (HarnessRegistry registry = load()) {
            assertEquals(Optional.of("has no plugin descriptor (Plugin-Id and Plugin-Version in META-INF/MANIFEST.MF,"
                    + " or plugin.properties)"), status(registry, "no-version.jar").reason());
            PluginStatus badRange = status(registry, "bad-range");
            assertEquals(PluginStatus.State.FAILED, badRange.state());
            assertTrue(badRange.reason().orElseThrow().startsWith("has an invalid Plugin-Requires 'not a range'"),
                    badRange.reason().orElseThrow());
            goodStillServes(registry);
        }
    }

    @Test
    void missingClassesFailThePluginWithTheClassNamedAndItsRouteSaysSo() throws IOException {
        good();
        // Helper is compiled but left out of the JAR, as when a library was not shaded in.
        Path jar = jars.jar("missing-plugin").classesOf("test.missing").extension("test.missing.MissingHarness")
                .writeTo(dir, "missing.jar");
        Path stripped = dir.resolve("missing-stripped.jar");
        try (var in = new java.util.jar.JarFile(jar.toFile());
                var out = new java.util.jar.JarOutputStream(Files.newOutputStream(stripped), in.getManifest())) {
            for (var e : java.util.Collections.list(in.entries())) {
                if (!e.getName().contains("Helper") && !e.getName().equals("META-INF/MANIFEST.MF")) {
                    out.putNextEntry(new java.util.jar.JarEntry(e.getName()));
                    out.write(in.getInputStream(e).readAllBytes());
                }
            }
        }
        Files.delete(jar);
        try (HarnessRegistry registry = load()) {
            PluginStatus missing = status(registry, "missing-plugin");
            assertEquals(PluginStatus.State.FAILED, missing.state());
            assertEquals("Harness extension test.missing.MissingHarness could not be created:"
                    + " ClassNotFoundException: test.missing.Helper", missing.reason().orElseThrow());
            assertEquals(Optional.of("plugin missing-plugin@1.0.0 (" + stripped + ") is failed: "
                    + missing.reason().orElseThrow()), registry.unavailableReason("missing"));
            goodStillServes(registry);
        }
    }

    @Test
    void wrongApiRangeAndABundledRouterApiAreFailedWithTheFix() throws IOException {
        good();
        jars.jar("future").requires(">=9.0.0").classesOf("test.nulls").extension("test.nulls.NullHarness")
                .writeTo(dir, "future.jar");
        jars.jar("bundler").classesOf("test.nulls").extension("test.nulls.NullHarness").bundlingApi()
                .writeTo(dir, "bundler.jar");
        try (HarnessRegistry registry = load()) {
            assertEquals(Optional.of("requires harness-router >=9.0.0, this is 0.1.0"),
                    status(registry, "future").reason());
            assertEquals(Optional.of("bundles io.harnessrouter.api classes"), status(registry, "bundler").reason());
            goodStillServes(registry);
        }
    }

    @Test
    void aConstructorThatHangsIsTimeBoxedAndThePluginFailed() throws IOException {
        good();
        jars.jar("hang-ctor").classesOf("test.hangctor").extension("test.hangctor.HangCtorHarness")
                .writeTo(dir, "hang-ctor.jar");
        long started = System.nanoTime();
        try (HarnessRegistry registry = load()) {
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(millis < 5_000, "loading took " + millis + " ms");
            assertEquals(Optional.of("Harness extension test.hangctor.HangCtorHarness could not be created:"
                    + " its constructor did not return within 400 ms"), status(registry, "hang-ctor").reason());
            assertEquals(PluginStatus.State.FAILED, status(registry, "hang-ctor").state());
            goodStillServes(registry);
        }
    }

    @Test
    void aNullIdAndAThrowingDisplayNameDropTheHarnessWithTheReason() throws IOException {
        good();
        jars.jar("null-id").classesOf("test.nullid").extension("test.nullid.NullIdHarness").writeTo(dir, "null-id.jar");
        jars.jar("bad-name").classesOf("test.badname").extension("test.badname.BadNameHarness")
                .writeTo(dir, "bad-name.jar");
        try (HarnessRegistry registry = load()) {
            Path nullId = dir.resolve("null-id.jar");
            assertEquals(Optional.of("harness test.nullid.NullIdHarness (plugin null-id@1.0.0 (" + nullId
                    + ")): id() returned null"), status(registry, "null-id").reason());
            assertEquals(Optional.of("harness test.badname.BadNameHarness failed to describe itself:"
                    + " IllegalStateException: no name today"), status(registry, "bad-name").reason());
            assertTrue(registry.find("bad_name").isEmpty());
            goodStillServes(registry);
        }
    }

    @Test
    void factoriesThatHangThrowOrReturnNullMakeTheirRoutesUnavailableWithTheReasonAndTheGoodRouteServes()
            throws IOException {
        good();
        jars.jar("hang-factory").classesOf("test.hangfactory").extension("test.hangfactory.HangFactoryHarness")
                .writeTo(dir, "hang-factory.jar");
        jars.jar("nulls").classesOf("test.nulls").extension("test.nulls.NullHarness").writeTo(dir, "nulls.jar");
        jars.jar("throwing").classesOf("test.throwing").extension("test.throwing.ThrowingHarness")
                .writeTo(dir, "throwing.jar");
        Path configFile = dir.resolve("config.yaml");
        var config = ConfigLoader.parse(configFile, """
                priority: [m]
                models:
                  m:
                    subscription:
                      - harness: good
                      - harness: hang_factory
                      - harness: nulls
                      - harness: throwing
                """, Map.of());
        try (HarnessRegistry registry = load(); DefaultProcessRunner runner = new DefaultProcessRunner(Map.of())) {
            long started = System.nanoTime();
            List<RouteEntry> entries = RoutingTables.build(config, registry, new DefaultHarnessContext(runner))
                    .entries();
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(millis < 5_000, "building the table took " + millis + " ms");
            assertTrue(entries.get(0).availability().isAvailable(), entries.get(0).availability().reason());
            assertEquals("the hang_factory plugin failed to set up this route: harness hang_factory (plugin"
                    + " hang-factory@1.0.0 (" + dir.resolve("hang-factory.jar") + ")): dispatcher() did not return"
                    + " within 400 ms", entries.get(1).availability().reason());
            assertEquals("the nulls plugin failed to set up this route: harness nulls (plugin nulls@1.0.0 ("
                    + dir.resolve("nulls.jar") + ")): dispatcher() returned null", entries.get(2).availability().reason());
            assertEquals("the throwing plugin failed to set up this route: java.lang.IllegalStateException:"
                    + " no dispatcher for you", entries.get(3).availability().reason());
        }
    }

    @Test
    void aDoctorProbeFactoryThatReturnsNullIsReportedNotANullPointer() throws IOException {
        jars.jar("nulls").classesOf("test.nulls").extension("test.nulls.NullHarness").writeTo(dir, "nulls.jar");
        try (HarnessRegistry registry = load(); DefaultProcessRunner runner = new DefaultProcessRunner(Map.of())) {
            Harness nulls = registry.find("nulls").orElseThrow();
            PluginCallException e = assertThrows(PluginCallException.class,
                    () -> nulls.doctorProbe(new DefaultHarnessContext(runner)));
            assertEquals("harness nulls (plugin nulls@1.0.0 (" + dir.resolve("nulls.jar")
                    + ")): doctorProbe() returned null", e.getMessage());
        }
    }

    @Test
    void aFailedPluginsRouteIsUnavailableWithThePluginsReasonNotJustNoPlugin() throws IOException {
        good();
        jars.jar("future").requires(">=9.0.0").classesOf("test.nulls").extension("test.nulls.NullHarness")
                .writeTo(dir, "future.jar");
        var config = ConfigLoader.parse(dir.resolve("config.yaml"),
                "priority: [m]\nmodels:\n  m: {subscription: {harness: future}}\n", Map.of());
        try (HarnessRegistry registry = load(); DefaultProcessRunner runner = new DefaultProcessRunner(Map.of())) {
            RouteEntry entry = RoutingTables.build(config, registry, new DefaultHarnessContext(runner)).entries().get(0);
            assertEquals("harness 'future' is not served: plugin future@1.0.0 (" + dir.resolve("future.jar")
                    + ") is failed: requires harness-router >=9.0.0, this is 0.1.0 (see harness-router plugins list)",
                    entry.availability().reason());
        }
    }

}
