package io.harnessrouter.plugins.codex;

import io.harnessrouter.api.testkit.FakeClis;
import io.harnessrouter.api.testkit.TestHarnessContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Builds contexts with the fake codex first on PATH and none of the developer's own settings. */
final class CodexTestSupport {

    /** Variables a developer machine may set that would change what the tests see. */
    static final List<String> SCRUBBED = List.of("FAKE_CODEX_MODE", "FAKE_CODEX_RESET", "FAKE_CODEX_ANSWER",
            "FAKE_CODEX_ARGV_LOG", "FAKE_CODEX_ENV_LOG", "FAKE_CODEX_PROMPT_LOG", "FAKE_CODEX_PIDFILE",
            "FAKE_CODEX_LOGIN", "CODEX_API_KEY", "OPENAI_API_KEY", "CODEX_HOME");

    private CodexTestSupport() {
    }

    static TestHarnessContext contextWithFake(Path bin, Map<String, String> env) {
        return FakeClis.contextWithFake("codex", bin, SCRUBBED, env);
    }
}
