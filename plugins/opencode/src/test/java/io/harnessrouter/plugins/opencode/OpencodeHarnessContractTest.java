package io.harnessrouter.plugins.opencode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.harnessrouter.api.Harness;
import io.harnessrouter.api.RouteSpec;
import io.harnessrouter.api.testkit.FakeClis;
import io.harnessrouter.api.testkit.HarnessContractTest;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpencodeHarnessContractTest extends HarnessContractTest {

    @Override
    protected Harness harness() {
        return new OpencodeHarness();
    }

    /** The test kit's fake opencode in {@code mode}, plus these variables (name, value, ...). */
    private RouteSpec fake(Path dir, String mode, String... env) {
        RouteSpec.Builder b = route(FakeClis.install("opencode", dir).toString()).toBuilder()
                .cliModel("anthropic/claude-sonnet-4-5")
                .env("FAKE_OPENCODE_MODE", mode);
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
        return Optional.of(new HangScenario(fake(dir, "hang", "FAKE_OPENCODE_PIDFILE", pidFile.toString()),
                Optional.of(pidFile)));
    }

    @Test
    void namesItselfAsTheConfigurationDocumentsIt() {
        Harness h = harness();
        assertEquals("opencode", h.id());
        assertEquals("opencode", h.displayName());
        assertEquals(Optional.of("opencode"), h.defaultCommand());
    }
}
