package io.harnessrouter.plugins.openai;

/**
 * Text appended piece by piece of which at most the first {@code headChars} and the last
 * {@code tailChars} characters are kept, so an answer of any length keeps bounded memory while its
 * opening and its conclusion survive. {@link #text()} puts a note saying what was dropped
 * between them. Never splits a surrogate pair. Not thread-safe (the owner locks).
 */
final class HeadTailText {

    private final int headChars;
    private final int tailChars;
    private final StringBuilder head = new StringBuilder();
    private final StringBuilder tail = new StringBuilder();
    private long total;

    HeadTailText(int headChars, int tailChars) {
        if (headChars < 1 || tailChars < 1) {
            throw new IllegalArgumentException("head and tail must keep at least one character");
        }
        this.headChars = headChars;
        this.tailChars = tailChars;
    }

    void append(String piece) {
        total += piece.length();
        int intoHead = 0;
        if (tail.length() == 0 && head.length() < headChars) {
            intoHead = Math.min(headChars - head.length(), piece.length());
            if (intoHead < piece.length() && intoHead > 0 && Character.isHighSurrogate(piece.charAt(intoHead - 1))) {
                intoHead--; // keep the pair together: it goes to the tail
            }
            head.append(piece, 0, intoHead);
        }
        tail.append(piece, intoHead, piece.length());
        if (tail.length() > 2 * tailChars) {
            trimTail(); // amortised: the tail is cut back only once it doubled
        }
    }

    /** True when characters were dropped. */
    boolean truncated() {
        return total > head.length() + Math.min(tail.length(), tailChars);
    }

    /** How many characters were appended in all. */
    long total() {
        return total;
    }

    /** The whole text, or its head, a note on what was dropped, and its tail. */
    String text() {
        trimTail();
        if (!truncated()) {
            return head.toString() + tail;
        }
        long dropped = total - head.length() - tail.length();
        return head + "\n\n[harness-router: answer truncated — " + dropped + " of " + total
                + " characters dropped; kept the first " + head.length() + " and the last " + tail.length()
                + "]\n\n" + tail;
    }

    private void trimTail() {
        int cut = tail.length() - tailChars;
        if (cut <= 0) {
            return;
        }
        if (Character.isLowSurrogate(tail.charAt(cut))) {
            cut++; // do not start with half a pair
        }
        tail.delete(0, cut);
    }
}
