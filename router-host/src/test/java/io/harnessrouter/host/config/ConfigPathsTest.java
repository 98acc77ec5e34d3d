package io.harnessrouter.host.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigPathsTest {
    private static final Path HOME = Path.of("/home/dev");

    @Test
    void prefersTheConfigFlag() {
        assertEquals(Path.of("/etc/hr.yaml"), ConfigPaths.resolve(Optional.of(Path.of("/etc/hr.yaml")),
                Map.of("HARNESS_ROUTER_CONFIG", "/env/hr.yaml"), HOME));
    }

    @Test
    void usesTheEnvironmentVariableWithoutAFlag() {
        assertEquals(Path.of("/env/hr.yaml"),
                ConfigPaths.resolve(Optional.empty(), Map.of("HARNESS_ROUTER_CONFIG", "/env/hr.yaml"), HOME));
    }

    @Test
    void fallsBackToTheFileInTheHomeDirectory() {
        assertEquals(Path.of("/home/dev/.harness-router/config.yaml"),
                ConfigPaths.resolve(Optional.empty(), Map.of(), HOME));
        assertEquals(Path.of("/home/dev/.harness-router/config.yaml"), ConfigPaths.defaultPath(HOME));
    }

    @Test
    void treatsABlankEnvironmentVariableAsUnset() {
        assertEquals(Path.of("/home/dev/.harness-router/config.yaml"),
                ConfigPaths.resolve(Optional.empty(), Map.of("HARNESS_ROUTER_CONFIG", "  "), HOME));
    }

    @Test
    void expandsALeadingTildeSinceMcpHostsRunNoShell() {
        assertEquals(Path.of("/home/dev/cfg/hr.yaml"),
                ConfigPaths.resolve(Optional.empty(), Map.of("HARNESS_ROUTER_CONFIG", "~/cfg/hr.yaml"), HOME));
        assertEquals(Path.of("/home/dev/hr.yaml"), ConfigPaths.resolve(Optional.of(Path.of("~/hr.yaml")), Map.of(), HOME));
        assertEquals(Path.of("~user/hr.yaml"), ConfigPaths.resolve(Optional.of(Path.of("~user/hr.yaml")), Map.of(), HOME));
    }
}
