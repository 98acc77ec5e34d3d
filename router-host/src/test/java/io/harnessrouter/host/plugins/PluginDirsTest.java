package io.harnessrouter.host.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PluginDirsTest {

    private static final Path HOME = Path.of("/home/dev");

    @Test
    void defaultsToTheUserPluginsDirUnderHomeAndNoBundledDir() {
        PluginDirs dirs = PluginDirs.resolve(Optional.empty(), Map.of(), HOME, Optional.empty());

        assertEquals(new PluginDirs(Path.of("/home/dev/.harness-router/plugins"), Optional.empty()), dirs);
        assertEquals(List.of(Path.of("/home/dev/.harness-router/plugins")), dirs.searchOrder());
    }

    @Test
    void flagBeatsEnvironmentForTheUserDir() {
        PluginDirs dirs = PluginDirs.resolve(Optional.of(Path.of("/opt/mine")),
                Map.of("HARNESS_ROUTER_PLUGINS_DIR", "/env/plugins"), HOME, Optional.empty());

        assertEquals(Path.of("/opt/mine"), dirs.user());
    }

    @Test
    void environmentBeatsTheHomeDefaultAndExpandsTilde() {
        PluginDirs dirs = PluginDirs.resolve(Optional.empty(),
                Map.of("HARNESS_ROUTER_PLUGINS_DIR", "~/custom"), HOME, Optional.empty());

        assertEquals(Path.of("/home/dev/custom"), dirs.user());
    }

    @Test
    void blankEnvironmentValuesCountAsUnset() {
        PluginDirs dirs = PluginDirs.resolve(Optional.empty(),
                Map.of("HARNESS_ROUTER_PLUGINS_DIR", " ", "HARNESS_ROUTER_HOME", ""), HOME, Optional.empty());

        assertEquals(new PluginDirs(Path.of("/home/dev/.harness-router/plugins"), Optional.empty()), dirs);
    }

    @Test
    void bundledDirComesFromTheLauncherPropertyBeforeTheEnvironment() {
        PluginDirs dirs = PluginDirs.resolve(Optional.empty(), Map.of("HARNESS_ROUTER_HOME", "/env/home"), HOME,
                Optional.of("/opt/harness-router"));

        assertEquals(Optional.of(Path.of("/opt/harness-router/plugins")), dirs.bundled());
    }

    @Test
    void bundledDirFallsBackToTheHomeEnvironmentVariable() {
        PluginDirs dirs = PluginDirs.resolve(Optional.empty(), Map.of("HARNESS_ROUTER_HOME", "/env/home"), HOME,
                Optional.empty());

        assertEquals(Optional.of(Path.of("/env/home/plugins")), dirs.bundled());
    }

    @Test
    void searchOrderPutsTheUserDirFirstAndDropsADuplicateBundledDir() {
        PluginDirs both = PluginDirs.resolve(Optional.of(Path.of("/u")), Map.of(), HOME, Optional.of("/dist"));
        PluginDirs same = PluginDirs.resolve(Optional.of(Path.of("/dist/plugins")), Map.of(), HOME,
                Optional.of("/dist"));

        assertEquals(List.of(Path.of("/u"), Path.of("/dist/plugins")), both.searchOrder());
        assertEquals(List.of(Path.of("/dist/plugins")), same.searchOrder());
    }

    @Test
    void relativePathsAreMadeAbsolute() {
        PluginDirs dirs = PluginDirs.resolve(Optional.of(Path.of("rel/plugins")), Map.of(), HOME, Optional.empty());

        assertEquals(Path.of("rel/plugins").toAbsolutePath().normalize(), dirs.user());
    }
}
