package io.harnessrouter.plugins.opencode;

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

class OpencodeProbeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path bin;

    @Test
    void readsTheVersion() {
        assertEquals(Optional.of("1.18.33"), OpencodeProbe.parseVersion("1.18.33\n"));
        assertEquals(Optional.empty(), OpencodeProbe.parseVersion("opencode"));
    }

    @Test
    void countsAProviderKeyAsAuthenticatedWithoutItsValue() {
        try (TestHarnessContext ctx = OpencodeTestSupport.contextWithFake(bin,
                Map.of("ANTHROPIC_API_KEY", "sk-ant-secret"))) {
            ProbeReport r = new OpencodeProbe(ctx).check(Optional.empty(), TIMEOUT);

            assertTrue(r.ready());
            assertEquals(Optional.of(bin.resolve("opencode")), r.path());
            assertEquals(Optional.of("1.18.33"), r.version());
            assertEquals(AuthState.AUTHENTICATED, r.auth());
            assertEquals("opencode 1.18.33 at " + bin.resolve("opencode") + "; auth: ANTHROPIC_API_KEY is set", r.detail());
            assertEquals(List.of(OpencodeProbe.MODEL_STEP), r.nextSteps());
            assertFalse(r.toString().contains("sk-ant-secret"));
        }
    }

    @Test
    void saysTheLoginStateIsUnknownWithoutAKeyAndSuggestsPrintLogs() {
        try (TestHarnessContext ctx = OpencodeTestSupport.contextWithFake(bin, Map.of())) {
            ProbeReport r = new OpencodeProbe(ctx).check(Optional.of("opencode"), TIMEOUT);

            assertTrue(r.ready());
            assertEquals(AuthState.UNKNOWN, r.auth());
            assertTrue(r.detail().endsWith("; auth: no provider key variable is set; `opencode providers login`"
                    + " credentials are not checked"), r.detail());
            assertEquals(List.of(OpencodeProbe.LOGIN_STEP, OpencodeProbe.MODEL_STEP), r.nextSteps());
            assertTrue(OpencodeProbe.MODEL_STEP.contains("provider/model")
                    && OpencodeProbe.MODEL_STEP.contains("--print-logs"), OpencodeProbe.MODEL_STEP);
        }
    }

    @Test
    void reportsAMissingBinaryWithTheInstallCommand() {
        try (TestHarnessContext ctx = OpencodeTestSupport.contextWithFake(bin, Map.of())) {
            ProbeReport r = new OpencodeProbe(ctx).check(Optional.of("no-such-opencode-here"), TIMEOUT);

            assertFalse(r.installed());
            assertEquals(List.of(OpencodeDispatcher.INSTALL_COMMAND, OpencodeProbe.LOGIN_STEP, OpencodeProbe.MODEL_STEP),
                    r.nextSteps());
            assertTrue(r.detail().startsWith("opencode CLI not found on PATH (looked for 'no-such-opencode-here')"),
                    r.detail());
        }
    }

    @Test
    void reportsABinaryThatDoesNotAnswerVersion() throws Exception {
        try (TestHarnessContext ctx = OpencodeTestSupport.contextWithFake(bin, Map.of())) {
            Path broken = bin.resolve("broken-opencode");
            java.nio.file.Files.writeString(broken, "#!/bin/sh\necho 'segfault' >&2\nexit 139\n");
            broken.toFile().setExecutable(true);

            ProbeReport r = new OpencodeProbe(ctx).check(Optional.of(broken.toString()), TIMEOUT);

            assertFalse(r.installed());
            assertEquals("opencode at " + broken + " did not answer --version: exit code 139, output: segfault"
                    + "; auth: no provider key variable is set; `opencode providers login` credentials are not checked",
                    r.detail());
        }
    }
}
