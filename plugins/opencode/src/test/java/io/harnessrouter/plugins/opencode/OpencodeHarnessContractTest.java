package io.harnessrouter.plugins.opencode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.harnessrouter.api.Harness;
import io.harnessrouter.api.testkit.HarnessContractTest;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpencodeHarnessContractTest extends HarnessContractTest {

    @Override
    protected Harness harness() {
        return new OpencodeHarness();
    }

    @Test
    void namesItselfAsTheConfigurationDocumentsIt() {
        Harness h = harness();
        assertEquals("opencode", h.id());
        assertEquals("opencode", h.displayName());
        assertEquals(Optional.of("opencode"), h.defaultCommand());
    }
}
