package io.harnessrouter.host.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** An interpolated secret never reaches an error message, a warning or a toString. */
class ConfigSecretsTest {
    private static final String SECRET = "sk-live-0123456789abcdef";
    private static final Map<String, String> ENV = Map.of("KEY", SECRET, "URL", "https://user:" + SECRET + "@");

    @Test
    void keepsTheKeyOutOfEveryProblemOfAFailingFile() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(ConfigTexts.FILE, """
                priority: [m, nope]
                models:
                  m:
                    subscription:
                      harness: codex
                      env: {OPENAI_API_KEY: "${KEY}", BAD: [x]}
                      enabled: maybe
                    metered:
                      - base_url: ${URL}
                        api_key: ${KEY}
                        api_kee: ${KEY}
                      - base_url: https://api.openai.com/v1
                        api_key: [sk-literal-in-a-list]
                """, ENV));

        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertFalse(e.getMessage().contains("sk-literal-in-a-list"), e.getMessage());
        assertEquals("""
                config.yaml:1: priority[1]: references "nope" which is not defined under models
                config.yaml:6: models.m.subscription.env.BAD: must be a string
                config.yaml:7: models.m.subscription.enabled: must be true or false
                config.yaml:9: models.m.metered[0].base_url: "${URL}" is not an http or https URL with a host \
                (e.g. https://api.openai.com/v1)
                config.yaml:13: models.m.metered[1].api_key: must be a string""", ConfigTexts.lines(e.problems()));
    }

    @Test
    void masksTheKeyAndEnvValuesInToString() {
        Config config = ConfigLoader.parse(ConfigTexts.FILE, """
                priority: [m]
                models:
                  m:
                    subscription: {harness: codex, env: {OPENAI_API_KEY: "${KEY}"}}
                    metered: {base_url: "https://api.openai.com/v1", api_key: "${KEY}",
                              settings: {header.X-Org-Token: "${KEY}", openrouter_title: my-app}}
                """, ENV);

        assertFalse(config.toString().contains(SECRET), config.toString());
        assertTrue(config.routes().get(1).toString().contains("openrouter_title=my-app"), config.routes().get(1).toString());
        config.routes().forEach(r -> assertFalse(r.toString().contains(SECRET), r.toString()));
        assertEquals(SECRET, config.routes().get(0).env().get("OPENAI_API_KEY"));
        assertEquals(SECRET, config.routes().get(1).apiKey().orElseThrow().reveal());
    }

    @Test
    void aRouteMadeUnavailableByAnUnsetVariableNamesOnlyTheVariableNeverASetNeighbour() {
        Config config = ConfigLoader.parse(ConfigTexts.FILE, """
                priority: [m]
                models:
                  m:
                    subscription: {harness: codex, env: {TOKEN: "${KEY}-${MISSING}"}}
                    metered: {base_url: "https://api.openai.com/v1", api_key: "${KEY}${MISSING}"}
                """, ENV);

        for (RouteConfig route : config.routes()) {
            String reason = route.unavailableReason().orElseThrow();
            assertTrue(reason.startsWith("needs MISSING, which is not set: "), reason);
            assertFalse(reason.contains(SECRET), reason);
            assertFalse(route.toString().contains(SECRET), route.toString());
            assertFalse(route.env().values().stream().anyMatch(v -> v.contains(SECRET)), route.env().toString());
            assertFalse(route.apiKey().map(k -> k.reveal().contains(SECRET)).orElse(false));
        }
    }
}
