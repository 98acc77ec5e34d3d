package io.harnessrouter.host.plugins;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the registry knows about one harness it serves, for {@code plugins list}, {@code doctor}
 * and the status resource.
 *
 * @param id          the harness id ({@code claude_code})
 * @param aliases     other ids that resolve to it, in the order the harness declared them, minus
 *                    any alias another harness already owns
 * @param displayName the human name ({@code Claude Code CLI})
 * @param source      {@code builtin}, or {@code plugin <pluginId>@<version> (<jar path>)}
 * @param replaced    the source of the built-in harness this plugin harness replaced, if any
 */
public record HarnessInfo(
        String id, List<String> aliases, String displayName, String source, Optional<String> replaced) {

    /** Source of harnesses found on the host's class path. */
    public static final String BUILTIN = "builtin";

    public HarnessInfo {
        Objects.requireNonNull(id, "id");
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(source, "source");
        replaced = replaced == null ? Optional.empty() : replaced;
    }
}
