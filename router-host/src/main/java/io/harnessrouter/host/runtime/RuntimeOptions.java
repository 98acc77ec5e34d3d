package io.harnessrouter.host.runtime;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Where the application finds its files, from command-line flags, the environment and the home
 * directory. Immutable.
 *
 * @param configFlag     {@code --config}
 * @param stateDbFlag    {@code --state-db}
 * @param pluginsDirFlag {@code --plugins-dir}
 * @param env            the process environment
 * @param home           the user's home directory
 * @param version        this build's version (plugins' {@code Plugin-Requires} is checked against it)
 * @param clock          the clock for breakers, quota and durations
 */
public record RuntimeOptions(
        Optional<Path> configFlag,
        Optional<Path> stateDbFlag,
        Optional<Path> pluginsDirFlag,
        Map<String, String> env,
        Path home,
        String version,
        Clock clock) {

    public RuntimeOptions {
        configFlag = configFlag == null ? Optional.empty() : configFlag;
        stateDbFlag = stateDbFlag == null ? Optional.empty() : stateDbFlag;
        pluginsDirFlag = pluginsDirFlag == null ? Optional.empty() : pluginsDirFlag;
        env = Map.copyOf(env);
        clock = clock == null ? Clock.systemUTC() : clock;
    }
}
