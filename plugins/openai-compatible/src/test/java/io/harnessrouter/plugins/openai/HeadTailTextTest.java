package io.harnessrouter.plugins.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HeadTailTextTest {

    @Test
    void keepsATextThatFitsWhole() {
        HeadTailText t = new HeadTailText(3, 3);
        t.append("abc");
        t.append("def");

        assertEquals("abcdef", t.text());
        assertFalse(t.truncated());
        assertEquals(6, t.total());
    }

    @Test
    void keepsTheHeadAndTheTailOfALongerTextAndSaysWhatWasDropped() {
        HeadTailText t = new HeadTailText(3, 4);
        for (String piece : new String[] {"ab", "cdefghij", "klmnopqrs", "tuvwxyz"}) {
            t.append(piece);
        }

        assertTrue(t.truncated());
        assertEquals(26, t.total());
        assertEquals("abc\n\n[harness-router: answer truncated — 19 of 26 characters dropped; kept the first 3 and"
                + " the last 4]\n\nwxyz", t.text());
    }

    @Test
    void keepsTheTailBoundedHoweverManyPiecesArrive() {
        HeadTailText t = new HeadTailText(2, 2);
        for (int i = 0; i < 100_000; i++) {
            t.append("0123456789");
        }

        assertEquals("01\n\n[harness-router: answer truncated — 999996 of 1000000 characters dropped; kept the first"
                + " 2 and the last 2]\n\n89", t.text());
    }

    @Test
    void neverSplitsASurrogatePair() {
        String face = "\uD83D\uDE00"; // one emoji, two chars
        HeadTailText t = new HeadTailText(2, 2);
        t.append("a" + face + "bcd" + face + "e");

        String text = t.text();
        assertEquals("a", text.substring(0, text.indexOf('\n')));
        assertTrue(text.endsWith("\n\n" + "e"), text);
        text.codePoints().forEach(cp -> assertFalse(Character.isSurrogate((char) cp) && cp < 0x10000,
                "a lone surrogate in " + text));
    }
}
