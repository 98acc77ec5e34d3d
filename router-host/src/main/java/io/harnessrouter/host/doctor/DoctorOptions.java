package io.harnessrouter.host.doctor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code harness-router doctor} was asked to check, and where it looks. Immutable.
 *
 * @param configFlag     {@code --config}; else {@code $HARNESS_ROUTER_CONFIG}, else
 *                       {@code ~/.harness-router/config.yaml}, as for the server
 * @param pluginsDirFlag {@code --plugins-dir}; else as for the server
 * @param harness        {@code --harness}: the id or alias of the one harness to check, empty
 *                       for all; {@link DoctorSession} resolves it
 * @param liveProbes     false with {@code --no-verify}: no route is sent a prompt
 * @param env            the process environment (PATH, HOME, {@code ${VAR}} values); copied
 * @param home           the user's home directory
 * @param version        this build's version, shown in the header and checked against plugins'
 *                       {@code Plugin-Requires}
 * @param checkTimeout   what each {@link io.harnessrouter.api.DoctorProbe#check} may take
 * @param probeTimeout   what each live probe of a route may take
 */
public record DoctorOptions(
        Optional<Path> configFlag,
        Optional<Path> pluginsDirFlag,
        Optional<String> harness,
        boolean liveProbes,
        Map<String, String> env,
        Path home,
        String version,
        Duration checkTimeout,
        Duration probeTimeout) {

    /** Time a harness check gets: 10 s. */
    public static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);
    /** Time a live probe of one route gets: 60 s. */
    public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(60);

    public DoctorOptions {
        configFlag = configFlag == null ? Optional.empty() : configFlag;
        pluginsDirFlag = pluginsDirFlag == null ? Optional.empty() : pluginsDirFlag;
        harness = harness == null ? Optional.empty() : harness;
        env = Map.copyOf(env);
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(version, "version");
        checkTimeout = checkTimeout == null ? CHECK_TIMEOUT : checkTimeout;
        probeTimeout = probeTimeout == null ? PROBE_TIMEOUT : probeTimeout;
    }
}
