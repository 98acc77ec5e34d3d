package io.harnessrouter.api.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
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
    void keepsTheHeadAndTheTailCutOnCharacterBoundariesAndCountsTheMiddle() {
        StreamCollector c = collect("ab✓cd✓e", 6, new ArrayList<>());

        assertTrue(c.truncated());
        assertEquals("ab\n[output truncated: 8 of 11 bytes omitted; kept the first 2 and the last 1]\ne", c.text());
        assertEquals(new ProcessOutcome.CaptureSize(3, 11), c.capture().size());
    }

    @Test
    void keepsAStreamThatFitsTheCapWholeEvenPastHalfOfIt() {
        StreamCollector c = collect("0123456789", 10, new ArrayList<>());

        assertFalse(c.truncated());
        assertEquals("0123456789", c.text());
        assertEquals(new ProcessOutcome.CaptureSize(10, 10), c.capture().size());
    }

    @Test
    void keepsTheLastBytesWhenTheTailWrapsAroundManySmallReads() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            sb.append("line ").append(i).append('\n');
        }
        String all = sb.toString();
        byte[] bytes = all.getBytes(StandardCharsets.UTF_8);
        InputStream trickle = new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 7));
            }
        };
        StreamCollector c = new StreamCollector(trickle, 100, line -> { });
        c.run();

        String head = all.substring(0, 50);
        String tail = all.substring(all.length() - 50);
        assertEquals(head + "\n[output truncated: " + (bytes.length - 100) + " of " + bytes.length
                + " bytes omitted; kept the first 50 and the last 50]\n" + tail, c.text());
        assertTrue(c.text().endsWith("line 999\n"));
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
