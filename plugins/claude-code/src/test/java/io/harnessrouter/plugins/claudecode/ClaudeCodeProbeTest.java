package io.harnessrouter.plugins.claudecode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.ProbeReport;
import io.harnessrouter.api.ProbeReport.AuthState;
import io.harnessrouter.api.testkit.TestHarnessContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClaudeCodeProbeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path bin;

    @TempDir
    Path home;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2.1.330 (Claude Code)|2.1.330",
        "claude v1.0|1.0",
        "version 10.20.30-beta|10.20.30",
    })
    void readsTheFirstVersionNumber(String text, String version) {
        assertEquals(Optional.of(version), ClaudeCodeProbe.parseVersion(text));
    }

    @Test
    void findsNoVersionInTextWithoutOne() {
        assertEquals(Optional.empty(), ClaudeCodeProbe.parseVersion("Claude Code"));
    }

    @Test
    void reportsAnInstalledCliWithAnApiKeyAsReadyWithoutShowingTheKey() {
        try (TestHarnessContext ctx = context(Map.of("ANTHROPIC_API_KEY", "sk-ant-secret-value"))) {
            ProbeReport r = new ClaudeCodeProbe(ctx).check(Optional.empty(), TIMEOUT);

            assertTrue(r.installed());
            assertTrue(r.ready());
            assertEquals(Optional.of(bin.resolve("claude")), r.path());
            assertEquals(Optional.of("2.1.330"), r.version());
            assertEquals(AuthState.AUTHENTICATED, r.auth());
            assertEquals("claude 2.1.330 at " + bin.resolve("claude") + "; auth: ANTHROPIC_API_KEY is set", r.detail());
            assertEquals(List.of(), r.nextSteps());
            assertFalse(r.toString().contains("sk-ant-secret-value"));
        }
    }

    @Test
    void countsAStoredLoginAsAuthenticated() throws IOException {
        Path credentials = Files.createDirectories(home.resolve(".claude")).resolve(".credentials.json");
        Files.writeString(credentials, "{}");
        try (TestHarnessContext ctx = context(Map.of())) {
            ProbeReport r = new ClaudeCodeProbe(ctx).check(Optional.of("claude"), TIMEOUT);

            assertEquals(AuthState.AUTHENTICATED, r.auth());
            assertTrue(r.detail().endsWith("; auth: logged in (" + credentials + ")"), r.detail());
        }
    }

    @Test
    void cannotTellTheLoginWithoutCredentialsAndSaysHowToLogIn() {
        try (TestHarnessContext ctx = context(Map.of())) {
            ProbeReport r = new ClaudeCodeProbe(ctx).check(Optional.empty(), TIMEOUT);

            assertEquals(AuthState.UNKNOWN, r.auth());
            assertTrue(r.installed());
            assertEquals(List.of(ClaudeCodeProbe.LOGIN_STEP), r.nextSteps());
            assertTrue(r.detail().contains("no ANTHROPIC_API_KEY, ANTHROPIC_AUTH_TOKEN, CLAUDE_CODE_OAUTH_TOKEN and no "
                    + home.resolve(".claude/.credentials.json")), r.detail());
        }
    }

    @Test
    void reportsAMissingCliWithTheInstallCommandFirst() {
        try (TestHarnessContext ctx = context(Map.of("CLAUDE_CODE_OAUTH_TOKEN", "t"))) {
            ProbeReport r = new ClaudeCodeProbe(ctx).check(Optional.of("claude-nowhere"), TIMEOUT);

            assertFalse(r.installed());
            assertEquals(Optional.empty(), r.path());
            assertEquals("claude CLI not found on PATH (looked for 'claude-nowhere'); auth: CLAUDE_CODE_OAUTH_TOKEN is set",
                    r.detail());
            assertEquals(List.of("npm install -g @anthropic-ai/claude-code"), r.nextSteps());
        }
    }

    @Test
    void reportsABinaryThatDoesNotAnswerVersionAsNotInstalled() throws IOException {
        Path broken = bin.resolve("broken-claude");
        Files.writeString(broken, "#!/bin/sh\necho boom >&2\nexit 1\n");
        Files.setPosixFilePermissions(broken, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (TestHarnessContext ctx = context(Map.of("ANTHROPIC_AUTH_TOKEN", "t"))) {
            ProbeReport r = new ClaudeCodeProbe(ctx).check(Optional.of(broken.toString()), TIMEOUT);

            assertFalse(r.installed());
            assertEquals("claude at " + broken + " did not answer --version: exit code 1, output: boom;"
                    + " auth: ANTHROPIC_AUTH_TOKEN is set", r.detail());
            assertEquals(List.of("reinstall it: npm install -g @anthropic-ai/claude-code"), r.nextSteps());
        }
    }

    private TestHarnessContext context(Map<String, String> env) {
        TestHarnessContext base = ClaudeCodeTestSupport.contextWithFake(bin, Map.of());
        Map<String, String> merged = new java.util.HashMap<>(base.environment());
        base.close();
        merged.put("HOME", home.toString());
        merged.putAll(env);
        return TestHarnessContext.builder().clearEnvironment().env(merged).build();
    }
}
