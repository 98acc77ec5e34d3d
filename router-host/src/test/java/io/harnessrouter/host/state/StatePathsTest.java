package io.harnessrouter.host.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatePathsTest {

    @TempDir
    Path home;

    @Test
    void theFlagWinsOverTheEnvironment() {
        Path flag = home.resolve("flag/state.db");

        Path file = StatePaths.resolve(Optional.of(flag), Map.of("HARNESS_ROUTER_STATE_DB", "/elsewhere.db"), home);

        assertEquals(flag, file);
        assertTrue(Files.isDirectory(home.resolve("flag")));
    }

    @Test
    void theEnvironmentWinsOverTheDefault() {
        Path env = home.resolve("env/dir/state.db");

        Path file = StatePaths.resolve(Optional.empty(), Map.of("HARNESS_ROUTER_STATE_DB", env.toString()), home);

        assertEquals(env, file);
        assertTrue(Files.isDirectory(home.resolve("env/dir")));
    }

    @Test
    void aTildeInTheEnvironmentMeansHome() {
        Path file = StatePaths.resolve(Optional.empty(), Map.of("HARNESS_ROUTER_STATE_DB", "~/x/s.db"), home);

        assertEquals(home.resolve("x/s.db"), file);
    }

    @Test
    void defaultsToTheNpmToolsLocationUnderHome() {
        Path file = StatePaths.resolve(Optional.empty(), Map.of("HARNESS_ROUTER_STATE_DB", "  "), home);

        assertEquals(home.resolve(".harness-router/state.db"), file);
        assertTrue(Files.isDirectory(home.resolve(".harness-router")));
    }

    @Test
    void aRelativeFlagIsMadeAbsolute() {
        Path file = StatePaths.resolve(Optional.of(Path.of("target/state-paths-test/../state.db")), Map.of(), home);

        assertEquals(Path.of("target/state.db").toAbsolutePath(), file);
    }

    @Test
    void aDirectoryThatCannotBeCreatedIsReportedWithTheNextStep() throws Exception {
        Files.writeString(home.resolve(".harness-router"), "a file where the directory should be");
        Path dir = home.resolve(".harness-router");

        StateException e = assertThrows(StateException.class, () -> StatePaths.resolve(Optional.empty(), Map.of(), home));

        assertEquals("Cannot create the directory " + dir + " for the state database " + dir.resolve("state.db")
                + " (" + new FileAlreadyExistsException(dir.toString()) + "). Create it by hand, or set"
                + " HARNESS_ROUTER_STATE_DB (or --state-db) to a writable location.", e.getMessage());
    }
}
