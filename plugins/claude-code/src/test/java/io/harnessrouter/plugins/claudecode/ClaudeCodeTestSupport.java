package io.harnessrouter.plugins.claudecode;

import io.harnessrouter.api.testkit.FakeClis;
import io.harnessrouter.api.testkit.TestHarnessContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Builds contexts with the fake claude first on PATH and none of the developer's own settings. */
final class ClaudeCodeTestSupport {

    /** Variables a developer machine may set that would change what the tests see. */
    static final List<String> SCRUBBED = List.of("FAKE_CLAUDE_MODE", "FAKE_CLAUDE_ANSWER", "FAKE_CLAUDE_ARGV_LOG",
            "FAKE_CLAUDE_ENV_LOG", "FAKE_CLAUDE_PIDFILE", "FAKE_CLAUDE_PROMPT_LOG", "FAKE_CLAUDE_HUGE_BYTES", "CLAUDE_CODE_MAX_RETRIES", "ANTHROPIC_API_KEY",
            "ANTHROPIC_AUTH_TOKEN", "CLAUDE_CODE_OAUTH_TOKEN", "CLAUDE_CONFIG_DIR");

    private ClaudeCodeTestSupport() {
    }

    static TestHarnessContext contextWithFake(Path bin, Map<String, String> env) {
        return FakeClis.contextWithFake("claude", bin, SCRUBBED, env);
    }
}
