package io.harnessrouter.host.config;

import static io.harnessrouter.host.config.ConfigTexts.lines;
import static io.harnessrouter.host.config.ConfigTexts.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Things that do not stop a load but are reported, with a suggestion when a key looks misspelt. */
class ConfigWarningsTest {

    @Test
    void warnsAboutUnknownRouteKeysWithADidYouMean() {
        Config config = parse("""
                priority: [m]
                models:
                  m:
                    subscription:
                      - harness: claude_code
                        cli_model_overide: opus
                        cli_model: opus
                        Enabled: false
                        weight: 0.5
                    metered:
                      - base_url: https://api.openai.com/v1
                        apikey: x
                """);

        assertEquals("""
                config.yaml:6: models.m.subscription[0].cli_model_overide: unknown key, ignored (did you mean `cli_model_override`?)
                config.yaml:7: models.m.subscription[0].cli_model: unknown key, ignored (did you mean `cli_model_override`?)
                config.yaml:8: models.m.subscription[0].Enabled: unknown key, ignored (did you mean `enabled`?)
                config.yaml:9: models.m.subscription[0].weight: unknown key, ignored
                config.yaml:12: models.m.metered[0].apikey: unknown key, ignored (did you mean `api_key`?)""",
                lines(config.warnings()));
        assertEquals(2, config.routes().size());
    }

    @Test
    void warnsAboutUnknownTopLevelAndModelKeys() {
        Config config = parse("""
                prioriy: [m]
                priority: [m]
                models:
                  m:
                    subscription: {harness: codex}
                    tier: 1
                routing: {timeout: 30, failure_threshhold: 2}
                http: {host: 0.0.0.0, auth: {requird: true}}
                colour: blue
                """);

        assertEquals("""
                config.yaml:1: prioriy: unknown top-level key, ignored (did you mean `priority`?)
                config.yaml:6: models.m.tier: unknown key, ignored
                config.yaml:7: routing.timeout: unknown key, ignored (did you mean `timeout_seconds`?)
                config.yaml:7: routing.failure_threshhold: unknown key, ignored (did you mean `failure_threshold`?)
                config.yaml:8: http.host: unknown key, ignored
                config.yaml:8: http.auth.requird: unknown key, ignored (did you mean `required`?)
                config.yaml:9: colour: unknown top-level key, ignored""", lines(config.warnings()));
    }

    @Test
    void explainsKeysThatBelongToTheOtherKindOfRoute() {
        Config config = parse("""
                priority: [m]
                models:
                  m:
                    subscription:
                      harness: codex
                      base_url: https://api.openai.com/v1
                    metered:
                      base_url: https://api.openai.com/v1
                      harness: openai
                      env: {A: b}
                """);

        assertEquals("""
                config.yaml:6: models.m.subscription.base_url: base_url applies to metered: routes only; ignored here
                config.yaml:9: models.m.metered.harness: harness applies to subscription: routes only \
                (a metered route is always openai_compatible); ignored here
                config.yaml:10: models.m.metered.env: env applies to subscription: routes only \
                (a metered route starts no process); ignored here""", lines(config.warnings()));
    }

    @Test
    void warnsWhenAuthRequiredFalseIsOverriddenByANonLoopbackBind() {
        Config config = parse("""
                priority: []
                models: {m: {subscription: {harness: codex}}}
                http:
                  bind: 0.0.0.0
                  auth:
                    required: false
                """);

        assertEquals("config.yaml:6: http.auth.required: ignored: bind 0.0.0.0 is not a loopback address, "
                + "so bearer auth stays on", lines(config.warnings()));
    }

    @Test
    void warnsAboutARepeatedPriorityEntry() {
        Config config = parse("priority: [a, b, a]\nmodels:\n  a: {subscription: {harness: codex}}\n"
                + "  b: {subscription: {harness: codex}}\n");

        assertEquals(List.of("a", "b"), config.priority());
        assertEquals("config.yaml:1: priority[2]: \"a\" is already listed at priority[0]; this entry has no effect",
                lines(config.warnings()));
    }

    @Test
    void warnsAboutAnEmptyModelsMap() {
        Config config = parse("priority: []\nmodels: {}\n");

        assertEquals("config.yaml:2: models: no models defined; every call will fail until you add one",
                lines(config.warnings()));
    }

    @Test
    void suggestsOnlyCloseKeys() {
        List<String> keys = List.of("harness", "command", "cli_model_override", "enabled");

        assertEquals("harness", Suggestions.closest("harnes", keys).orElseThrow());
        assertEquals("command", Suggestions.closest("comand", keys).orElseThrow());
        assertEquals("cli_model_override", Suggestions.closest("cli_model", keys).orElseThrow());
        assertEquals("enabled", Suggestions.closest("Enable", keys).orElseThrow());
        assertEquals(java.util.Optional.empty(), Suggestions.closest("weight", keys));
        assertEquals(java.util.Optional.empty(), Suggestions.closest("cli", keys));
    }
}
