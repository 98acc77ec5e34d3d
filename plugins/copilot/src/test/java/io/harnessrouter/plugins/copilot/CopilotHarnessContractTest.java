package io.harnessrouter.plugins.copilot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.harnessrouter.api.Harness;
import io.harnessrouter.api.testkit.HarnessContractTest;
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
}
