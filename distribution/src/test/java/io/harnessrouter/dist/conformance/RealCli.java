package io.harnessrouter.dist.conformance;

import io.harnessrouter.dist.conformance.ModelApiMock.Api;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The real CLIs under test, one entry each: the harness id its plugin registers, the binary, the
 * route's model, the wire format it speaks, and how it is pointed at the mock (the facts in
 * {@code real-clis.md}: each CLI's own base-URL setting). {@link #pointAt} writes what the CLI
 * reads from its empty home and returns the route's {@code env}, which reaches the child through
 * the plugin's dispatcher as a user's route env would. Adding a CLI is one entry here.
 */
enum RealCli {

    /** {@code ANTHROPIC_BASE_URL}; claude posts to {@code {base}/v1/messages?beta=true} with {@code x-api-key}. */
    CLAUDE("claude_code", "claude", "claude-sonnet-5-5", Api.ANTHROPIC_MESSAGES, "x-api-key", "sk-ant-mock-claude") {
        @Override
        Map<String, String> pointAt(URI base, Path home) {
            return Map.of("ANTHROPIC_BASE_URL", base.toString(), "ANTHROPIC_API_KEY", apiKey,
                    "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
        }
    },

    /**
     * The built-in provider's {@code openai_base_url} in {@code ~/.codex/config.toml}. The key is
     * given as {@code OPENAI_API_KEY}, which codex itself ignores: the plugin hands it over as
     * {@code CODEX_API_KEY}, and the mock sees it as the bearer token only when it did.
     */
    CODEX("codex", "codex", "gpt-5.5", Api.OPENAI_RESPONSES, "authorization", "Bearer sk-mock-codex") {
        @Override
        Map<String, String> pointAt(URI base, Path home) {
            write(home.resolve(".codex/config.toml"), "openai_base_url = \"" + base + "/v1\"\n"
                    + "check_for_update_on_startup = false\n");
            return Map.of("OPENAI_API_KEY", "sk-mock-codex");
        }
    },

    /**
     * {@code GOOGLE_GEMINI_BASE_URL} with {@code GEMINI_API_KEY}; that base URL alone switches
     * gemini to a "gateway" auth type its headless check refuses (exit 41), so the home's
     * {@code settings.json} selects {@code gemini-api-key}, the workaround that worked.
     */
    GEMINI("gemini_cli", "gemini", "gemini-2.5-flash", Api.GEMINI, "x-goog-api-key", "mock-gemini-key") {
        @Override
        Map<String, String> pointAt(URI base, Path home) {
            write(home.resolve(".gemini/settings.json"),
                    "{\"security\":{\"auth\":{\"selectedType\":\"gemini-api-key\"}}}\n");
            return Map.of("GOOGLE_GEMINI_BASE_URL", base.toString(), "GEMINI_API_KEY", apiKey);
        }
    },

    /**
     * An openai-compatible provider {@code mock} given inline through {@code OPENCODE_CONFIG_CONTENT}
     * (its key from {@code MOCK_API_KEY}), the model {@code mock/mock-model} also as the small
     * model opencode uses for its title call; {@code OPENCODE_DISABLE_MODELS_FETCH} stops the
     * start-up fetch of the models.dev catalogue.
     */
    OPENCODE("opencode", "opencode", "mock/mock-model", Api.OPENAI_CHAT, "authorization", "Bearer sk-mock-opencode") {
        @Override
        Map<String, String> pointAt(URI base, Path home) {
            String config = "{\"$schema\":\"https://opencode.ai/config.json\",\"autoupdate\":false,\"share\":\"disabled\","
                    + "\"model\":\"mock/mock-model\",\"small_model\":\"mock/mock-model\","
                    + "\"provider\":{\"mock\":{\"npm\":\"@ai-sdk/openai-compatible\",\"name\":\"Mock\","
                    + "\"options\":{\"baseURL\":\"" + base + "/v1\",\"apiKey\":\"{env:MOCK_API_KEY}\"},"
                    + "\"models\":{\"mock-model\":{\"name\":\"Mock model\"}}}}}";
            return Map.of("OPENCODE_CONFIG_CONTENT", config, "MOCK_API_KEY", "sk-mock-opencode",
                    "OPENCODE_DISABLE_MODELS_FETCH", "1", "OPENCODE_DISABLE_AUTOUPDATE", "1");
        }
    },

    /**
     * BYOK: {@code COPILOT_PROVIDER_BASE_URL} (copilot posts to {@code {base}/chat/completions})
     * with {@code COPILOT_PROVIDER_API_KEY} skips the GitHub login, {@code COPILOT_OFFLINE} all
     * GitHub traffic. Copilot retries a 429 of its own (about 5 s for a rate limit, about a
     * minute for {@code insufficient_quota}) before it gives up.
     */
    COPILOT("copilot", "copilot", "gpt-5.4", Api.OPENAI_CHAT, "authorization", "Bearer sk-mock-copilot") {
        @Override
        Map<String, String> pointAt(URI base, Path home) {
            return Map.of("COPILOT_PROVIDER_BASE_URL", base + "/v1", "COPILOT_PROVIDER_API_KEY", apiKey,
                    "COPILOT_PROVIDER_TYPE", "openai", "COPILOT_OFFLINE", "true");
        }
    };

    final String harnessId;
    final String binary;
    final String model;
    final Api api;
    /** The request header that carries the key, and its expected value. */
    final String keyHeader;
    final String keyHeaderValue;
    final String apiKey;

    RealCli(String harnessId, String binary, String model, Api api, String keyHeader, String keyHeaderValue) {
        this.harnessId = harnessId;
        this.binary = binary;
        this.model = model;
        this.api = api;
        this.keyHeader = keyHeader;
        this.keyHeaderValue = keyHeaderValue;
        this.apiKey = keyHeaderValue.startsWith("Bearer ") ? keyHeaderValue.substring(7) : keyHeaderValue;
    }

    /** Writes the CLI's config into {@code home} for the mock at {@code base}; returns the route's env. */
    abstract Map<String, String> pointAt(URI base, Path home);

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
