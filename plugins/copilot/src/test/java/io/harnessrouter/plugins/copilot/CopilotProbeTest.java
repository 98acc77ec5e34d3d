package io.harnessrouter.plugins.copilot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.ProbeReport;
import io.harnessrouter.api.ProbeReport.AuthState;
import io.harnessrouter.api.testkit.TestHarnessContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopilotProbeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path bin;

    @Test
    void readsTheVersion() {
        assertEquals(Optional.of("1.0.102"), CopilotProbe.parseVersion("1.0.102\nCommit: 4b1c2d3"));
        assertEquals(Optional.empty(), CopilotProbe.parseVersion("copilot"));
    }

    @Test
    void reportsATokenVariableAsAuthenticatedWithoutItsValue() {
        try (TestHarnessContext ctx = CopilotTestSupport.contextWithFake(bin, Map.of())) {
            ProbeReport r = new CopilotProbe(ctx).check(Optional.empty(), TIMEOUT);

            assertTrue(r.ready());
            assertEquals(Optional.of(bin.resolve("copilot")), r.path());
            assertEquals(Optional.of("1.0.102"), r.version());
            assertEquals(AuthState.AUTHENTICATED, r.auth());
            assertEquals("copilot 1.0.102 at " + bin.resolve("copilot") + "; auth: COPILOT_GITHUB_TOKEN is set",
                    r.detail());
            assertEquals(List.of(), r.nextSteps());
            assertFalse(r.toString().contains(CopilotTestSupport.TOKEN));
        }
    }

    @Test
    void namesTheTokenVariableCopilotWouldUse() {
        try (TestHarnessContext ctx = CopilotTestSupport.contextWithoutToken(bin, Map.of("GITHUB_TOKEN", "gho_b",
                "GH_TOKEN", "gho_a"))) {
            ProbeReport r = new CopilotProbe(ctx).check(Optional.of("copilot"), TIMEOUT);

            assertEquals(AuthState.AUTHENTICATED, r.auth());
            assertTrue(r.detail().endsWith("; auth: GH_TOKEN is set"), r.detail());
        }
    }

    @Test
    void reportsAClassicTokenAsNotAuthenticatedWithTheStep() {
        try (TestHarnessContext ctx = CopilotTestSupport.contextWithoutToken(bin, Map.of("GH_TOKEN", "ghp_classic9"))) {
            ProbeReport r = new CopilotProbe(ctx).check(Optional.empty(), TIMEOUT);

            assertFalse(r.ready());
            assertEquals(AuthState.NOT_AUTHENTICATED, r.auth());
            assertTrue(r.detail().endsWith("; auth: GH_TOKEN holds a classic personal access token (ghp_), which"
                    + " copilot refuses"), r.detail());
            assertEquals(List.of(CopilotProbe.PAT_STEP), r.nextSteps());
            assertFalse(r.toString().contains("ghp_classic9"));
        }
    }

    @Test
    void countsAByokProviderAsAuthenticated() {
        try (TestHarnessContext ctx = CopilotTestSupport.contextWithoutToken(bin,
                Map.of("COPILOT_PROVIDER_BASE_URL", "http://127.0.0.1:9/v1"))) {
            ProbeReport r = new CopilotProbe(ctx).check(Optional.empty(), TIMEOUT);

            assertEquals(AuthState.AUTHENTICATED, r.auth());
            assertTrue(r.detail().endsWith("; auth: COPILOT_PROVIDER_BASE_URL is set (a BYOK provider; GitHub auth is"
                    + " skipped)"), r.detail());
        }
    }

    @Test
    void leavesAuthUnknownWithoutTokenVariablesAsAStoredLoginCannotBeChecked() {
        try (TestHarnessContext ctx = CopilotTestSupport.contextWithoutToken(bin, Map.of())) {
            ProbeReport r = new CopilotProbe(ctx).check(Optional.empty(), TIMEOUT);

            assertTrue(r.ready());
            assertEquals(AuthState.UNKNOWN, r.auth());
            assertTrue(r.detail().endsWith("; auth: none of COPILOT_GITHUB_TOKEN, GH_TOKEN, GITHUB_TOKEN is set; a stored"
                    + " `copilot /login` or `gh auth login` cannot be checked offline"), r.detail());
            assertEquals(List.of(CopilotProbe.LOGIN_STEP), r.nextSteps());
        }
    }

    @Test
    void reportsAMissingBinaryWithTheInstallCommand() {
        try (TestHarnessContext ctx = CopilotTestSupport.contextWithoutToken(bin, Map.of())) {
            ProbeReport r = new CopilotProbe(ctx).check(Optional.of("no-such-copilot-here"), TIMEOUT);

            assertFalse(r.installed());
            assertEquals(List.of(CopilotDispatcher.INSTALL_COMMAND, CopilotProbe.LOGIN_STEP), r.nextSteps());
            assertTrue(r.detail().startsWith("copilot CLI not found on PATH (looked for 'no-such-copilot-here')"),
                    r.detail());
        }
    }
}
