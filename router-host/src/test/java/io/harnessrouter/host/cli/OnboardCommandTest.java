package io.harnessrouter.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.harnessrouter.api.testkit.FakeClis;
import io.harnessrouter.host.config.Config;
import io.harnessrouter.host.config.ConfigLoader;
import io.harnessrouter.host.config.RouteConfig;
import io.harnessrouter.host.doctor.DoctorTestPlugin;
import io.harnessrouter.host.install.InstallEnv;
import io.harnessrouter.host.onboard.ModelCatalogue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import io.harnessrouter.host.onboard.TerminalPrompter;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code harness-router onboard} in process: the fake {@code claude} of the test kit on PATH, the
 * doctor test plugin (claude_code, openai_compatible), a loopback server standing in for the
 * OpenRouter catalogue (or a closed loopback port for offline), and for the interactive path a
 * JLine {@link DumbTerminal} fed a script of answers. Every written file is loaded back with
 * {@link ConfigLoader}.
 */
class OnboardCommandTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T21:00:00Z"), ZoneOffset.UTC);
    private static final String CATALOGUE = """
            {"data": [
              {"id": "openai/gpt-5.4", "name": "OpenAI: GPT-5.4", "context_length": 400000},
              {"id": "anthropic/claude-opus-4.7", "name": "Anthropic: Claude Opus 4.7", "context_length": 200000},
              {"id": "meta-llama/llama-4", "name": "Llama 4", "context_length": 100000},
              {"id": "google/gemini-2.5-pro", "name": "Google: Gemini 2.5 Pro", "context_length": 1048576}
            ]}""";

    @TempDir
    Path tmp;
    private Path home;
    private Path plugins;
    private Path config;
    private Path dist;
    private final Map<String, String> env = new HashMap<>();
    private HttpServer catalogue;
    private String typed = "";
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();

    record Run(int code, String out, String err) {
    }

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createDirectories(tmp.resolve("home"));
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        FakeClis.install("claude", bin);
        plugins = DoctorTestPlugin.pluginsDir(tmp);
        config = home.resolve(".harness-router/config.yaml");
        dist = tmp.resolve("dist");
        Path launcher = Files.createDirectories(dist.resolve("bin")).resolve("harness-router");
        Files.writeString(launcher, "#!/bin/sh\n");
        launcher.toFile().setExecutable(true);
        env.put("HOME", home.toString());
        env.put("PATH", bin + ":/usr/bin:/bin");
        env.put("FAKE_CLAUDE_ARGV_LOG", tmp.resolve("argv.log").toString());
        // Never the network: port 1 on loopback refuses, which is "offline".
        env.put(ModelCatalogue.URL_ENV, "http://127.0.0.1:1/api/v1/models");
    }

    @AfterEach
    void stopCatalogue() {
        if (catalogue != null) {
            catalogue.stop(0);
        }
    }

    private void serveCatalogue(String body) throws IOException {
        catalogue = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        catalogue.createContext("/api/v1/models", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        catalogue.start();
        env.put(ModelCatalogue.URL_ENV, "http://127.0.0.1:" + catalogue.getAddress().getPort() + "/api/v1/models");
    }

    /** Runs {@code onboard <args>} with the test plugins; {@link #typed} is what the user types. */
    private Run onboard(String... args) {
        List<String> all = new ArrayList<>(List.of("onboard", "--plugins-dir", plugins.toString()));
        all.addAll(List.of(args));
        InstallEnv installEnv = new InstallEnv(home, Map.of("PATH", tmp.resolve("no-bin").toString()), "Linux",
                tmp.resolve("project"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == OnboardCommand.class ? type.cast(new OnboardCommand(env, installEnv,
                        Optional.of(dist.toString()), () -> TerminalPrompter.session(terminal()), CLOCK))
                        : CommandLine.defaultFactory().create(type);
            }
        };
        CommandLine cmd = new CommandLine(new RootCommand(new PrintStream(OutputStream.nullOutputStream())), factory);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(all.toArray(String[]::new));
        return new Run(code, out + screen.toString(StandardCharsets.UTF_8), err.toString());
    }

    private Terminal terminal() {
        try {
            return new DumbTerminal("scripted", "dumb", new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)),
                    screen, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Config load() {
        return ConfigLoader.load(config, env);
    }

    private static List<String> ids(Config c) {
        return c.routes().stream().map(RouteConfig::id).toList();
    }

    @Test
    void yesWithFlagsWritesAConfigTheLoaderAcceptsAndNeverTheKeyValue() throws Exception {
        env.put("OPENAI_API_KEY", "sk-live-secret-value");
        Run run = onboard("--yes", "--models", "opus,gpt-5.4", "--harness", "opus=claude_code",
                "--metered", "gpt-5.4=OPENAI_API_KEY", "--mixture", "opus,gpt-5.4", "--no-install", "--no-doctor");

        assertEquals(0, run.code(), run.err());
        Config written = load();
        assertEquals(List.of("opus", "gpt-5.4"), written.priority());
        assertEquals(List.of("opus", "gpt-5.4"), written.mixtureDefault());
        assertEquals(List.of("opus::claude_code", "gpt-5.4::api.openai.com"), ids(written));
        String text = Files.readString(config);
        assertTrue(text.contains("${OPENAI_API_KEY}"), text);
        assertFalse(text.contains("sk-live-secret-value"), text);
        assertFalse(run.out().contains("sk-live-secret-value"), run.out());
        assertTrue(written.warnings().isEmpty(), written.warnings().toString());
        assertTrue(run.out().contains("✓ claude_code"), run.out());
    }

    @Test
    void yesPicksTheModelFamilysInstalledCliAndOffersKeysThatAreSet() throws Exception {
        env.put("ANTHROPIC_API_KEY", "sk-ant-secret");
        Run run = onboard("--yes", "--models", "claude-sonnet-4-6", "--no-install", "--no-doctor");

        assertEquals(0, run.code(), run.err());
        assertEquals(List.of("claude-sonnet-4-6::claude_code", "claude-sonnet-4-6::api.anthropic.com"), ids(load()));
        assertTrue(Files.readString(config).contains("${ANTHROPIC_API_KEY}"), Files.readString(config));
        assertFalse(Files.readString(config).contains("sk-ant-secret"));
    }

    @Test
    void noMeteredLeavesTheKeyOut() throws Exception {
        env.put("ANTHROPIC_API_KEY", "sk-ant-secret");
        Run run = onboard("--yes", "--models", "claude-sonnet-4-6", "--no-metered", "--no-install", "--no-doctor");

        assertEquals(0, run.code(), run.err());
        assertEquals(List.of("claude-sonnet-4-6::claude_code"), ids(load()));
    }

    @Test
    void scriptedTerminalAnswersEveryStepWithTheCataloguePickList() throws Exception {
        serveCatalogue(CATALOGUE);
        env.put("OPENAI_API_KEY", "sk-openai-secret");
        Files.createDirectories(home.resolve(".cursor"));
        typed = String.join("\n",
                "1, 3, my-local",          // models: claude-opus-4.7, gpt-5.4 from the list, one typed
                "2,1,3",                   // priority: gpt-5.4 first
                "claude_code",             // harnesses for gpt-5.4 (copilot would be the usual pick)
                "y",                       // OPENAI_API_KEY fallback for gpt-5.4
                "",                        // claude-opus-4.7: the default (claude_code, installed)
                "none",                    // my-local: no subscription route,
                "sk-raw-key@http://x",     //   a key instead of a variable name is refused,
                "",                        //   and no other API -> left out
                "1",                       // fanout default: gpt-5.4 only
                "none",                    // no host install
                "y") + "\n";               // write it

        Run run = onboard("--no-doctor");

        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("— anthropic —"), run.out());
        assertTrue(run.out().contains("claude-opus-4.7  (200k ctx)"), run.out());
        assertFalse(run.out().contains("llama-4"), "only the providers our CLIs serve are listed");
        Config written = load();
        assertEquals(List.of("gpt-5.4", "claude-opus-4.7"), written.priority());
        assertEquals(List.of("gpt-5.4::claude_code", "gpt-5.4::api.openai.com", "claude-opus-4.7::claude_code"),
                ids(written));
        assertEquals(List.of("gpt-5.4"), written.mixtureDefault());
        assertTrue(run.out().contains("No route chosen for my-local: left out."), run.out());
        assertFalse(Files.exists(home.resolve(".cursor/mcp.json")), "none was answered for the hosts");
        assertTrue(run.out().contains("'sk-raw-key' is no environment variable name"), run.out());
    }

    @Test
    void aModelWithoutACliCanBeGivenAnyOpenAiCompatibleApi() throws Exception {
        typed = "local-llama\nnone\nhttp://127.0.0.1:11434/v1\nLLAMA_KEY@http://127.0.0.1:11434/v1\ny\n";

        Run run = onboard("--no-install", "--no-doctor");

        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("is no environment variable name"), run.out());
        Config written = load();
        assertEquals(List.of("local-llama::127.0.0.1:11434"), ids(written));
        assertTrue(Files.readString(config).contains("${LLAMA_KEY}"), Files.readString(config));
    }

    @Test
    void offlineCatalogueFallsBackToFreeTextSilently() throws Exception {
        typed = "claude-opus-4-7\n\ny\n";  // model, default harness, write

        Run run = onboard("--no-install", "--no-doctor");

        assertEquals(0, run.code(), run.out() + run.err());
        assertFalse(run.out().contains("catalogue"), run.out());
        assertTrue(run.out().contains("Models to use, best first (model names, comma separated)"), run.out());
        assertEquals(List.of("claude-opus-4-7::claude_code"), ids(load()));
        assertEquals("", run.err());
    }

    @Test
    void aWrongAnswerIsAskedAgain() throws Exception {
        typed = "opus, sonnet\n5,1\n2,1\nclaude_code\nnope\n1\n\nall\ny\n";

        Run run = onboard("--no-install", "--no-doctor");

        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("give every number from 1 to 2 once"), run.out());
        assertTrue(run.out().contains("nope is neither a number from the list nor a harness id"), run.out());
        Config written = load();
        assertEquals(List.of("sonnet", "opus"), written.priority());
        assertEquals(List.of(), written.mixtureDefault());
    }

    @Test
    void sayingNoOrEndingTheInputWritesNothing() throws Exception {
        typed = "opus\nclaude_code\nn\n";
        Run no = onboard("--no-install", "--no-doctor");
        assertEquals(1, no.code());
        assertTrue(no.err().contains("Aborted. No changes written."), no.err());
        assertFalse(Files.exists(config));

        typed = "opus\n";
        screen.reset();
        Run eof = onboard("--no-install", "--no-doctor");
        assertEquals(1, eof.code());
        assertTrue(eof.err().contains("Aborted. No changes written."), eof.err());
        assertFalse(Files.exists(config));
    }

    @Test
    void rerunEditsTheExistingConfigKeepingItsRoutesAndBacksItUp() throws Exception {
        String before = """
                # my config
                priority: [opus]
                models:
                  opus:
                    subscription:
                      - harness: claude_code
                        timeout_seconds: 900
                        env:
                          CLAUDE_CONFIG_DIR: /home/dev/.claude-work
                      - harness: cursor
                        enabled: false
                routing:
                  failure_threshold: 5
                """;
        Files.createDirectories(config.getParent());
        Files.writeString(config, before);

        Run run = onboard("--yes", "--models", "opus,gemini-2.5-pro", "--harness", "opus=claude_code",
                "--harness", "gemini-2.5-pro=claude_code", "--no-install", "--no-doctor");

        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("Editing " + config), run.out());
        Config written = load();
        assertEquals(List.of("opus::claude_code", "gemini-2.5-pro::claude_code"), ids(written));
        RouteConfig kept = written.route("opus::claude_code").orElseThrow();
        assertEquals(900, kept.timeout().orElseThrow().toSeconds());
        assertEquals(Map.of("CLAUDE_CONFIG_DIR", "/home/dev/.claude-work"), kept.env());
        assertEquals(5, written.routing().failureThreshold());
        Path backup = config.resolveSibling("config.yaml.20261201-210000.bak");
        assertEquals(before, Files.readString(backup));
    }

    @Test
    void interactiveRerunOffersToEditAndDefaultsToWhatIsThere() throws Exception {
        Files.createDirectories(config.getParent());
        Files.writeString(config, """
                priority: [b, a]
                models:
                  a:
                    metered:
                      base_url: http://127.0.0.1:9/v1
                  b:
                    subscription:
                      harness: claude_code
                      cli_model_override: claude-b
                """);
        typed = "\n\n\n\n\n\ny\n"; // edit: yes; models, order, harnesses of b and a, fanout: defaults; write

        Run run = onboard("--no-install", "--no-doctor");

        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("with models b, a."), run.out());
        Config written = load();
        assertEquals(List.of("b", "a"), written.priority());
        assertEquals(List.of("b::claude_code", "a::127.0.0.1:9"), ids(written));
        assertEquals("claude-b", written.route("b::claude_code").orElseThrow().cliModel());
    }

    @Test
    void freshStartsOverAndABrokenConfigIsRefusedWithoutIt() throws Exception {
        Files.createDirectories(config.getParent());
        Files.writeString(config, "services: [old]\n");

        Run refused = onboard("--yes", "--models", "opus", "--no-install", "--no-doctor");
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("cannot be edited: it has no models: map. Fix it, or pass --fresh"),
                refused.err());
        assertEquals("services: [old]\n", Files.readString(config));

        Run fresh = onboard("--yes", "--fresh", "--models", "opus", "--harness", "opus=claude_code", "--no-install",
                "--no-doctor");
        assertEquals(0, fresh.code(), fresh.err());
        assertEquals(List.of("opus::claude_code"), ids(load()));
        try (Stream<Path> files = Files.list(config.getParent())) {
            assertEquals(1, files.filter(p -> p.toString().endsWith(".bak")).count());
        }
    }

    @Test
    void installsIntoTheDetectedHostsWithTheConfigPassedThrough() throws Exception {
        Files.createDirectories(home.resolve(".cursor"));
        Path custom = tmp.resolve("custom.yaml");

        Run run = onboard("--yes", "--config", custom.toString(), "--models", "opus", "--harness", "opus=claude_code",
                "--no-doctor");

        assertEquals(0, run.code(), run.out() + run.err());
        JsonNode entry = new ObjectMapper().readTree(home.resolve(".cursor/mcp.json").toFile())
                .path("mcpServers").path("harness-router");
        assertEquals(dist.resolve("bin/harness-router").toString(), entry.path("command").asText());
        assertEquals(List.of("--config", custom.toString()),
                List.of(entry.path("args").get(0).asText(), entry.path("args").get(1).asText()));
        assertTrue(Files.exists(custom));
    }

    @Test
    void theDefaultConfigPathIsNotPassedToTheHostButOneFromTheEnvironmentIs() throws Exception {
        Run atDefault = onboard("--yes", "--models", "opus", "--harness", "opus=claude_code", "--install", "cursor",
                "--no-doctor");
        assertEquals(0, atDefault.code(), atDefault.out() + atDefault.err());
        Path mcp = home.resolve(".cursor/mcp.json");
        assertEquals(0, new ObjectMapper().readTree(mcp.toFile()).path("mcpServers").path("harness-router")
                .path("args").size());

        Path fromEnv = tmp.resolve("env.yaml");
        env.put("HARNESS_ROUTER_CONFIG", fromEnv.toString());
        Run viaEnv = onboard("--yes", "--models", "opus", "--harness", "opus=claude_code", "--install", "cursor",
                "--no-doctor");
        assertEquals(0, viaEnv.code(), viaEnv.out() + viaEnv.err());
        JsonNode args = new ObjectMapper().readTree(mcp.toFile()).path("mcpServers").path("harness-router").path("args");
        assertEquals("--config " + fromEnv, args.get(0).asText() + " " + args.get(1).asText());
        assertTrue(Files.exists(fromEnv));
    }

    @Test
    void doctorRunsAtTheEndAgainstTheWrittenConfig() throws Exception {
        Run run = onboard("--yes", "--models", "opus", "--harness", "opus=claude_code", "--no-install");

        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("harness-router doctor"), run.out());
        assertTrue(run.out().contains("1/1 route answered"), run.out());
        assertTrue(run.out().contains("Ready."), run.out());
    }

    @Test
    void usageErrorsExitTwoWithoutAStackTrace() {
        record Case(List<String> args, String message) {
        }
        List<Case> cases = List.of(
                new Case(List.of("--yes", "--no-install"), "no models: pass --models"),
                new Case(List.of("--yes", "--models", "opus", "--harness", "opus"), "expected <model>=<id>"),
                new Case(List.of("--yes", "--models", "opus", "--harness", "opus=nope"), "unknown harness 'nope'"),
                new Case(List.of("--yes", "--models", "opus", "--harness", "gpt=claude_code"),
                        "gpt is not among the models"),
                new Case(List.of("--yes", "--models", "opus", "--metered", "opus=sk-abc123"),
                        "is no environment variable name"),
                new Case(List.of("--yes", "--models", "opus", "--metered", "opus=MY_KEY"), "give its URL"),
                new Case(List.of("--yes", "--models", "local-llama"), "no route for local-llama: pass --harness local-llama=<id>"),
                new Case(List.of("--yes", "--models", "opus", "--install", "emacs"), "unknown host 'emacs'"),
                new Case(List.of("--yes", "--models", "opus", "--install", "cursor", "--no-install"), "contradict"));
        for (Case c : cases) {
            Run run = onboard(c.args().toArray(String[]::new));
            assertEquals(2, run.code(), c + " " + run.err());
            assertTrue(run.err().contains(c.message()), c + " " + run.err());
            assertFalse(run.err().contains("\tat "), run.err());
            assertFalse(Files.exists(config), c.toString());
        }
    }

    @Test
    void helpListsTheFlags() {
        Run run = onboard("--help");
        assertEquals(0, run.code());
        for (String flag : List.of("--yes", "--models", "--harness", "--metered", "--no-install", "--config", "--fresh")) {
            assertTrue(run.out().contains(flag), flag);
        }
    }
}
