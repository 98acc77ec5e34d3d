package io.harnessrouter.host.onboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.host.config.Config;
import io.harnessrouter.host.config.ConfigLoader;
import io.harnessrouter.host.config.RouteConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Editing a config tree: what is kept, added and removed, and that the result loads. */
class ConfigDraftTest {

    private static Config load(ConfigDraft draft) {
        return ConfigLoader.parse(Path.of("/tmp/draft.yaml"), draft.render(), Map.of());
    }

    @Test
    void keepsEveryKeyItDoesNotEditAndNormalisesShorthandRoutes() {
        ConfigDraft draft = ConfigDraft.parse("""
                priority: [a]
                mixture_default: [a, b]
                models:
                  a:
                    subscription:
                      harness: codex
                      settings: {sandbox: read-only}
                    metered:
                      base_url: https://api.openai.com/v1
                      api_key: ${OPENAI_API_KEY}
                  b:
                    subscription: [{harness: claude_code}]
                http: {port: 8765}
                """);

        draft.setModels(List.of("a", "c"));
        draft.setHarnesses("a", List.of("codex", "copilot"), Map.of());
        draft.setHarnesses("c", List.of("opencode"), Map.of("opencode", "anthropic/c"));
        draft.addMetered("a", "https://api.openai.com/v1", "OPENAI_API_KEY");

        Config c = load(draft);
        assertEquals(List.of("a::codex", "a::copilot", "a::api.openai.com", "c::opencode"),
                c.routes().stream().map(RouteConfig::id).toList());
        assertEquals(Map.of("sandbox", "read-only"), c.route("a::codex").orElseThrow().settings());
        assertEquals("anthropic/c", c.route("c::opencode").orElseThrow().cliModel());
        assertEquals(List.of("a"), c.mixtureDefault(), "b was removed, so fanout loses it");
        assertEquals(8765, c.http().port());
        assertTrue(draft.render().contains("${OPENAI_API_KEY}"), draft.render());
        assertTrue(draft.render().startsWith("priority:"), draft.render());
    }

    @Test
    void aModelWithoutRoutesIsReportedAndAnEmptyFanoutRemovesTheKey() {
        ConfigDraft draft = ConfigDraft.empty();
        draft.setModels(List.of("x", "y"));
        draft.setHarnesses("x", List.of("claude_code"), Map.of());
        draft.setHarnesses("y", List.of(), Map.of());
        draft.setMixtureDefault(List.of());

        assertEquals(List.of("y"), draft.modelsWithoutRoutes());
        assertTrue(!draft.render().contains("mixture_default"), draft.render());
    }

    @Test
    void refusesWhatItCannotEdit() {
        assertEquals("it has no models: map",
                assertThrows(IllegalArgumentException.class, () -> ConfigDraft.parse("services: []\n")).getMessage());
        assertEquals("it is not a YAML map",
                assertThrows(IllegalArgumentException.class, () -> ConfigDraft.parse("- a\n")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ConfigDraft.parse("a: [\n")).getMessage()
                .startsWith("it is not valid YAML"));
    }
}
