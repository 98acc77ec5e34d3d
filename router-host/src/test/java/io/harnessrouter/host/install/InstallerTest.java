package io.harnessrouter.host.install;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.harnessrouter.host.install.HostResult.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Install and uninstall per host on a temporary home; every file written is read back by a parser of its format. */
class InstallerTest {

    private static final ObjectMapper STRICT_JSON = new ObjectMapper();
    private static final ObjectMapper JSONC = JsonMapper.builder().enable(JsonParser.Feature.ALLOW_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA).build();

    @TempDir
    Path tmp;
    Path home;
    Path project;
    Map<String, String> env;
    McpServer server;

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createDirectories(tmp.resolve("home"));
        project = Files.createDirectories(tmp.resolve("project"));
        env = new HashMap<>(Map.of("PATH", Files.createDirectories(tmp.resolve("bin")).toString()));
        server = new McpServer("harness-router", tmp.resolve("dist/bin/harness-router"), List.of("--config", "/c.yaml"));
    }

    private InstallEnv linux() {
        return new InstallEnv(home, env, "Linux", project);
    }

    private HostResult installOne(Host host) {
        List<HostResult> results = new Installer(linux(), Scope.USER).install(List.of(host), server, false);
        assertEquals(1, results.size());
        return results.get(0);
    }

    /** The entry as the host's own format reads it back. */
    private JsonNode entryAsRead(Host host, Path file) throws Exception {
        String text = Files.readString(file);
        return switch (host) {
            case CODEX -> new TomlMapper().readTree(text).path("mcp_servers").path("harness-router");
            case OPENCODE -> JSONC.readTree(text).path("mcp").path("harness-router");
            case VSCODE -> STRICT_JSON.readTree(text).path("servers").path("harness-router");
            default -> STRICT_JSON.readTree(text).path("mcpServers").path("harness-router");
        };
    }

    @ParameterizedTest
    @EnumSource(Host.class)
    void eachHostGetsItsShapeInItsFileAndASecondRunLeavesTheFileByteForByte(Host host) throws Exception {
        HostResult first = installOne(host);
        assertEquals(Status.ADDED, first.status(), first.detail());
        Path file = first.file().orElseThrow();
        Path expectedFile = switch (host) {
            case CLAUDE_CODE -> home.resolve(".claude.json");
            case CLAUDE_DESKTOP -> home.resolve(".config/Claude/claude_desktop_config.json");
            case CURSOR -> home.resolve(".cursor/mcp.json");
            case CODEX -> home.resolve(".codex/config.toml");
            case GEMINI -> home.resolve(".gemini/settings.json");
            case OPENCODE -> home.resolve(".config/opencode/opencode.jsonc");
            case COPILOT -> home.resolve(".copilot/mcp-config.json");
            case VSCODE -> home.resolve(".config/Code/User/mcp.json");
        };
        assertEquals(expectedFile, file);
        JsonNode entry = entryAsRead(host, file);
        String launcher = server.command().toString();
        if (host == Host.OPENCODE) {
            assertEquals("local", entry.path("type").asText());
            assertEquals(List.of(launcher, "--config", "/c.yaml"), STRICT_JSON.convertValue(entry.path("command"), List.class));
        } else {
            assertEquals(launcher, entry.path("command").asText());
            assertEquals(List.of("--config", "/c.yaml"), STRICT_JSON.convertValue(entry.path("args"), List.class));
        }
        switch (host) {
            case CODEX -> assertEquals("approve", entry.path("default_tools_approval_mode").asText());
            case GEMINI -> assertTrue(entry.path("trust").asBoolean(), entry.toString());
            case COPILOT -> assertEquals("[\"*\"]", entry.path("tools").toString());
            case CLAUDE_CODE, VSCODE -> assertEquals("stdio", entry.path("type").asText());
            default -> {
            }
        }
        assertEquals(host == Host.CLAUDE_CODE, first.notes().stream().anyMatch(n -> n.contains("--allowedTools mcp__harness-router__code")));

        byte[] before = Files.readAllBytes(file);
        long modified = Files.getLastModifiedTime(file).toMillis();
        Thread.sleep(5);
        HostResult second = installOne(host);
        assertEquals(Status.UNCHANGED, second.status());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(modified, Files.getLastModifiedTime(file).toMillis());
        assertFalse(Files.exists(HostFiles.backupOf(file)), "a new file needs no backup");
    }

    @Test
    void opencodeKeepsTheUsersJsoncCommentsAndCodexTheUsersToml() throws Exception {
        Path jsonc = Files.createDirectories(home.resolve(".config/opencode")).resolve("opencode.jsonc");
        String users = "{\n  // my model\n  \"model\": \"x\",\n  \"mcp\": {\n    \"other\": {\"type\": \"local\", \"command\": [\"y\"]},\n  },\n}\n";
        Files.writeString(jsonc, users);
        Path toml = Files.createDirectories(home.resolve(".codex")).resolve("config.toml");
        String usersToml = "# codex\nmodel = \"o3\" # default\n\n[mcp_servers.other]\ncommand = \"y\"\n";
        Files.writeString(toml, usersToml);

        installOne(Host.OPENCODE);
        installOne(Host.CODEX);

        String jsoncAfter = Files.readString(jsonc);
        assertTrue(jsoncAfter.startsWith("{\n  // my model\n  \"model\": \"x\",\n  \"mcp\": {\n    \"other\": {\"type\": \"local\", \"command\": [\"y\"]},\n"), jsoncAfter);
        assertEquals("y", JSONC.readTree(jsoncAfter).path("mcp").path("other").path("command").get(0).asText());
        String tomlAfter = Files.readString(toml);
        assertTrue(tomlAfter.startsWith(usersToml), tomlAfter);
        assertEquals("y", new TomlMapper().readTree(tomlAfter).path("mcp_servers").path("other").path("command").asText());
    }

    @Test
    void theFirstChangeBacksTheFileUpOnceAndEveryWriteReplacesItAtomicallyKeepingItsMode() throws Exception {
        Path file = Files.createDirectories(home.resolve(".gemini")).resolve("settings.json");
        String original = "{\"theme\": \"dark\"}\n";
        Files.writeString(file, original);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        Path link = tmp.resolve("hard-link");
        Files.createLink(link, file);

        HostResult first = installOne(Host.GEMINI);
        assertEquals(Status.ADDED, first.status());
        assertEquals(HostFiles.backupOf(file), first.backup().orElseThrow());
        assertEquals(original, Files.readString(HostFiles.backupOf(file)));
        assertEquals(original, Files.readString(link), "replaced by a rename, not rewritten in place");
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of("settings.json", "settings.json.harness-router.bak"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }

        server = new McpServer("harness-router", tmp.resolve("elsewhere/bin/harness-router"), List.of());
        HostResult second = installOne(Host.GEMINI);
        assertEquals(Status.UPDATED, second.status());
        assertTrue(second.backup().isEmpty());
        assertEquals(original, Files.readString(HostFiles.backupOf(file)), "the first backup is the user's own file");
    }

    @Test
    void aSymbolicLinkStaysALinkAndItsTargetIsEdited() throws Exception {
        Path target = Files.createDirectories(tmp.resolve("dotfiles")).resolve("mcp.json");
        Files.writeString(target, "{}");
        Files.createSymbolicLink(Files.createDirectories(home.resolve(".cursor")).resolve("mcp.json"), target);

        installOne(Host.CURSOR);

        assertTrue(Files.isSymbolicLink(home.resolve(".cursor/mcp.json")));
        assertEquals(server.command().toString(), entryAsRead(Host.CURSOR, target).path("command").asText());
    }

    @Test
    void anUnsafeFileIsLeftUntouchedAndTheSnippetIsOffered() throws Exception {
        Path toml = Files.createDirectories(home.resolve(".codex")).resolve("config.toml");
        String text = "[mcp_servers.harness-router]\ncommand = \"a\"\n\n[mcp_servers.harness-router]\ncommand = \"b\"\n";
        Files.writeString(toml, text);

        HostResult result = installOne(Host.CODEX);

        assertEquals(Status.FAILED, result.status());
        assertEquals("left untouched, " + toml + ": the table [mcp_servers.harness-router] is defined 2 times", result.detail());
        assertEquals(text, Files.readString(toml));
        assertFalse(Files.exists(HostFiles.backupOf(toml)));
        assertEquals("# " + toml + "\n[mcp_servers.harness-router]\ncommand = \"" + server.command()
                + "\"\nargs = [\"--config\", \"/c.yaml\"]\ndefault_tools_approval_mode = \"approve\"\n", result.snippet().orElseThrow());
    }

    @Test
    void withNoTargetOnlyDetectedHostsAreEditedAndTheRestAreSkippedWithWhatWasLookedFor() throws Exception {
        Files.createDirectories(home.resolve(".gemini"));
        Path codex = Files.createFile(tmp.resolve("bin/codex"));
        codex.toFile().setExecutable(true);

        List<HostResult> results = new Installer(linux(), Scope.USER).install(List.of(), server, false);

        Map<Host, Status> statuses = new HashMap<>();
        results.forEach(r -> statuses.put(r.host(), r.status()));
        assertEquals(Status.ADDED, statuses.get(Host.GEMINI));
        assertEquals(Status.ADDED, statuses.get(Host.CODEX));
        for (Host host : List.of(Host.CLAUDE_CODE, Host.CLAUDE_DESKTOP, Host.CURSOR, Host.OPENCODE, Host.COPILOT, Host.VSCODE)) {
            assertEquals(Status.SKIPPED, statuses.get(host), host.id());
            assertFalse(Files.exists(HostTarget.of(host, Scope.USER, linux()).file().orElseThrow()), host.id());
        }
        HostResult cursor = results.stream().filter(r -> r.host() == Host.CURSOR).findFirst().orElseThrow();
        assertEquals("not detected (looked for " + home.resolve(".cursor") + ", cursor on PATH, cursor-agent on PATH)", cursor.detail());
    }

    @Test
    void theEnvironmentMovesCodexCopilotAndXdgFilesAndMacOsAndWindowsHaveTheirOwnPaths() {
        env.put("CODEX_HOME", tmp.resolve("codex-home").toString());
        env.put("COPILOT_HOME", tmp.resolve("copilot-home").toString());
        env.put("XDG_CONFIG_HOME", tmp.resolve("xdg").toString());
        assertEquals(tmp.resolve("codex-home/config.toml"), installOne(Host.CODEX).file().orElseThrow());
        assertEquals(tmp.resolve("copilot-home/mcp-config.json"), installOne(Host.COPILOT).file().orElseThrow());
        assertEquals(tmp.resolve("xdg/opencode/opencode.jsonc"), installOne(Host.OPENCODE).file().orElseThrow());
        assertEquals(tmp.resolve("xdg/Code/User/mcp.json"), installOne(Host.VSCODE).file().orElseThrow());
        assertEquals(tmp.resolve("xdg/Claude/claude_desktop_config.json"), installOne(Host.CLAUDE_DESKTOP).file().orElseThrow());

        InstallEnv mac = new InstallEnv(home, env, "Mac OS X", project);
        assertEquals(home.resolve("Library/Application Support/Claude/claude_desktop_config.json"),
                HostTarget.of(Host.CLAUDE_DESKTOP, Scope.USER, mac).file().orElseThrow());
        assertEquals(home.resolve("Library/Application Support/Code/User/mcp.json"),
                HostTarget.of(Host.VSCODE, Scope.USER, mac).file().orElseThrow());
        env.put("APPDATA", tmp.resolve("roaming").toString());
        InstallEnv windows = new InstallEnv(home, env, "Windows 11", project);
        assertEquals(tmp.resolve("roaming/Claude/claude_desktop_config.json"),
                HostTarget.of(Host.CLAUDE_DESKTOP, Scope.USER, windows).file().orElseThrow());
    }

    @Test
    void projectScopeWritesTheProjectsFilesAndRefusesHostsThatHaveNone() throws Exception {
        List<HostResult> results = new Installer(linux(), Scope.PROJECT)
                .install(List.of(Host.CLAUDE_CODE, Host.CURSOR, Host.GEMINI, Host.VSCODE, Host.CODEX), server, false);
        assertEquals(project.resolve(".mcp.json"), results.get(0).file().orElseThrow());
        assertEquals(project.resolve(".cursor/mcp.json"), results.get(1).file().orElseThrow());
        assertEquals(project.resolve(".gemini/settings.json"), results.get(2).file().orElseThrow());
        assertEquals(project.resolve(".vscode/mcp.json"), results.get(3).file().orElseThrow());
        results.subList(0, 4).forEach(r -> assertEquals(Status.ADDED, r.status(), r.host().id()));
        assertEquals(Status.FAILED, results.get(4).status());
        assertEquals("Codex reads MCP servers only from $CODEX_HOME/config.toml (user scope)", results.get(4).detail());
        assertFalse(Files.exists(home.resolve(".claude.json")));
    }

    @Test
    void printShowsTheSnippetAndWhatWouldChangeAndWritesNothing() throws Exception {
        List<HostResult> results = new Installer(linux(), Scope.USER).install(List.of(Host.CURSOR), server, true);
        assertEquals(Status.PRINTED, results.get(0).status());
        assertEquals("would write: added entry", results.get(0).detail());
        assertTrue(results.get(0).snippet().orElseThrow().startsWith("// " + home.resolve(".cursor/mcp.json") + "\n{\n  \"mcpServers\": {"));
        assertFalse(Files.exists(home.resolve(".cursor")));
    }

    @Test
    void uninstallRemovesOurEntryFromEveryHostThatHasAFileAndLeavesTheOthersEntries() throws Exception {
        for (Host host : Host.values()) {
            installOne(host);
        }
        Path claude = home.resolve(".claude.json");
        String withOther = Files.readString(claude).replace("\"mcpServers\": {", "\"mcpServers\": {\n    \"other\": {\"command\": \"o\"},");
        Files.writeString(claude, withOther);

        List<HostResult> results = new Installer(linux(), Scope.USER).uninstall(List.of(), "harness-router", false);

        results.forEach(r -> assertEquals(Status.REMOVED, r.status(), r.host().id() + ": " + r.detail()));
        for (Host host : Host.values()) {
            Path file = HostTarget.of(host, Scope.USER, linux()).file().orElseThrow();
            assertTrue(entryAsRead(host, file).isMissingNode(), host.id());
        }
        assertEquals("o", STRICT_JSON.readTree(Files.readString(claude)).path("mcpServers").path("other").path("command").asText());
        assertEquals(Status.ABSENT, new Installer(linux(), Scope.USER).uninstall(List.of(Host.CODEX), "harness-router", false).get(0).status());
    }
}
