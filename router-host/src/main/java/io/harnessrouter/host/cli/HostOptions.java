package io.harnessrouter.host.cli;

import io.harnessrouter.host.install.Host;
import io.harnessrouter.host.install.McpServer;
import io.harnessrouter.host.install.Scope;
import io.harnessrouter.host.plugins.PluginDirs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The options install and uninstall share: which hosts, under which name, at which scope, how to report. */
final class HostOptions {

    /** For completion and help: the target ids. */
    static final class TargetIds implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Host.values()).map(Host::id).iterator();
        }
    }

    /** For completion and help: the scopes. */
    static final class ScopeNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("user", "project").iterator();
        }
    }

    @Option(names = "--target", paramLabel = "<host>", split = ",", completionCandidates = TargetIds.class,
            description = "Host to edit (repeatable or comma-separated): ${COMPLETION-CANDIDATES}."
                    + " Default: every host that is detected.")
    List<String> targets = new ArrayList<>();

    @Option(names = "--name", paramLabel = "<name>", defaultValue = "harness-router",
            description = "Server name in the host (default: ${DEFAULT-VALUE}); the tool is then mcp__<name>__code in Claude Code.")
    String name;

    @Option(names = "--scope", paramLabel = "<scope>", defaultValue = "user", completionCandidates = ScopeNames.class,
            description = "user (default: the host's user-wide file) or project (the file in the current directory,"
                    + " for claude-code, cursor, gemini and vscode).")
    String scope;

    @Option(names = "--print", description = "Show the entries and what would change; write nothing.")
    boolean print;

    @Option(names = "--json", description = "Report as JSON on stdout, for programs.")
    boolean json;

    List<Host> hosts(CommandLine cmd) {
        List<Host> hosts = new ArrayList<>();
        for (String id : targets) {
            Host host = Host.byId(id.trim()).orElseThrow(() -> new ParameterException(cmd,
                    "--target: unknown host '" + id + "'. Expected one of: " + Host.ids()));
            if (!hosts.contains(host)) {
                hosts.add(host);
            }
        }
        return hosts;
    }

    Scope scope(CommandLine cmd) {
        return switch (scope.toLowerCase(Locale.ROOT)) {
            case "user" -> Scope.USER;
            case "project" -> Scope.PROJECT;
            default -> throw new ParameterException(cmd, "--scope: expected user or project, not '" + scope + "'");
        };
    }

    String name(CommandLine cmd) {
        if (!McpServer.NAME.matcher(name).matches()) {
            throw new ParameterException(cmd, "--name: '" + name + "' must be 1 to 64 letters, digits, '-' or '_',"
                    + " starting with a letter or digit");
        }
        return name;
    }

    /** The distribution directory: the launcher's property, else {@code $HARNESS_ROUTER_HOME}. */
    static Optional<String> launcherHome(java.util.Map<String, String> env) {
        return Optional.ofNullable(System.getProperty(PluginDirs.HOME_PROPERTY))
                .or(() -> Optional.ofNullable(env.get(PluginDirs.HOME_ENV)));
    }
}
