package io.harnessrouter.host.onboard;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The metered APIs onboard offers as a fallback when their key variable is set, with the models
 * each serves (the npm wizard's table). The config gets {@code api_key: ${VAR}}, never the value.
 */
public enum MeteredProvider {
    ANTHROPIC("anthropic", "ANTHROPIC_API_KEY", "https://api.anthropic.com/v1", Pattern.compile(".*claude.*")),
    OPENAI("openai", "OPENAI_API_KEY", "https://api.openai.com/v1", Pattern.compile("(gpt-|o\\d|chatgpt-|codex).*")),
    GOOGLE("google", "GEMINI_API_KEY", "https://generativelanguage.googleapis.com/v1beta/openai",
            Pattern.compile("(gemini|gemma).*"));

    private final String provider;
    private final String envVar;
    private final String baseUrl;
    private final Pattern models;

    MeteredProvider(String provider, String envVar, String baseUrl, Pattern models) {
        this.provider = provider;
        this.envVar = envVar;
        this.baseUrl = baseUrl;
        this.models = models;
    }

    /** The provider prefix opencode wants in its {@code provider/model}. */
    public String provider() {
        return provider;
    }

    public String envVar() {
        return envVar;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Whether this API serves {@code model} (matched on the name after any {@code provider/}). */
    public boolean serves(String model) {
        String name = model.substring(model.indexOf('/') + 1).toLowerCase(Locale.ROOT);
        return models.matcher(name).matches();
    }

    /** The provider whose key variable is {@code envVar}. */
    public static Optional<MeteredProvider> byEnvVar(String envVar) {
        return Arrays.stream(values()).filter(p -> p.envVar.equals(envVar)).findFirst();
    }

    /** The first provider serving {@code model}. */
    public static Optional<MeteredProvider> forModel(String model) {
        return Arrays.stream(values()).filter(p -> p.serves(model)).findFirst();
    }
}
