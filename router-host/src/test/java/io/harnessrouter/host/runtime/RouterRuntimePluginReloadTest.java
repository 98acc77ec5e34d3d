package io.harnessrouter.host.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.host.plugins.PluginDirs;
import io.harnessrouter.host.plugins.PluginStateFile;
import io.harnessrouter.host.plugins.TestPluginJars;
import io.harnessrouter.host.routing.MutableClock;
import io.harnessrouter.host.status.StatusReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7 §2: a running server notices a plugin installed into, disabled in, or removed from the
 * user plugins directory on its next request once the watch interval has passed; no restart.
 */
class RouterRuntimePluginReloadTest {

    @TempDir
    Path home;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T12:00:00Z"));

    private static final String HARNESS = """
            package test.live;
            import io.harnessrouter.api.*;
            import java.util.*;
            @org.pf4j.Extension
            public class LiveHarness implements Harness {
                public String id() { return "live"; }
                public String displayName() { return "Live CLI"; }
                public Optional<String> defaultCommand() { return Optional.empty(); }
                public Dispatcher dispatcher(RouteSpec r, HarnessContext c) {
                    return new Dispatcher() {
                        public RouteSpec route() { return r; }
                        public Availability availability() { return Availability.ok(); }
                        public DispatchResult dispatch(DispatchRequest q, DispatchListener l) {
                            return DispatchResult.success("live says hi").build();
                        }
                    };
                }
                public DoctorProbe doctorProbe(HarnessContext c) { throw new UnsupportedOperationException(); }
            }
            """;

    private StatusReport.RouteStatus route(RouterRuntime runtime) throws InterruptedException {
        return runtime.status().routes().get(0);
    }

    @Test
    void aPluginInstalledDisabledAndRemovedWhileRunningChangesItsRouteWithoutARestart() throws Exception {
        TestPluginJars jars = TestPluginJars.compile(home.resolve("compile"), Map.of("test.live.LiveHarness", HARNESS));
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        Path config = Files.writeString(home.resolve("config.yaml"),
                "priority: [m]\nmodels:\n  m: {subscription: {harness: live}}\n");
        try (RouterRuntime runtime = new RouterRuntime(new RuntimeOptions(Optional.of(config),
                Optional.of(home.resolve("state.db")), Optional.of(plugins), Map.of("HOME", home.toString()), home,
                "0.1.0", clock))) {
            runtime.start().get();
            assertTrue(route(runtime).availabilityReason().startsWith("no plugin provides harness 'live'"),
                    route(runtime).availabilityReason());

            Path jar = jars.jar("live-plugin").classesOf("test.live").extension("test.live.LiveHarness")
                    .writeTo(plugins, "live-plugin-1.0.0.jar");
            clock.advance(Duration.ofSeconds(2));
            assertTrue(route(runtime).available(), route(runtime).availabilityReason());
            assertEquals("live says hi", runtime.router().route(io.harnessrouter.host.routing.RouteRequest.of("r1",
                    "hello"), io.harnessrouter.host.routing.RouteListener.NONE).result().orElseThrow().output());

            PluginStateFile.of(PluginDirs.resolve(Optional.of(plugins), Map.of(), home)).set("live-plugin", true);
            clock.advance(Duration.ofSeconds(2));
            assertEquals("harness 'live' is not served: plugin live-plugin@1.0.0 (" + jar + ") is disabled"
                    + " (see harness-router plugins list)", route(runtime).availabilityReason());
            assertTrue(Banner.lines(runtime.status(), "0.1.0").stream().anyMatch(l -> l.contains(
                    "1 route is unavailable (harness 'live' is not served: plugin live-plugin@1.0.0")),
                    Banner.lines(runtime.status(), "0.1.0").toString());

            PluginStateFile.of(PluginDirs.resolve(Optional.of(plugins), Map.of(), home)).set("live-plugin", false);
            Files.delete(jar);
            clock.advance(Duration.ofSeconds(2));
            assertTrue(route(runtime).availabilityReason().startsWith("no plugin provides harness 'live'"),
                    route(runtime).availabilityReason());
        }
    }
}
