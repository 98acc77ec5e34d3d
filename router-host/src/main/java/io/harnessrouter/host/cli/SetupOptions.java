package io.harnessrouter.host.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --config} and {@code --plugins-dir}: where the server and every command that reads the
 * config or loads plugins find them. A picocli mixin, so each command declares them once and they
 * read the same everywhere.
 */
final class SetupOptions {

    @Option(names = "--config", paramLabel = "<file>",
            description = "Config file (default: $HARNESS_ROUTER_CONFIG, else ~/.harness-router/config.yaml).")
    Path config;

    @Option(names = "--plugins-dir", paramLabel = "<dir>",
            description = "User plugins directory (default: $HARNESS_ROUTER_PLUGINS_DIR, else ~/.harness-router/plugins).")
    Path pluginsDir;

    /** These options where given, else {@code fallback}'s (a subcommand's given after its parent's win). */
    SetupOptions orElse(SetupOptions fallback) {
        SetupOptions merged = new SetupOptions();
        merged.config = Optional.ofNullable(config).orElse(fallback == null ? null : fallback.config);
        merged.pluginsDir = Optional.ofNullable(pluginsDir).orElse(fallback == null ? null : fallback.pluginsDir);
        return merged;
    }
}
