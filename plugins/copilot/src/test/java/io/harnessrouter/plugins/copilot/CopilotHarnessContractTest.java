package io.harnessrouter.plugins.copilot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.harnessrouter.api.Harness;
import io.harnessrouter.api.RouteSpec;
import io.harnessrouter.api.testkit.FakeClis;
import io.harnessrouter.api.testkit.HarnessContractTest;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CopilotHarnessContractTest extends HarnessContractTest {

    @Override
    protected Harness harness() {
        return new CopilotHarness();
    }

    @Test
    void namesItselfAsTheConfigurationDocumentsIt() {
        Harness h = harness();
        assertEquals("copilot", h.id());
        assertEquals("GitHub Copilot CLI", h.displayName());
        assertEquals(Optional.of("copilot"), h.defaultCommand());
    }

    /** The kit's timeout check: the fake copilot hangs with a background child, which must die too. */
    @Override
    protected Optional<HangScenario> hangingRoute(Path dir) {
        Path pidFile = dir.resolve("child.pid");
        RouteSpec hanging = route(FakeClis.install("copilot", dir).toString()).toBuilder()
                .env("FAKE_COPILOT_MODE", "hang").env("FAKE_COPILOT_PIDFILE", pidFile.toString())
                .env("COPILOT_GITHUB_TOKEN", CopilotTestSupport.TOKEN).build();
        return Optional.of(new HangScenario(hanging, Optional.of(pidFile)));
    }
}
