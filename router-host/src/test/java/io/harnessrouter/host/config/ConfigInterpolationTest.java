package io.harnessrouter.host.config;

import static io.harnessrouter.host.config.ConfigTexts.parse;
import static io.harnessrouter.host.config.ConfigTexts.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code ${VAR}} expansion: values only, after parsing (npm defect B18 fixed). */
class ConfigInterpolationTest {
    private static final String SINGLE = "priority: [m]\nmodels:\n  m:\n    metered:\n      base_url: https://api.anthropic.com/v1\n";

    private static RouteConfig only(Config config) {
        return config.routes().get(0);
    }

    @Test
    void expandsASetVariableInAStringValue() {
        Config config = parse(SINGLE + "      api_key: ${ANTHROPIC_API_KEY}\n", Map.of("ANTHROPIC_API_KEY", "sk-ant-1"));

        assertEquals("sk-ant-1", only(config).apiKey().orElseThrow().reveal());
    }

    @Test
    void expandsSeveralVariablesAndKeepsTheTextAround() {
        Config config = parse("""
                priority: [m]
                models:
                  m:
                    metered:
                      base_url: https://${HOST}:${PORT}/v1
                      api_key: "Bearer-${A}-${B}"
                """, Map.of("HOST", "gw.example.com", "PORT", "8443", "A", "x", "B", "y"));

        assertEquals(Optional.of(URI.create("https://gw.example.com:8443/v1")), only(config).baseUrl());
        assertEquals("m::gw.example.com:8443", only(config).id());
        assertEquals("Bearer-x-y", only(config).apiKey().orElseThrow().reveal());
    }

    @Test
    void anUnsetVariableInARouteMakesOnlyThatRouteUnavailableWithTheReasonAndWhere() {
        Config config = parse("""
                priority: [opus]
                models:
                  opus:
                    subscription:
                      - harness: claude_code
                    metered:
                      - base_url: https://api.anthropic.com/v1
                        api_key: ${ANTHROPIC_API_KEY}
                """, Map.of());

        RouteConfig cli = config.route("opus::claude_code").orElseThrow();
        RouteConfig api = config.route("opus::api.anthropic.com").orElseThrow();
        assertEquals(Optional.empty(), cli.unavailableReason());
        assertEquals(List.of(), cli.unsetVariables());
        assertEquals(Optional.of("needs ANTHROPIC_API_KEY, which is not set: set it in the environment harness-router"
                + " is started with (for an MCP server, the env its host passes), or change config.yaml:8"
                + " (models.opus.metered[0].api_key)"), api.unavailableReason());
        assertEquals(List.of("ANTHROPIC_API_KEY"), api.unsetVariables());
        assertEquals(List.of(), config.warnings());
    }

    @Test
    void namesEveryUnsetVariableOfARouteOnceInFileOrder() {
        Config config = parse("priority: []\nmodels:\n  m: {subscription: {harness: codex, env: {TOKEN: \"${A}${B}\","
                + " OTHER: \"${A}\"}, settings: {c: \"${C}\"}}}\n", Map.of());

        RouteConfig route = only(config);
        assertEquals(List.of("A", "B", "C"), route.unsetVariables());
        assertEquals("needs A, B and C, which are not set: set them in the environment harness-router is started with"
                + " (for an MCP server, the env its host passes), or change config.yaml:3"
                + " (models.m.subscription.env.TOKEN)", route.unavailableReason().orElseThrow());
    }

    @Test
    void keepsAValueWithAnUnsetVariableAsWrittenNeverPartlyExpanded() {
        Config config = parse("priority: []\nmodels:\n  m: {subscription: {harness: codex, env: {TOKEN: \"${SET}${UNSET}\"}}}\n",
                Map.of("SET", "sk-secret"));

        assertEquals(Map.of("TOKEN", "${SET}${UNSET}"), only(config).env());
        assertEquals(List.of("UNSET"), only(config).unsetVariables());
    }

    @Test
    void aBaseUrlWithAnUnsetVariableGivesTheRouteTheUrlAsWrittenForItsKey() {
        Config config = parse("""
                priority: [local]
                models:
                  local:
                    metered:
                      base_url: ${OLLAMA_URL}/v1
                """, Map.of());

        RouteConfig route = only(config);
        assertEquals("local::${OLLAMA_URL}/v1", route.id());
        assertEquals(Optional.empty(), route.baseUrl());
        assertEquals(List.of("OLLAMA_URL"), route.unsetVariables());
    }

    @Test
    void anUnsetVariableInTheHarnessGivesTheRouteTheValueAsWrittenForItsKey() {
        Config config = parse("priority: []\nmodels:\n  m: {subscription: {harness: \"${HARNESS}\"}}\n", Map.of());

        assertEquals("m::${HARNESS}", only(config).id());
        assertEquals(List.of("HARNESS"), only(config).unsetVariables());
    }

    @Test
    void anUnsetVariableOutsideAnyRouteIsStillAProblemWithItsLine() {
        assertEquals("""
                config.yaml:1: priority[0]: ${FIRST} is not set in the environment
                config.yaml:6: http.auth.token_file: ${TOKEN_FILE} is not set in the environment""",
                problems("""
                        priority: ["${FIRST}"]
                        models:
                          m: {subscription: {harness: codex}}
                        http:
                          auth:
                            token_file: ${TOKEN_FILE}
                        """, Map.of()));
    }

    @Test
    void treatsAnEmptyVariableAsSet() {
        Config config = parse(SINGLE + "      api_key: ${EMPTY}\n", Map.of("EMPTY", ""));

        assertEquals("", only(config).apiKey().orElseThrow().reveal());
    }

    @Test
    void keepsDollarDollarBraceAsALiteralDollarBrace() {
        Config config = parse("priority: []\nmodels:\n  m: {subscription: {harness: codex, settings: {template: "
                + "\"$${HOME} and $${lower}\"}}}\n", Map.of("HOME", "/root"));

        assertEquals(Map.of("template", "${HOME} and ${lower}"), only(config).settings());
    }

    @Test
    void leavesLowerCaseAndMalformedReferencesAsWrittenLikeNpm() {
        Config config = parse("priority: []\nmodels:\n  m: {subscription: {harness: codex, settings: "
                + "{a: \"${lower}\", b: \"${A-B}\", c: \"${}\", d: \"${OPEN\", e: \"$PLAIN\"}}}\n", Map.of("OPEN", "x"));

        assertEquals(Map.of("a", "${lower}", "b", "${A-B}", "c", "${}", "d", "${OPEN", "e", "$PLAIN"),
                only(config).settings());
    }

    @Test
    void neverExpandsKeys() {
        Config config = parse("""
                priority: ["$${MODEL}"]
                models:
                  ${MODEL}:
                    subscription:
                      harness: codex
                      env:
                        ${NAME}: value
                """, Map.of("MODEL", "gpt", "NAME", "X"));

        assertEquals(List.of("${MODEL}"), config.models());
        assertEquals(List.of("${MODEL}"), config.priority());
        assertEquals("${MODEL}::codex", only(config).id());
        assertEquals(Map.of("${NAME}", "value"), only(config).env());
    }

    @Test
    void neverExpandsComments() {
        Config config = parse(SINGLE + "      # api_key: ${NOT_SET_ANYWHERE}\n", Map.of());

        assertEquals(Optional.empty(), only(config).apiKey());
    }

    @Test
    void neverLetsAValueChangeTheYamlStructure() {
        Config config = parse(SINGLE + "      api_key: ${TRICKY}\n",
                Map.of("TRICKY", "x\n      cli_model_override: injected # not a comment"));

        assertEquals("x\n      cli_model_override: injected # not a comment",
                only(config).apiKey().orElseThrow().reveal());
        assertEquals(Optional.empty(), only(config).cliModelOverride());
    }

    @Test
    void expandsPriorityEntriesHarnessAndCommand() {
        Config config = parse("""
                priority: ["${FIRST}"]
                models:
                  opus:
                    subscription: {harness: "${HARNESS}", command: "${BIN}/claude"}
                """, Map.of("FIRST", "opus", "HARNESS", "claude_code", "BIN", "/opt/bin"));

        assertEquals(List.of("opus"), config.priority());
        assertEquals("opus::claude_code", only(config).id());
        assertEquals(Optional.of("/opt/bin/claude"), only(config).command());
    }
}
