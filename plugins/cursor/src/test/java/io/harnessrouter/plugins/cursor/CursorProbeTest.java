package io.harnessrouter.plugins.cursor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.ProbeReport;
import io.harnessrouter.api.ProbeReport.AuthState;
import io.harnessrouter.api.testkit.TestHarnessContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CursorProbeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String NOTE = "; cursor: built from Cursor's docs; not verified against a real binary";

    @TempDir
    Path bin;

    @Test
    void readsADottedVersion() {
        assertEquals(Optional.of("2025.11.25-d5b3271"), CursorProbe.parseVersion("2025.11.25-d5b3271"));
        assertEquals(Optional.of("1.2.3"), CursorProbe.parseVersion("cursor-agent 1.2.3"));
        assertEquals(Optional.empty(), CursorProbe.parseVersion("agent"));
    }

    @Test
    void reportsTheVersionAndALoginWithoutTheAccountItShows() {
        try (TestHarnessContext ctx = CursorTestSupport.contextWithFake(bin, Map.of())) {
            ProbeReport r = new CursorProbe(ctx).check(Optional.of("agent"), TIMEOUT);

            assertTrue(r.ready());
            assertEquals(Optional.of(bin.resolve("agent")), r.path());
            assertEquals(Optional.of("2025.11.25-d5b3271"), r.version());
            assertEquals(AuthState.AUTHENTICATED, r.auth());
            assertEquals("agent 2025.11.25-d5b3271 at " + bin.resolve("agent") + "; auth: `agent status` says logged in"
                    + NOTE, r.detail());
            assertEquals(List.of(), r.nextSteps());
            assertFalse(r.toString().contains("dev@example.com"));
        }
    }

    @Test
    void reportsNotLoggedInWithTheLoginStep() {
        try (TestHarnessContext ctx = CursorTestSupport.contextWithFake(bin, Map.of("FAKE_CURSOR_STATUS", "none"))) {
            ProbeReport r = new CursorProbe(ctx).check(Optional.empty(), TIMEOUT);

            assertTrue(r.installed());
            assertEquals(AuthState.NOT_AUTHENTICATED, r.auth());
            assertEquals(List.of(CursorProbe.LOGIN_STEP), r.nextSteps());
            assertTrue(r.detail().endsWith("; auth: `agent status` says not logged in" + NOTE), r.detail());
        }
    }

    @Test
    void leavesAStatusItCannotReadUnknown() {
        try (TestHarnessContext ctx = CursorTestSupport.contextWithFake(bin, Map.of("FAKE_CURSOR_STATUS", "odd"))) {
            ProbeReport r = new CursorProbe(ctx).check(Optional.empty(), TIMEOUT);

            assertEquals(AuthState.UNKNOWN, r.auth());
            assertTrue(r.detail().endsWith("; auth: `agent status` did not tell (exit code 0); the live probe will tell"
                    + NOTE), r.detail());
        }
    }

    @Test
    void countsCursorApiKeyAsAuthenticatedWithoutAskingTheCli() {
        try (TestHarnessContext ctx = CursorTestSupport.contextWithFake(bin, Map.of("FAKE_CURSOR_STATUS", "none",
                "CURSOR_API_KEY", "key-secret-value"))) {
            ProbeReport r = new CursorProbe(ctx).check(Optional.empty(), TIMEOUT);

            assertEquals(AuthState.AUTHENTICATED, r.auth());
            assertTrue(r.detail().endsWith("; auth: CURSOR_API_KEY is set" + NOTE), r.detail());
            assertFalse(r.toString().contains("key-secret-value"));
        }
    }

    @Test
    void findsTheOlderCursorAgentBinaryWhenAgentIsMissing() throws IOException {
        Path dir = Files.createDirectory(bin.resolve("bin"));
        try (TestHarnessContext ctx = CursorTestSupport.contextWithOldNameOnly(dir, Map.of())) {
            ProbeReport r = new CursorProbe(ctx).check(Optional.of("agent"), TIMEOUT);

            assertTrue(r.ready());
            assertEquals(Optional.of(dir.resolve("cursor-agent")), r.path());
            assertEquals("cursor-agent 2025.11.25-d5b3271 at " + dir.resolve("cursor-agent")
                    + "; auth: `cursor-agent status` says logged in" + NOTE, r.detail());
        }
    }

    @Test
    void reportsAMissingBinaryWithTheInstallCommandAndTheNote() {
        try (TestHarnessContext ctx = TestHarnessContext.builder().env("PATH", bin.toString())
                .withoutEnv("CURSOR_API_KEY").build()) {
            ProbeReport r = new CursorProbe(ctx).check(Optional.of("agent"), TIMEOUT);

            assertFalse(r.installed());
            assertEquals(AuthState.UNKNOWN, r.auth());
            assertEquals(List.of(CursorDispatcher.INSTALL_COMMAND, CursorProbe.LOGIN_STEP), r.nextSteps());
            assertEquals("Cursor CLI not found on PATH (looked for 'agent' and 'cursor-agent'); auth: no CURSOR_API_KEY"
                    + " and cannot run `status`" + NOTE, r.detail());
        }
    }
}
