package io.harnessrouter.plugins.gemini;

import io.harnessrouter.api.testkit.FakeClis;
import io.harnessrouter.api.testkit.TestHarnessContext;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds contexts with the fake gemini first on PATH and none of the developer's own settings. */
final class GeminiTestSupport {

    /** Variables a developer machine may set that would change what the tests see. */
    static final List<String> SCRUBBED = List.of("FAKE_GEMINI_MODE", "FAKE_GEMINI_ANSWER", "FAKE_GEMINI_ARGV_LOG",
            "FAKE_GEMINI_ENV_LOG", "FAKE_GEMINI_PROMPT_LOG", "FAKE_GEMINI_PIDFILE", "GEMINI_API_KEY", "GOOGLE_API_KEY",
            "GOOGLE_GENAI_USE_VERTEXAI", "GOOGLE_GENAI_USE_GCA", "GOOGLE_CLOUD_PROJECT", "GOOGLE_CLOUD_LOCATION",
            "GEMINI_CLI_TRUST_WORKSPACE", "GEMINI_CLI_SYSTEM_DEFAULTS_PATH", "HOME");

    private GeminiTestSupport() {
    }

    /** A context whose HOME is {@code bin} (no settings there) and whose env adds {@code env}. */
    static TestHarnessContext contextWithFake(Path bin, Map<String, String> env) {
        Map<String, String> withHome = new HashMap<>(Map.of("HOME", bin.toString()));
        withHome.putAll(env);
        return FakeClis.contextWithFake("gemini", bin, SCRUBBED, withHome);
    }
}
