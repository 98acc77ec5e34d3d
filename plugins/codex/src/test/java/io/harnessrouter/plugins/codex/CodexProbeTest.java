package io.harnessrouter.plugins.codex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.ProbeReport;
import io.harnessrouter.api.ProbeReport.AuthState;
import io.harnessrouter.api.testkit.TestHarnessContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;

class CodexProbeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path bin;

    @Test
    void readsTheVersionOfCodexCli() {
        assertEquals(Optional.of("0.169.0"), CodexProbe.parseVersion("codex-cli 0.169.0"));
        assertEquals(Optional.empty(), CodexProbe.parseVersion("codex-cli"));
    }

    @Test
    void reportsAnApiKeyLoginWithoutTheMaskedKey() {
        try (TestHarnessContext ctx = CodexTestSupport.contextWithFake(bin, Map.of())) {
            ProbeReport r = new CodexProbe(ctx).check(Optional.empty(), TIMEOUT);

            assertTrue(r.ready());
            assertEquals(Optional.of(bin.resolve("codex")), r.path());
            assertEquals(Optional.of("0.169.0"), r.version());
            assertEquals(AuthState.AUTHENTICATED, r.auth());
            assertEquals("codex 0.169.0 at " + bin.resolve("codex")
                    + "; auth: Logged in using an API key (codex login status)", r.detail());
            assertEquals(List.of(), r.nextSteps());
            assertFalse(r.toString().contains("sk-proj"));
        }
    }

    @Test
    void reportsAChatGptLogin() {
        try (TestHarnessContext ctx = CodexTestSupport.contextWithFake(bin, Map.of("FAKE_CODEX_LOGIN", "chatgpt"))) {
            ProbeReport r = new CodexProbe(ctx).check(Optional.of("codex"), TIMEOUT);

            assertEquals(AuthState.AUTHENTICATED, r.auth());
            assertTrue(r.detail().endsWith("; auth: Logged in using ChatGPT (codex login status)"), r.detail());
        }
    }

    @Test
    void reportsNotLoggedInWithTheStepAndWhyOpenAiApiKeyIsNotEnough() {
        try (TestHarnessContext ctx = CodexTestSupport.contextWithFake(bin, Map.of("FAKE_CODEX_LOGIN", "none",
                "OPENAI_API_KEY", "sk-not-sent"))) {
            ProbeReport r = new CodexProbe(ctx).check(Optional.empty(), TIMEOUT);

            assertTrue(r.installed());
            assertEquals(AuthState.NOT_AUTHENTICATED, r.auth());
            assertEquals(List.of(CodexProbe.LOGIN_STEP), r.nextSteps());
            assertTrue(r.detail().endsWith("; auth: codex login status: Not logged in (OPENAI_API_KEY is set, but codex"
                    + " does not send it: set CODEX_API_KEY or run codex login)"), r.detail());
            assertFalse(r.toString().contains("sk-not-sent"));
        }
    }

    @Test
    void countsCodexApiKeyAsAuthenticatedWithoutAskingCodex() {
        try (TestHarnessContext ctx = CodexTestSupport.contextWithFake(bin, Map.of("FAKE_CODEX_LOGIN", "none",
                "CODEX_API_KEY", "sk-secret-value"))) {
            ProbeReport r = new CodexProbe(ctx).check(Optional.empty(), TIMEOUT);

            assertEquals(AuthState.AUTHENTICATED, r.auth());
            assertTrue(r.detail().endsWith("; auth: CODEX_API_KEY is set"), r.detail());
            assertFalse(r.toString().contains("sk-secret-value"));
        }
    }

    @Test
    void reportsAMissingBinaryWithTheInstallCommand() {
        try (TestHarnessContext ctx = CodexTestSupport.contextWithFake(bin, Map.of())) {
            ProbeReport r = new CodexProbe(ctx).check(Optional.of("no-such-codex-here"), TIMEOUT);

            assertFalse(r.installed());
            assertEquals(List.of(CodexDispatcher.INSTALL_COMMAND, CodexProbe.LOGIN_STEP), r.nextSteps());
            assertTrue(r.detail().startsWith("codex CLI not found on PATH (looked for 'no-such-codex-here')"), r.detail());
        }
    }
}
