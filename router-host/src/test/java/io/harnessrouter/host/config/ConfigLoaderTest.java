package io.harnessrouter.host.config;

import static io.harnessrouter.host.config.ConfigTexts.parse;
import static io.harnessrouter.host.config.ConfigTexts.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.Tier;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private static List<String> ids(Config config) {
        return config.routes().stream().map(RouteConfig::id).toList();
    }

    @Test
    void loadsTheNpmExampleInListFormUnchanged() throws IOException {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, resource("npm-list-form.yaml"));

        Config config = ConfigLoader.load(file, ConfigTexts.ENV);

        assertEquals(file, config.source());
        assertEquals(List.of("claude-opus-4-7", "gpt-5.4", "gemini-2.5-pro"), config.priority());
        assertEquals(List.of("claude-opus-4-7", "gpt-5.4"), config.mixtureDefault());
        assertEquals(List.of("claude-opus-4-7", "gpt-5.4", "gemini-2.5-pro", "local-llama", "my-tool-model"),
                config.models());
        assertEquals(List.of(
                "claude-opus-4-7::claude_code", "claude-opus-4-7::cursor", "claude-opus-4-7::api.anthropic.com",
                "gpt-5.4::codex", "gpt-5.4::copilot", "gpt-5.4::api.openai.com",
                "gemini-2.5-pro::gemini_cli", "gemini-2.5-pro::opencode",
                "gemini-2.5-pro::generativelanguage.googleapis.com",
                "local-llama::localhost:11434", "my-tool-model::generic_cli"), ids(config));
        assertEquals(List.of(), config.warnings());
        assertEquals(new HttpSettings("127.0.0.1", 8765, false, Optional.empty()), config.http());
        assertEquals(RoutingSettings.DEFAULTS, config.routing());
    }

    @Test
    void keepsEveryFieldOfSubscriptionAndMeteredRoutes() {
        Config config = parse(resource("npm-list-form.yaml"));

        RouteConfig cursor = config.route("claude-opus-4-7::cursor").orElseThrow();
        assertEquals(Tier.SUBSCRIPTION, cursor.tier());
        assertEquals("cursor", cursor.harness());
        assertEquals(Optional.of("cursor-agent"), cursor.command());
        assertEquals("claude-opus-4-7", cursor.cliModel());
        assertTrue(cursor.enabled());
        assertEquals(16, cursor.line());

        RouteConfig anthropic = config.route("claude-opus-4-7::api.anthropic.com").orElseThrow();
        assertEquals(Tier.METERED, anthropic.tier());
        assertEquals("openai_compatible", anthropic.harness());
        assertEquals(Optional.of(URI.create("https://api.anthropic.com/v1")), anthropic.baseUrl());
        assertEquals("test-anthropic", anthropic.apiKey().orElseThrow().reveal());
        assertEquals(19, anthropic.line());
        assertEquals(Optional.empty(), anthropic.unavailableReason());

        assertEquals("ollama", config.route("local-llama::localhost:11434").orElseThrow().apiKey().orElseThrow().reveal());
    }

    @Test
    void acceptsAGenericCliRecipeButMarksTheRouteUnavailable() {
        RouteConfig generic = parse(resource("npm-list-form.yaml")).route("my-tool-model::generic_cli").orElseThrow();

        assertEquals(Optional.of("my-ai-cli"), generic.command());
        assertEquals(Optional.of("generic_cli recipes are not supported; package this CLI as a plugin, see docs/plugins.md"),
                generic.unavailableReason());
    }

    @Test
    void loadsTheNpmShorthandWithSingleRouteMaps() {
        Config config = parse(resource("npm-single-form.yaml"));

        assertEquals(List.of("sonnet::claude_code", "sonnet::api.anthropic.com", "local::127.0.0.1:1234"), ids(config));
        RouteConfig cli = config.route("sonnet::claude_code").orElseThrow();
        assertEquals("claude-sonnet-4-6", cli.cliModel());
        assertTrue(cli.enabled());
        RouteConfig metered = config.route("sonnet::api.anthropic.com").orElseThrow();
        assertFalse(metered.enabled());
        assertEquals("claude-sonnet-4-6", metered.cliModel());
        assertEquals(Optional.empty(), config.route("local::127.0.0.1:1234").orElseThrow().apiKey());
        assertEquals(List.of(), config.mixtureDefault());
    }

    @Test
    void listsSubscriptionRoutesBeforeMeteredOnesWhateverTheirOrderInTheFile() {
        Config config = parse("""
                priority: [m]
                models:
                  m:
                    metered: {base_url: "https://api.openai.com/v1"}
                    subscription: {harness: codex}
                """);

        assertEquals(List.of("m::codex", "m::api.openai.com"), ids(config));
    }

    @Test
    void numbersCollidingRouteKeysWithinOneModelSubscriptionFirst() {
        Config config = parse("""
                priority: [a, b]
                models:
                  a:
                    subscription:
                      - harness: claude_code
                      - harness: claude_code
                      - harness: api.openai.com
                      - harness: claude_code
                    metered:
                      - base_url: https://api.openai.com/v1
                      - base_url: https://API.openai.com:443/other
                  b:
                    subscription: {harness: claude_code}
                """);

        assertEquals(List.of("a::claude_code", "a::claude_code#1", "a::api.openai.com", "a::claude_code#2",
                "a::api.openai.com#1", "a::api.openai.com#2", "b::claude_code"), ids(config));
    }

    @Test
    void keysMeteredRoutesByHostAndNonDefaultPort() {
        Config config = parse("""
                priority: []
                models:
                  m:
                    metered:
                      - base_url: https://api.anthropic.com/v1
                      - base_url: http://localhost:11434/v1
                      - base_url: http://localhost:80/v1
                      - base_url: https://example.com:8443
                      - base_url: http://[::1]:8080/v1
                """);

        assertEquals(List.of("m::api.anthropic.com", "m::localhost:11434", "m::localhost", "m::example.com:8443",
                "m::[::1]:8080"), ids(config));
    }

    @Test
    void keepsTheHarnessAsWrittenForAliasesToBeResolvedLater() {
        Config config = parse("priority: [m]\nmodels:\n  m:\n    subscription: {harness: gemini}\n");

        assertEquals("gemini", config.routes().get(0).harness());
        assertEquals("m::gemini", config.routes().get(0).id());
    }

    @Test
    void readsOurAdditionsTimeoutEnvSettingsAndTheRoutingBlock() {
        Config config = parse("""
                priority: [m]
                models:
                  m:
                    subscription:
                      harness: claude_code
                      timeout_seconds: 90
                      env: {CLAUDE_CONFIG_DIR: /tmp/claude, DEBUG: 1}
                      settings: {effort: high, max_turns: 3, sandbox: true}
                    metered:
                      base_url: https://api.anthropic.com/v1
                      timeout_seconds: 30
                      settings: {temperature: 0.2}
                routing:
                  rate_limit_cooldown_seconds: 120
                  failure_threshold: 3
                  failure_cooldown_seconds: 30
                  max_cooldown_seconds: 900
                  timeout_seconds: 300
                  fanout_concurrency: 2
                """);

        RouteConfig cli = config.routes().get(0);
        assertEquals(Optional.of(Duration.ofSeconds(90)), cli.timeout());
        assertEquals(Map.of("CLAUDE_CONFIG_DIR", "/tmp/claude", "DEBUG", "1"), cli.env());
        assertEquals(Map.of("effort", "high", "max_turns", "3", "sandbox", "true"), cli.settings());
        RouteConfig api = config.routes().get(1);
        assertEquals(Optional.of(Duration.ofSeconds(30)), api.timeout());
        assertEquals(Map.of("temperature", "0.2"), api.settings());
        assertEquals(new RoutingSettings(Duration.ofSeconds(120), 3, Duration.ofSeconds(30), Duration.ofSeconds(900),
                Duration.ofSeconds(300), 2), config.routing());
    }

    @Test
    void usesDefaultsForEverythingOptional() {
        Config config = parse("priority: []\nmodels:\n  m:\n    subscription: {harness: codex}\n");

        RouteConfig route = config.routes().get(0);
        assertTrue(route.enabled());
        assertEquals(Optional.empty(), route.timeout());
        assertEquals(Optional.empty(), route.command());
        assertEquals(Map.of(), route.env());
        assertEquals(RoutingSettings.DEFAULTS, config.routing());
        assertEquals(HttpSettings.DEFAULTS, config.http());
        assertEquals(List.of(), config.mixtureDefault());
    }

    @Test
    void forcesAuthWhenTheHttpBindIsNotLoopback() {
        Config config = parse("""
                priority: []
                models: {m: {subscription: {harness: codex}}}
                http:
                  bind: 0.0.0.0
                  port: 9000
                  auth: {token_file: /run/token}
                """);

        assertEquals(new HttpSettings("0.0.0.0", 9000, true, Optional.of("/run/token")), config.http());
    }

    @Test
    void keepsAuthOptionalOnLoopbackUnlessRequired() {
        Config config = parse("priority: []\nmodels: {m: {subscription: {harness: codex}}}\n"
                + "http: {bind: localhost, auth: {required: true}}\n");

        assertEquals(new HttpSettings("localhost", 8765, true, Optional.empty()), config.http());
    }

    @Test
    void acceptsAnchorsAliasesAndMergeKeysAsJsYamlDoes() {
        Config config = parse("""
                priority: [a, b]
                models:
                  a:
                    subscription: &claude
                      harness: claude_code
                      command: claude
                  b:
                    subscription:
                      <<: *claude
                      command: claude-beta
                """);

        assertEquals(Optional.of("claude"), config.route("a::claude_code").orElseThrow().command());
        assertEquals(Optional.of("claude-beta"), config.route("b::claude_code").orElseThrow().command());
    }

    @Test
    void ignoresAByteOrderMark() {
        Config config = parse("\uFEFFpriority: []\nmodels: {m: {subscription: {harness: codex}}}\n");

        assertEquals(List.of("m::codex"), ids(config));
    }

    @Test
    void reportsAMissingFileAsOneProblemAtLineZero() {
        Path file = dir.resolve("nowhere.yaml");

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));

        assertEquals(file + ":0: no config file here. Create one (see docs/configuration.md for a complete example)"
                + " or pass --config <path>", ConfigTexts.lines(e.problems()));
        assertEquals(file, e.file());
        assertEquals("Config " + file + " has 1 problem:\n  " + e.problems().get(0), e.getMessage());
    }

    @Test
    void reportsADirectoryGivenAsTheConfigFile() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir, Map.of()));

        assertEquals(dir + ":0: this is a directory; pass the path of the YAML file itself with --config <path>",
                ConfigTexts.lines(e.problems()));
    }

    @Test
    void reportsAFileThatIsNotUtf8() throws IOException {
        Path file = dir.resolve("latin1.yaml");
        Files.write(file, new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));

        assertEquals(file + ":0: cannot read this file: it is not UTF-8 text. Save it as UTF-8",
                ConfigTexts.lines(e.problems()));
    }

    @Test
    void saysWhyAnUnreadableFileCannotBeRead() throws IOException {
        Path file = dir.resolve("secret.yaml");
        Files.writeString(file, "priority: []\n");
        assertTrue(file.toFile().setReadable(false, false));
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(file), "running as root: files stay readable");

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));

        assertEquals(file + ":0: cannot read this file: permission denied. Make it readable by this user (chmod u+r)"
                + " or pass --config <path>", ConfigTexts.lines(e.problems()));
    }
}
