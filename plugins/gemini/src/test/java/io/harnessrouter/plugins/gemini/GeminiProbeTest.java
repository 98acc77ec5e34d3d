package io.harnessrouter.plugins.gemini;

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

class GeminiProbeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path bin;

    @Test
    void readsTheVersion() {
        assertEquals(Optional.of("0.61.0"), GeminiProbe.parseVersion("0.61.0\n"));
        assertEquals(Optional.empty(), GeminiProbe.parseVersion("gemini"));
    }

    @Test
    void reportsTheVersionAndAnApiKeyWithoutItsValue() {
        try (TestHarnessContext ctx = GeminiTestSupport.contextWithFake(bin, Map.of("GEMINI_API_KEY", "AIza-secret"))) {
            ProbeReport r = new GeminiProbe(ctx).check(Optional.empty(), TIMEOUT);

            assertTrue(r.ready());
            assertEquals(Optional.of(bin.resolve("gemini")), r.path());
            assertEquals(Optional.of("0.61.0"), r.version());
            assertEquals(AuthState.AUTHENTICATED, r.auth());
            assertEquals("gemini 0.61.0 at " + bin.resolve("gemini") + "; auth: GEMINI_API_KEY is set", r.detail());
            assertEquals(List.of(), r.nextSteps());
            assertFalse(r.toString().contains("AIza-secret"));
        }
    }

    @Test
    void countsVertexAiWithAProjectAndLocationAsAuthenticated() {
        try (TestHarnessContext ctx = GeminiTestSupport.contextWithFake(bin, Map.of("GOOGLE_GENAI_USE_VERTEXAI", "true",
                "GOOGLE_CLOUD_PROJECT", "p", "GOOGLE_CLOUD_LOCATION", "us-central1"))) {
            ProbeReport r = new GeminiProbe(ctx).check(Optional.of("gemini"), TIMEOUT);

            assertEquals(AuthState.AUTHENTICATED, r.auth());
            assertTrue(r.detail().endsWith("; auth: Vertex AI (GOOGLE_GENAI_USE_VERTEXAI=true with GOOGLE_CLOUD_PROJECT"
                    + " and GOOGLE_CLOUD_LOCATION)"), r.detail());
        }
    }

    @Test
    void namesTheAuthTypeTheSettingsSelectAsUnknownUntilTheLiveProbe() throws IOException {
        Files.createDirectories(bin.resolve(".gemini"));
        Files.writeString(bin.resolve(".gemini/settings.json"), "{\"security\":{\"auth\":{\"selectedType\":\"oauth-personal\"}}}");
        try (TestHarnessContext ctx = GeminiTestSupport.contextWithFake(bin, Map.of())) {
            ProbeReport r = new GeminiProbe(ctx).check(Optional.empty(), TIMEOUT);

            assertEquals(AuthState.UNKNOWN, r.auth());
            assertTrue(r.detail().endsWith("; auth: " + bin.resolve(".gemini/settings.json")
                    + " selects auth type oauth-personal; the live probe will tell"), r.detail());
            assertEquals(List.of(GeminiProbe.LOGIN_STEP), r.nextSteps());
        }
    }

    @Test
    void saysWhatItLookedForWhenNothingIsSet() {
        try (TestHarnessContext ctx = GeminiTestSupport.contextWithFake(bin, Map.of())) {
            ProbeReport r = new GeminiProbe(ctx).check(Optional.empty(), TIMEOUT);

            assertTrue(r.installed());
            assertEquals(AuthState.UNKNOWN, r.auth());
            assertTrue(r.detail().endsWith("; auth: no GEMINI_API_KEY, no GOOGLE_GENAI_USE_VERTEXAI or"
                    + " GOOGLE_GENAI_USE_GCA and no security.auth.selectedType in " + bin.resolve(".gemini/settings.json")
                    + "; the live probe will tell"), r.detail());
            assertEquals(List.of(GeminiProbe.LOGIN_STEP), r.nextSteps());
        }
    }

    @Test
    void reportsAMissingBinaryWithTheInstallCommand() {
        try (TestHarnessContext ctx = GeminiTestSupport.contextWithFake(bin, Map.of())) {
            ProbeReport r = new GeminiProbe(ctx).check(Optional.of("no-such-gemini-here"), TIMEOUT);

            assertFalse(r.installed());
            assertEquals(List.of(GeminiDispatcher.INSTALL_COMMAND, GeminiProbe.LOGIN_STEP), r.nextSteps());
            assertTrue(r.detail().startsWith("gemini CLI not found on PATH (looked for 'no-such-gemini-here')"), r.detail());
        }
    }
}
