package io.harnessrouter.plugins.copilot;

import io.harnessrouter.api.testkit.FakeClis;
import io.harnessrouter.api.testkit.TestHarnessContext;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds contexts with the fake copilot first on PATH and none of the developer's own settings. */
final class CopilotTestSupport {

    /** The OAuth-style token the tests give copilot unless they say otherwise. */
    static final String TOKEN = "gho_faketoken0123456789";

    /** Variables a developer machine may set that would change what the tests see. */
    static final List<String> SCRUBBED = List.of("FAKE_COPILOT_MODE", "FAKE_COPILOT_ANSWER",
            "FAKE_COPILOT_UNKNOWN_FLAG", "FAKE_COPILOT_ARGV_LOG", "FAKE_COPILOT_ENV_LOG", "FAKE_COPILOT_PROMPT_LOG",
            "FAKE_COPILOT_PIDFILE", "FAKE_COPILOT_LOGIN", "COPILOT_GITHUB_TOKEN", "GH_TOKEN", "GITHUB_TOKEN",
            "COPILOT_PROVIDER_BASE_URL", "COPILOT_PROVIDER_API_KEY", "COPILOT_PROVIDER_TYPE",
            "COPILOT_PROVIDER_WIRE_API", "COPILOT_HOME", "COPILOT_MODEL", "COPILOT_ALLOW_ALL", "COPILOT_OFFLINE");

    private CopilotTestSupport() {
    }

    /** The fake on PATH, {@code COPILOT_GITHUB_TOKEN} set to {@link #TOKEN}, plus {@code env}. */
    static TestHarnessContext contextWithFake(Path bin, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(Map.of("COPILOT_GITHUB_TOKEN", TOKEN));
        all.putAll(env);
        return FakeClis.contextWithFake("copilot", bin, SCRUBBED, all);
    }

    /** The fake on PATH with no credentials but {@code env}. */
    static TestHarnessContext contextWithoutToken(Path bin, Map<String, String> env) {
        return FakeClis.contextWithFake("copilot", bin, SCRUBBED, env);
    }
}
