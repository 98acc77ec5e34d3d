package io.harnessrouter.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DispatchEventTest {

    @Test
    void aToolResultIsTypedToolResultAndKeepsItsOutput() {
        DispatchEvent.ToolResult r = new DispatchEvent.ToolResult("Bash", "2 passed", false);

        assertEquals("tool_result", r.type());
        assertEquals("Bash", r.toolName());
        assertEquals("2 passed", r.output());
    }

    @Test
    void aToolResultWithoutAToolNameHasAnEmptyOneButNeedsItsOutput() {
        assertEquals("", new DispatchEvent.ToolResult(null, "x", true).toolName());
        assertThrows(NullPointerException.class, () -> new DispatchEvent.ToolResult("Bash", null, false));
    }
}
