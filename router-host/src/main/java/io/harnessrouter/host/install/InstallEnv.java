package io.harnessrouter.host.install;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What install reads of the machine, given explicitly so tests run on a temporary home: the home
 * directory, the environment ({@code PATH}, {@code CODEX_HOME}, {@code COPILOT_HOME},
 * {@code XDG_CONFIG_HOME}, {@code APPDATA}), the OS name and the project directory for
 * {@code --scope project}.
 */
public record InstallEnv(Path home, Map<String, String> env, String osName, Path projectDir) {

    public InstallEnv {
        env = Map.copyOf(env);
    }

    /** The running process's. */
    public static InstallEnv current(Path home) {
        return new InstallEnv(home, System.getenv(), System.getProperty("os.name"), Path.of("").toAbsolutePath());
    }

    boolean macOs() {
        return osName.toLowerCase(Locale.ROOT).startsWith("mac");
    }

    boolean windows() {
        return osName.toLowerCase(Locale.ROOT).startsWith("windows");
    }

    /** A directory from the environment variable {@code name}, else {@code fallback}. */
    Path dirFromEnv(String name, Path fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : Path.of(value);
    }

    /** {@code $XDG_CONFIG_HOME}, else {@code ~/.config}. */
    Path xdgConfigHome() {
        return dirFromEnv("XDG_CONFIG_HOME", home.resolve(".config"));
    }

    /** Windows' roaming application data: {@code %APPDATA%}, else {@code ~/AppData/Roaming}. */
    Path appData() {
        return dirFromEnv("APPDATA", home.resolve("AppData").resolve("Roaming"));
    }

    /** The first executable {@code binary} on {@code PATH}. */
    Optional<Path> onPath(String binary) {
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            for (String name : windows() ? new String[] {binary + ".exe", binary + ".cmd", binary} : new String[] {binary}) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
