package io.harnessrouter.host.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StyleTest {

    @Test
    void colourOnlyOnATerminalThatAllowsIt() {
        assertEquals(Style.COLOUR, Style.detect(true, Map.of()));
        assertEquals(Style.PLAIN, Style.detect(false, Map.of()));
        assertEquals(Style.PLAIN, Style.detect(true, Map.of("NO_COLOR", "")));
        assertEquals(Style.PLAIN, Style.detect(true, Map.of("TERM", "dumb")));
    }

    @Test
    void testsRunWithStdoutPipedSoDetectionPicksPlain() {
        assertEquals(Style.PLAIN, Style.detect(Map.of()));
    }

    @Test
    void plainMarksAreBareAndColouredOnesAreWrappedInAnsiCodes() {
        assertEquals("✓ ✗ - →", Style.PLAIN.ok() + " " + Style.PLAIN.fail() + " " + Style.PLAIN.neutral() + " "
                + Style.PLAIN.next());
        assertEquals("\u001b[32m✓\u001b[0m", Style.COLOUR.ok());
        assertEquals("\u001b[31m✗\u001b[0m", Style.COLOUR.fail());
        assertEquals("\u001b[1mRoutes:\u001b[0m", Style.COLOUR.heading("Routes:"));
    }
}
