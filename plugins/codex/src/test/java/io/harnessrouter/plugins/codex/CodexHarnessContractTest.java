package io.harnessrouter.plugins.codex;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.harnessrouter.api.Harness;
import io.harnessrouter.api.testkit.HarnessContractTest;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CodexHarnessContractTest extends HarnessContractTest {

    @Override
    protected Harness harness() {
        return new CodexHarness();
    }

    @Test
    void namesItselfAsTheConfigurationDocumentsIt() {
        Harness h = harness();
        assertEquals("codex", h.id());
        assertEquals("OpenAI Codex CLI", h.displayName());
        assertEquals(Optional.of("codex"), h.defaultCommand());
    }
}
