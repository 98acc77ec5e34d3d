package io.harnessrouter.plugins.claudecode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.harnessrouter.api.Harness;
import io.harnessrouter.api.testkit.HarnessContractTest;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClaudeCodeHarnessContractTest extends HarnessContractTest {

    @Override
    protected Harness harness() {
        return new ClaudeCodeHarness();
    }

    @Test
    void namesItselfLikeTheNpmRouterDid() {
        Harness h = harness();
        assertEquals("claude_code", h.id());
        assertEquals("Claude Code CLI", h.displayName());
        assertEquals(Optional.of("claude"), h.defaultCommand());
    }
}
