package io.harnessrouter.api.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamCollectorTest {

    @Test
    void splitsAnOverlongLineIntoPiecesWithoutBreakingACharacter() {
        String line = "a" + "é".repeat(600_000);
        List<String> pieces = new ArrayList<>();
        StreamCollector c = collect(line + "\nnext", Integer.MAX_VALUE, pieces);

        assertEquals(3, pieces.size());
        assertEquals(StreamCollector.MAX_LINE_BYTES - 1, pieces.get(0).getBytes(StandardCharsets.UTF_8).length);
        assertEquals(line, pieces.get(0) + pieces.get(1));
        assertEquals("next", pieces.get(2));
        assertFalse(String.join("", pieces).contains("\uFFFD"));
        assertFalse(c.truncated());
    }

    @Test
    void cutsCapturedTextOnACharacterBoundaryAndCountsTheRest() {
        StreamCollector c = collect("ab✓cd", 4, new ArrayList<>());

        assertTrue(c.truncated());
        assertEquals("ab\n[output truncated: 5 more bytes beyond the 4-byte cap]", c.text());
    }

    @Test
    void keepsTheLastLineWithoutANewlineAndStripsCarriageReturns() {
        List<String> lines = new ArrayList<>();
        collect("one\r\ntwo", 100, lines);

        assertEquals(List.of("one", "two"), lines);
    }

    private static StreamCollector collect(String text, int cap, List<String> lines) {
        StreamCollector c = new StreamCollector(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), cap, lines::add);
        c.run();
        return c;
    }
}
