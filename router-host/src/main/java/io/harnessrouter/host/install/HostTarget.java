package io.harnessrouter.host.install;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One host at one scope on one machine: the file install edits there (none when the host has no
 * file at that scope, with the reason), whether the host looks installed and by what sign, the
 * entry's shape, and what the user must still know (permissions the host asks for).
 *
 * @param file       the config file, or empty with {@code noFile} saying why
 * @param detectedBy the sign that the host is present (a directory, a binary on PATH), or empty
 * @param lookedFor  what detection looked for, for the "skipped" line
 */
public record HostTarget(Host host, Optional<Path> file, String noFile, Optional<String> detectedBy, String lookedFor) {

    /** Where {@code host} keeps its MCP servers at {@code scope} in {@code env}. */
    public static HostTarget of(Host host, Scope scope, InstallEnv env) {
        Path home = env.home();
        boolean user = scope == Scope.USER;
        Path project = env.projectDir();
        return switch (host) {
            case CLAUDE_CODE -> target(host, user ? home.resolve(".claude.json") : project.resolve(".mcp.json"),
                    env, List.of(home.resolve(".claude"), home.resolve(".claude.json")), "claude");
            case CLAUDE_DESKTOP -> {
                Path dir = env.macOs() ? home.resolve("Library/Application Support/Claude")
                        : env.windows() ? env.appData().resolve("Claude") : env.xdgConfigHome().resolve("Claude");
                yield user ? target(host, dir.resolve("claude_desktop_config.json"), env, List.of(dir))
                        : none(host, "Claude Desktop has no project-scope config");
            }
            case CURSOR -> target(host, (user ? home : project).resolve(".cursor/mcp.json"), env,
                    List.of(home.resolve(".cursor")), "cursor", "cursor-agent");
            case CODEX -> {
                Path dir = env.dirFromEnv("CODEX_HOME", home.resolve(".codex"));
                yield user ? target(host, dir.resolve("config.toml"), env, List.of(dir), "codex")
                        : none(host, "Codex reads MCP servers only from $CODEX_HOME/config.toml (user scope)");
            }
            case GEMINI -> target(host, (user ? home : project).resolve(".gemini/settings.json"), env,
                    List.of(home.resolve(".gemini")), "gemini");
            case OPENCODE -> {
                Path dir = env.xdgConfigHome().resolve("opencode");
                yield user ? target(host, opencodeFile(dir), env, List.of(dir), "opencode")
                        : none(host, "install writes opencode's user config only");
            }
            case COPILOT -> {
                Path dir = env.dirFromEnv("COPILOT_HOME", home.resolve(".copilot"));
                yield user ? target(host, dir.resolve("mcp-config.json"), env, List.of(dir), "copilot")
                        : none(host, "install writes Copilot CLI's user config only (its workspace .mcp.json is Claude Code's file too)");
            }
            case VSCODE -> {
                Path dir = env.macOs() ? home.resolve("Library/Application Support/Code/User")
                        : env.windows() ? env.appData().resolve("Code/User") : env.xdgConfigHome().resolve("Code/User");
                yield target(host, user ? dir.resolve("mcp.json") : project.resolve(".vscode/mcp.json"), env,
                        List.of(dir), "code");
            }
        };
    }

    /** opencode reads opencode.jsonc, opencode.json and config.json; the one that exists, else a new .jsonc. */
    private static Path opencodeFile(Path dir) {
        for (String name : new String[] {"opencode.jsonc", "opencode.json", "config.json"}) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        return dir.resolve("opencode.jsonc");
    }

    private static HostTarget target(Host host, Path file, InstallEnv env, List<Path> dirs, String... binaries) {
        List<String> looked = new ArrayList<>();
        Optional<String> found = Optional.empty();
        for (Path dir : dirs) {
            looked.add(dir.toString());
            if (found.isEmpty() && Files.exists(dir)) {
                found = Optional.of(dir.toString());
            }
        }
        for (String binary : binaries) {
            looked.add(binary + " on PATH");
            if (found.isEmpty()) {
                found = env.onPath(binary).map(Path::toString);
            }
        }
        return new HostTarget(host, Optional.of(file), "", found, String.join(", ", looked));
    }

    private static HostTarget none(Host host, String why) {
        return new HostTarget(host, Optional.empty(), why, Optional.empty(), "");
    }

    /** Whether the file is TOML (Codex) rather than JSON or JSONC. */
    boolean toml() {
        return host == Host.CODEX;
    }

    /** The object path under which the host keeps its servers. */
    List<String> parent() {
        return switch (host) {
            case VSCODE -> List.of("servers");
            case OPENCODE -> List.of("mcp");
            case CODEX -> List.of("mcp_servers");
            default -> List.of("mcpServers");
        };
    }

    /** The JSON entry for {@code server}, with what this host needs to call the tool without a prompt. */
    ObjectNode jsonEntry(McpServer server) {
        ObjectNode entry = JsonEntryEditor.LENIENT.createObjectNode();
        switch (host) {
            case CLAUDE_CODE, VSCODE -> entry.put("type", "stdio");
            case OPENCODE, COPILOT -> entry.put("type", "local");
            default -> {
            }
        }
        if (host == Host.OPENCODE) {
            ArrayNode command = entry.putArray("command").add(server.command().toString());
            server.args().forEach(command::add);
            return entry;
        }
        entry.put("command", server.command().toString());
        ArrayNode args = entry.putArray("args");
        server.args().forEach(args::add);
        if (host == Host.GEMINI) {
            entry.put("trust", true); // else gemini asks before each call, and headless runs cannot answer
        }
        if (host == Host.COPILOT) {
            entry.putArray("tools").add("*"); // the tools the host may call without asking
        }
        return entry;
    }

    /** The TOML keys of Codex's {@code [mcp_servers.<name>]} for {@code server}, values as TOML text. */
    Map<String, String> tomlKeys(McpServer server) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("command", TomlText.string(server.command().toString()));
        keys.put("args", TomlText.stringArray(server.args()));
        // without it `codex exec` fails the call: "MCP tool call requires approval, but approval policy is never"
        keys.put("default_tools_approval_mode", TomlText.string("approve"));
        return keys;
    }

    /** What the user must still do or know after install for this host, or empty. */
    List<String> notes(McpServer server, Scope scope, InstallEnv env) {
        List<String> notes = new ArrayList<>();
        if (host == Host.CLAUDE_CODE) {
            notes.add("Claude Code asks before the first call of mcp__" + server.name() + "__code; headless runs"
                    + " (claude -p) need --allowedTools mcp__" + server.name() + "__code");
            if (scope == Scope.PROJECT) {
                notes.add("a project's .mcp.json server waits for approval in Claude Code (claude mcp list: Pending approval)");
            }
        }
        if (host == Host.GEMINI && scope == Scope.PROJECT) {
            notes.add("Gemini CLI loads a project's servers only in a trusted folder");
        }
        if (host == Host.CLAUDE_DESKTOP && scope == Scope.USER && !env.macOs() && !env.windows()) {
            notes.add("Claude Desktop has no official Linux build; this is the file the unofficial Linux builds read");
        }
        return notes;
    }
}
