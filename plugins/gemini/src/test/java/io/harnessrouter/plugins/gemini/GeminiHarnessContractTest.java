package io.harnessrouter.plugins.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.harnessrouter.api.Harness;
import io.harnessrouter.api.testkit.HarnessContractTest;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GeminiHarnessContractTest extends HarnessContractTest {

    @Override
    protected Harness harness() {
        return new GeminiHarness();
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
