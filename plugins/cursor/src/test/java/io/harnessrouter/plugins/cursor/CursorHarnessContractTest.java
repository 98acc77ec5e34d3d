package io.harnessrouter.plugins.cursor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.harnessrouter.api.Harness;
import io.harnessrouter.api.testkit.HarnessContractTest;
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
}
