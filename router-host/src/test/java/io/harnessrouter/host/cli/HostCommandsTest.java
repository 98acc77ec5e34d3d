package io.harnessrouter.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harnessrouter.host.install.InstallEnv;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** install and uninstall through the command line: exit codes, the report, --json, --config pass-through. */
class HostCommandsTest {

    @TempDir
    Path tmp;
    Path home;
    Path dist;
    Optional<String> launcherHome;

    record Run(int code, String out, String err) {
    }

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createDirectories(tmp.resolve("home"));
        dist = tmp.resolve("dist");
        Path launcher = Files.createDirectories(dist.resolve("bin")).resolve("harness-router");
        Files.writeString(launcher, "#!/bin/sh\n");
        launcher.toFile().setExecutable(true);
        launcherHome = Optional.of(dist.toString());
    }

    private Run run(String... args) {
        InstallEnv env = new InstallEnv(home, Map.of("PATH", tmp.resolve("no-bin").toString()), "Linux", tmp.resolve("project"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == InstallCommand.class) {
                    return type.cast(new InstallCommand(env, launcherHome));
                }
                if (type == UninstallCommand.class) {
                    return type.cast(new UninstallCommand(env));
                }
                return CommandLine.defaultFactory().create(type);
            }
        };
        CommandLine cmd = new CommandLine(new RootCommand(new PrintStream(OutputStream.nullOutputStream())), factory);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return new Run(cmd.execute(args), out.toString(), err.toString());
    }

    @Test
    void installIntoANamedHostReportsTheFileAndPassesTheConfigAsAnAbsolutePath() throws Exception {
        Run r = run("--config", "rel/config.yaml", "install", "--target", "cursor,gemini");
        assertEquals(0, r.code(), r.err());
        Path launcher = dist.resolve("bin/harness-router");
        String config = Path.of("rel/config.yaml").toAbsolutePath().toString();
        assertEquals("Installing harness-router (" + launcher + " --config " + config + "), user scope:\n"
                + "  ✓ Cursor: added entry (" + home.resolve(".cursor/mcp.json") + ")\n"
                + "  ✓ Gemini CLI: added entry (" + home.resolve(".gemini/settings.json") + ")\n"
                + "Restart those hosts (or start a new session) to load it; `harness-router doctor` checks the routes.\n",
                r.out());
        JsonNode entry = new ObjectMapper().readTree(home.resolve(".cursor/mcp.json").toFile()).path("mcpServers").path("harness-router");
        assertEquals(launcher.toString(), entry.path("command").asText());
        assertEquals("[\"--config\",\"" + config + "\"]", entry.path("args").toString());

        Run again = run("install", "--target", "cursor", "--config", "rel/config.yaml");
        assertEquals(0, again.code());
        assertTrue(again.out().contains("  ─ Cursor: already up to date (" + home.resolve(".cursor/mcp.json") + ")"), again.out());
    }

    @Test
    void jsonOutputListsEveryHostWithItsStatus() throws Exception {
        Files.createDirectories(home.resolve(".codex"));
        Run r = run("install", "--json", "--name", "hr");
        assertEquals(0, r.code(), r.err());
        JsonNode report = new ObjectMapper().readTree(r.out());
        assertEquals("install", report.path("command").asText());
        assertTrue(report.path("ok").asBoolean());
        assertEquals(8, report.path("hosts").size());
        for (JsonNode host : report.path("hosts")) {
            assertEquals(host.path("host").asText().equals("codex") ? "added" : "skipped", host.path("status").asText(), host.toString());
        }
        assertTrue(Files.readString(home.resolve(".codex/config.toml")).contains("[mcp_servers.hr]"));
    }

    @Test
    void noDetectedHostIsAFailureThatSaysWhatToDo() {
        Run r = run("install");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("harness-router: no host to edit: none was detected. Name one with --target <host>"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());

        Run print = run("install", "--print");
        assertEquals(0, print.code(), "the entries to add by hand were shown: " + print.err());
        assertTrue(print.out().contains("    ─ codex: not detected (looked for " + home.resolve(".codex") + ", codex on PATH)\n"
                + "        # " + home.resolve(".codex/config.toml") + "\n"), print.out());
        assertFalse(Files.exists(home.resolve(".codex")));
    }

    @Test
    void usageErrorsExitTwoWithoutAStackTrace() {
        Run target = run("install", "--target", "emacs");
        assertEquals(2, target.code());
        assertTrue(target.err().startsWith("--target: unknown host 'emacs'. Expected one of: claude-code, claude-desktop,"
                + " cursor, codex, gemini, opencode, copilot, vscode"), target.err());
        Run scope = run("uninstall", "--scope", "global");
        assertEquals(2, scope.code());
        assertTrue(scope.err().startsWith("--scope: expected user or project, not 'global'"), scope.err());
        Run name = run("install", "--name", "a b", "--target", "codex");
        assertEquals(2, name.code());
        assertFalse(Files.exists(home.resolve(".codex")));
    }

    @Test
    void withoutTheLaunchersHomeInstallFailsAndSaysHowToRunIt() {
        launcherHome = Optional.empty();
        Run r = run("install", "--target", "cursor");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("harness-router install: cannot tell where the harness-router launcher is"), r.err());
        assertFalse(Files.exists(home.resolve(".cursor")));
    }

    @Test
    void printWritesNothingAndShowsEachEntry() {
        Run r = run("install", "--print", "--target", "codex");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("  ─ Codex: would write: added entry (" + home.resolve(".codex/config.toml") + ")\n"
                + "      entry:\n        # " + home.resolve(".codex/config.toml") + "\n        [mcp_servers.harness-router]\n"), r.out());
        assertFalse(Files.exists(home.resolve(".codex")));
    }

    @Test
    void uninstallRemovesTheEntryAndANamedHostWithoutOneIsNotPresent() {
        run("install", "--target", "copilot");
        Run r = run("uninstall", "--target", "copilot,cursor");
        assertEquals(0, r.code(), r.err());
        assertEquals("Removing harness-router, user scope:\n"
                + "  ✓ Copilot CLI: removed entry (" + home.resolve(".copilot/mcp-config.json") + ")\n"
                + "      backup of the previous file: " + home.resolve(".copilot/mcp-config.json.harness-router.bak") + "\n"
                + "  ─ Cursor: not present (" + home.resolve(".cursor/mcp.json") + ")\n", r.out());
    }
}
