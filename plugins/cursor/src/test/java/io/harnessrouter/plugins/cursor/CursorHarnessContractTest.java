package io.harnessrouter.plugins.cursor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.harnessrouter.api.Harness;
import io.harnessrouter.api.RouteSpec;
import io.harnessrouter.api.testkit.FakeClis;
import io.harnessrouter.api.testkit.HarnessContractTest;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CursorHarnessContractTest extends HarnessContractTest {

    @Override
    protected Harness harness() {
        return new CursorHarness();
    }

    @Test
    void namesItselfAsTheConfigurationDocumentsIt() {
        Harness h = harness();
        assertEquals("cursor", h.id());
        assertEquals("Cursor CLI", h.displayName());
        assertEquals(Optional.of("agent"), h.defaultCommand());
    }

    /** The kit's timeout check: the fake agent hangs with a background child, which must die too. */
    @Override
    protected Optional<HangScenario> hangingRoute(Path dir) {
        Path pidFile = dir.resolve("child.pid");
        RouteSpec hanging = route(FakeClis.install("agent", dir).toString()).toBuilder()
                .env("FAKE_CURSOR_MODE", "hang").env("FAKE_CURSOR_PIDFILE", pidFile.toString()).build();
        return Optional.of(new HangScenario(hanging, Optional.of(pidFile)));
    }
}
