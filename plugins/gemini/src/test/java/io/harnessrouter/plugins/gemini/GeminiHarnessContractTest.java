package io.harnessrouter.plugins.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.harnessrouter.api.Harness;
import io.harnessrouter.api.RouteSpec;
import io.harnessrouter.api.testkit.FakeClis;
import io.harnessrouter.api.testkit.HarnessContractTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GeminiHarnessContractTest extends HarnessContractTest {

    @Override
    protected Harness harness() {
        return new GeminiHarness();
    }

    /** The test kit's fake gemini in {@code mode}, plus these variables (name, value, ...). */
    private RouteSpec fake(Path dir, String mode, String... env) {
        RouteSpec.Builder b = route(FakeClis.install("gemini", dir).toString()).toBuilder()
                .env("FAKE_GEMINI_MODE", mode).env("GEMINI_API_KEY", "contract-test-key");
        for (int i = 0; i + 1 < env.length; i += 2) {
            b.env(env[i], env[i + 1]);
        }
        return b.build();
    }

    @Override
    protected Optional<RouteSpec> streamingRoute(Path dir) {
        return Optional.of(fake(dir, "ok"));
    }

    @Override
    protected Optional<HangScenario> hangingRoute(Path dir) {
        Path pidFile = dir.resolve("child.pid");
        return Optional.of(new HangScenario(fake(dir, "hang", "FAKE_GEMINI_PIDFILE", pidFile.toString()),
                Optional.of(pidFile)));
    }

    @Test
    void namesItselfAsTheConfigurationDocumentsIt() {
        Harness h = harness();
        assertEquals("gemini_cli", h.id());
        assertEquals(List.of("gemini"), h.aliases());
        assertEquals("Google Gemini CLI", h.displayName());
        assertEquals(Optional.of("gemini"), h.defaultCommand());
    }
}
