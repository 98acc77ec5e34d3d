package io.harnessrouter.host.install;

import io.harnessrouter.api.HarnessRouterException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the installed launcher is: {@code <home>/bin/harness-router}, where home is the
 * distribution directory the launcher passes in the {@code harness-router.home} system property
 * (resolved with symbolic links followed, so the entry keeps working through a linked
 * {@code /usr/local/bin/harness-router} and stops only if the distribution itself moves).
 */
public final class Launcher {

    private Launcher() {
    }

    /** The launcher of the distribution at {@code home} (the property's value), checked to be executable. */
    public static Path locate(Optional<String> home) {
        if (home.isEmpty() || home.get().isBlank()) {
            throw new HarnessRouterException("cannot tell where the harness-router launcher is: this process was not"
                    + " started by bin/harness-router (the harness-router.home property is not set). Run install"
                    + " through the launcher, e.g. dist/harness-router/bin/harness-router install");
        }
        Path launcher = Path.of(home.get()).toAbsolutePath().normalize().resolve("bin").resolve("harness-router");
        if (!Files.isRegularFile(launcher) || !Files.isExecutable(launcher)) {
            throw new HarnessRouterException("the launcher " + launcher + " is missing or not executable, so a host"
                    + " could not start it. Rebuild the distribution (mvn -B package -DskipTests)");
        }
        return launcher;
    }
}
