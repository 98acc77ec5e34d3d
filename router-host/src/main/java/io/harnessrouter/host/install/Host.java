package io.harnessrouter.host.install;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The MCP hosts install knows, by the ids {@code --target} takes (the npm harness-router's, plus four). */
public enum Host {
    CLAUDE_CODE("claude-code", "Claude Code"),
    CLAUDE_DESKTOP("claude-desktop", "Claude Desktop"),
    CURSOR("cursor", "Cursor"),
    CODEX("codex", "Codex"),
    GEMINI("gemini", "Gemini CLI"),
    OPENCODE("opencode", "opencode"),
    COPILOT("copilot", "Copilot CLI"),
    VSCODE("vscode", "VS Code");

    private final String id;
    private final String displayName;

    Host(String id, String displayName) {
        this.id = id;
        this.displayName = displayName;
    }

    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    /** The host with this {@code --target} id. */
    public static Optional<Host> byId(String id) {
        return Arrays.stream(values()).filter(h -> h.id.equals(id)).findFirst();
    }

    /** Every id, comma-separated, for error messages and help. */
    public static String ids() {
        return Arrays.stream(values()).map(Host::id).collect(Collectors.joining(", "));
    }
}
