package io.harnessrouter.host.config;

import static io.harnessrouter.host.config.ConfigTexts.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every problem message, with its exact {@code file:line: path: message} text. */
class ConfigProblemsTest {

    @Test
    void reportsEveryProblemInOneFileTogetherInLineOrder() {
        String yaml = """
                priority: [opus, gpt5, [x]]
                mixture_default: opus
                models:
                  opus:
                    subscription:
                      - harness: claude_code
                        enabled: "no"
                        timeout_seconds: 0
                      - command: claude
                      - just-a-string
                    metered:
                      base_url: not a url
                      api_key: [x]
                  sonnet:
                  empty: {}
                  bad-sub:
                    subscription: 3
                  gpt-5:
                    metered:
                      - base_url: https://api.openai.com/v1
                        api_key: ${OPENAI_KEY}
                http:
                  port: 70000
                  auth: yes
                routing:
                  failure_threshold: -1
                  fanout_concurrency: 1.5
                """;

        assertEquals("""
                config.yaml:1: priority[1]: references "gpt5" which is not defined under models (did you mean "gpt-5"?)
                config.yaml:1: priority[2]: must be a model key (a string)
                config.yaml:2: mixture_default: must be a list of model keys
                config.yaml:7: models.opus.subscription[0].enabled: must be true or false
                config.yaml:8: models.opus.subscription[0].timeout_seconds: must be a positive integer (seconds)
                config.yaml:9: models.opus.subscription[1].harness: required string (e.g. claude_code)
                config.yaml:10: models.opus.subscription[2]: must be a map
                config.yaml:12: models.opus.metered.base_url: "not a url" is not an http or https URL with a host \
                (e.g. https://api.openai.com/v1)
                config.yaml:13: models.opus.metered.api_key: must be a string
                config.yaml:14: models.sonnet: must be a map with subscription: and/or metered:
                config.yaml:15: models.empty: must define at least one route under subscription: or metered:
                config.yaml:17: models.bad-sub.subscription: must be a map or a list of maps
                config.yaml:23: http.port: must be a positive integer (a TCP port from 1 to 65535)
                config.yaml:24: http.auth: must be a map
                config.yaml:26: routing.failure_threshold: must be a positive integer
                config.yaml:27: routing.fanout_concurrency: must be a positive integer""", problems(yaml));
    }

    @Test
    void summarisesTheProblemsWithACountAndAHint() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigTexts.parse("""
                priority: [nope]
                models:
                  m: {subscription: {harness: codex, enabled: maybe}}
                """));

        assertEquals("""
                Config config.yaml has 2 problems:
                  config.yaml:1: priority[0]: references "nope" which is not defined under models
                  config.yaml:3: models.m.subscription.enabled: must be true or false
                See docs/configuration.md for every key, with complete examples.""", e.getMessage());
    }

    @Test
    void listsWarningsThatExplainAProblemAfterIt() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigTexts.parse("""
                priority: [m]
                models:
                  m:
                    subscriptions: {harness: codex}
                """));

        assertEquals("""
                Config config.yaml has 1 problem:
                  config.yaml:3: models.m: must define at least one route under subscription: or metered:
                Warnings:
                  config.yaml:4: models.m.subscriptions: unknown key, ignored (did you mean `subscription`?)
                See docs/configuration.md for every key, with complete examples.""", e.getMessage());
        assertEquals(1, e.problems().size());
        assertEquals(1, e.warnings().size());
    }

    @Test
    void reportsMissingPriorityAndModelsAtTheTop() {
        assertEquals("""
                config.yaml:1: models: missing; add models: with each model key and its subscription:/metered: routes
                config.yaml:1: priority: missing; add priority: with the model keys to try, in order \
                (priority: [] for none)""", problems("http: {port: 8765}\n"));
    }

    @Test
    void reportsModelsThatAreNotAMap() {
        assertEquals("config.yaml:2: models: must be a map from model key to that model's subscription:/metered: routes",
                problems("priority: []\nmodels: [opus]\n"));
    }

    @Test
    void reportsPriorityThatIsNotAList() {
        assertEquals("config.yaml:1: priority: must be a list of model keys",
                problems("priority: opus\nmodels: {opus: {subscription: {harness: codex}}}\n"));
    }

    @Test
    void reportsAnEmptyFileAtModels() {
        assertEquals("config.yaml:0: models: the file is empty; a config needs priority: and models: "
                + "(see docs/configuration.md)", problems(""));
        assertEquals("config.yaml:0: models: the file is empty; a config needs priority: and models: "
                + "(see docs/configuration.md)", problems("# only a comment\n"));
    }

    @Test
    void reportsATopLevelThatIsNotAMap() {
        assertEquals("config.yaml:1: the top level must be a map with priority: and models: keys",
                problems("- opus\n- sonnet\n"));
    }

    @Test
    void reportsAYamlSyntaxErrorAsOneProblemWithItsLine() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigTexts.parse("priority: []\nmodels:\n  m:\n\t- x\n"));

        assertEquals("config.yaml:4: invalid YAML: found character '\\t(TAB)' that cannot start any token. "
                + "(Do not use \\t(TAB) for indentation)", ConfigTexts.lines(e.problems()));
        assertEquals("Fix the YAML at that line: indent with spaces only, and quote values that contain \": \" or \" #\".",
                e.hint());
    }

    @Test
    void reportsAMisplacedColonAsASyntaxError() {
        assertEquals("config.yaml:3: invalid YAML: mapping values are not allowed here",
                problems("priority: []\nmodels:\n  m: harness: codex\n"));
    }

    @Test
    void reportsDuplicateKeysWithBothLines() {
        assertEquals("""
                config.yaml:5: models.m: duplicate key; it is already defined on line 3
                config.yaml:10: models.n.subscription.harness: duplicate key; it is already defined on line 9""",
                problems("""
                        priority: []
                        models:
                          m:
                            subscription: {harness: codex}
                          m:
                            subscription: {harness: claude_code}
                          n:
                            subscription:
                              harness: codex
                              harness: gemini
                        """));
    }

    @Test
    void reportsASecondYamlDocument() {
        assertEquals("config.yaml:6: a config file holds one YAML document; remove the --- line and everything after it",
                problems("priority: []\nmodels:\n  m:\n    subscription: {harness: codex}\n---\nfoo: 1\n"));
    }

    @Test
    void reportsAnAliasToAnUnknownAnchor() {
        assertEquals("config.yaml:3: models.m.subscription: alias *nope does not name a map or list anchored above it"
                + " (anchors on single values are not supported; write the value out)\n"
                + "config.yaml:3: models.m: must define at least one route under subscription: or metered:",
                problems("priority: []\nmodels:\n  m: {subscription: *nope}\n"));
    }

    @Test
    void reportsMissingAndEmptyHarnessAndBaseUrl() {
        assertEquals("""
                config.yaml:5: models.m.subscription[0].harness: required string (e.g. claude_code)
                config.yaml:6: models.m.subscription[1].harness: required string (e.g. claude_code)
                config.yaml:7: models.m.subscription[2].harness: required string (e.g. claude_code)
                config.yaml:9: models.m.metered[0].base_url: required string (https URL)
                config.yaml:10: models.m.metered[1].base_url: required string (https URL)
                config.yaml:11: models.m.metered[2].base_url: "ftp://files.example.com" is not an http or https URL \
                with a host (e.g. https://api.openai.com/v1)""", problems("""
                priority: []
                models:
                  m:
                    subscription:
                      - command: x
                      - harness: ""
                      - harness: {name: codex}
                    metered:
                      - api_key: x
                      - base_url: ""
                      - base_url: ftp://files.example.com
                """));
    }

    @Test
    void reportsEmptyCommandAndModelOverride() {
        assertEquals("""
                config.yaml:3: models.m.subscription.command: must not be empty; remove it to run the harness's default command
                config.yaml:3: models.m.subscription.cli_model_override: must not be empty; remove it to send the model key""",
                problems("priority: []\nmodels:\n  m: {subscription: {harness: codex, command: '', cli_model_override: ''}}\n"));
    }

    @Test
    void reportsWrongTypesInOurAdditions() {
        assertEquals("""
                config.yaml:6: models.m.subscription.timeout_seconds: must be a positive integer (seconds)
                config.yaml:7: models.m.subscription.env.HOME_DIR: must be a string
                config.yaml:8: models.m.subscription.settings: must be a map of names to values
                config.yaml:11: routing: must be a map""", problems("""
                priority: []
                models:
                  m:
                    subscription:
                      harness: codex
                      timeout_seconds: "30"
                      env: {HOME_DIR: [a]}
                      settings: [a]
                    metered:
                      base_url: https://example.com
                routing: 5
                """));
    }

    @Test
    void reportsASettingsValueThatIsNotASingleValue() {
        assertEquals("config.yaml:3: models.m.subscription.settings.tools: must be a string, number or true/false",
                problems("priority: []\nmodels:\n  m: {subscription: {harness: codex, settings: {tools: [a, b]}}}\n"));
    }

    @Test
    void reportsWrongTypesInTheHttpBlock() {
        assertEquals("""
                config.yaml:4: http.bind: must be a string
                config.yaml:5: http.port: must be a positive integer (a TCP port from 1 to 65535)
                config.yaml:7: http.auth.required: must be true or false
                config.yaml:8: http.auth.token_file: must be a string""", problems("""
                priority: []
                models: {m: {subscription: {harness: codex}}}
                http:
                  bind: [0.0.0.0]
                  port: "8765"
                  auth:
                    required: "false"
                    token_file: {path: x}
                """));
        assertEquals("config.yaml:3: http: must be a map",
                problems("priority: []\nmodels: {m: {subscription: {harness: codex}}}\nhttp: 8765\n"));
    }

    @Test
    void reportsAnHarnessRouter02ConfigWithOneActionableProblem() {
        String v02 = """
                # harness-router 0.2
                services:
                  claude_code_opus:
                    harness: claude_code
                    model: claude-opus-4-6
                    api_key: ${UNSET_KEY}
                model_priority: [claude-opus-4-6]
                """;

        assertEquals("config.yaml:2: services: this is a harness-router 0.2 config (services:/model_priority:); "
                + "0.3+ uses models: and priority:. Rewrite it as shown in docs/configuration.md", problems(v02, Map.of()));
        assertEquals("config.yaml:1: overrides: " + ConfigLoader.V02_CONFIG,
                problems("overrides: {codex: {enabled: false}}\n"));
        assertEquals("config.yaml:1: model_priority: " + ConfigLoader.V02_CONFIG, problems("model_priority: [a]\n"));
    }

    @Test
    void treatsServicesNextToModelsAsAnUnknownKeyNotAsVersion02() {
        Config config = ConfigTexts.parse("services: {}\npriority: []\nmodels: {m: {subscription: {harness: codex}}}\n");

        assertEquals("config.yaml:1: services: unknown top-level key, ignored", ConfigTexts.lines(config.warnings()));
    }
}
